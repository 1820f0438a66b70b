#include "store/files/sealed_file.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <vector>

#include "crypto/aes_gcm.hpp"

namespace muster::store::files {

namespace {

constexpr std::string_view kMagic = "MUSTERF";
// 1: secretstream (files sealed before version 2 are still read); 2: AES-256-GCM chunks; 3: the
// same chunks under XChaCha20-Poly1305, for CPUs without AES instructions.
constexpr unsigned char kSecretstreamVersion = 1;
constexpr unsigned char kAesGcmVersion = 2;
constexpr unsigned char kXChaChaVersion = 3;
constexpr size_t kFixedBytes = 16;  // magic, version, key id, chunk size: bound into the wrap
constexpr size_t kNonceOffset = kFixedBytes;
constexpr size_t kWrappedOffset = kNonceOffset + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kWrappedBytes = crypto_secretstream_xchacha20poly1305_KEYBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr size_t kStreamOffset = kWrappedOffset + kWrappedBytes;
constexpr size_t kSecretstreamOverhead = crypto_secretstream_xchacha20poly1305_ABYTES;
static_assert(kSealedChunkOverhead == crypto_aead_aes256gcm_ABYTES);
static_assert(kSealedChunkOverhead == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(crypto_aead_aes256gcm_KEYBYTES == crypto_secretstream_xchacha20poly1305_KEYBYTES);
static_assert(kStreamOffset + crypto_secretstream_xchacha20poly1305_HEADERBYTES == kSealedHeaderBytes);

using FileKey = std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES>;

void put_u32(std::string& out, size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
std::uint32_t get_u32(std::string_view in, size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t(static_cast<unsigned char>(in[at + i])) << (8 * i);
  return v;
}
const unsigned char* bytes(std::string_view s, size_t at = 0) { return reinterpret_cast<const unsigned char*>(s.data()) + at; }
unsigned char* bytes(std::string& s, size_t at = 0) { return reinterpret_cast<unsigned char*>(s.data()) + at; }

Error damaged() { return internal_error("The stored file is damaged or was altered."); }

std::string wrap_ad(std::string_view header, const std::string& name) {
  return std::string(header.substr(0, kFixedBytes)) + name;
}

// Seals `file_key` into `header` (whose fixed part already names `key`).
void wrap_into(std::string& header, const std::string& name, const FileKey& file_key, const crypto::DataKey& key) {
  randombytes_buf(bytes(header, kNonceOffset), crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  auto ad = wrap_ad(header, name);
  crypto_aead_xchacha20poly1305_ietf_encrypt(bytes(header, kWrappedOffset), nullptr, file_key.data(), file_key.size(),
                                             bytes(ad), ad.size(), nullptr, bytes(header, kNonceOffset), key.bytes.data());
}

Result<FileKey> unwrap(const std::string& name, std::string_view header, const crypto::Keyring& keyring) {
  ASSIGN_OR_RETURN(auto id, sealed_key_id(header));
  auto key = keyring.find(id);
  if (!key) return internal_error("The stored file is sealed under data key " + std::to_string(id) + ", which the keyring lacks.");
  FileKey file_key{};
  auto ad = wrap_ad(header, name);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(file_key.data(), nullptr, nullptr, bytes(header, kWrappedOffset),
                                                 kWrappedBytes, bytes(ad), ad.size(), bytes(header, kNonceOffset),
                                                 key->bytes.data()) != 0)
    return damaged();
  return file_key;
}

size_t chunk_overhead(unsigned char version) {
  return version == kSecretstreamVersion ? kSecretstreamOverhead : kSealedChunkOverhead;
}

// The chunks of versions 2 and 3: each sealed on its own (so a range opens from its first chunk)
// under the file's own key, which seals nothing else, with the nonce [chunk index u64 LE, zeros,
// last flag]: the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár), as in the age format.
// The index stops chunks from being reordered and the flag marks the final one, so a file cut at a
// chunk boundary or extended is an error. AES-256-GCM where the CPU has AES instructions: about
// twice XChaCha20-Poly1305's speed here (docs/performance.md).
class ChunkCipher {
 public:
  ChunkCipher(unsigned char version, const FileKey& key) : version_(version) {
    if (version_ == kAesGcmVersion) crypto_aead_aes256gcm_beforenm(&aes_, key.data());
    else std::memcpy(key_.data(), key.data(), key.size());
  }
  ~ChunkCipher() {
    sodium_memzero(&aes_, sizeof aes_);
    sodium_memzero(key_.data(), key_.size());
  }
  ChunkCipher(const ChunkCipher&) = delete;
  ChunkCipher& operator=(const ChunkCipher&) = delete;

  // `out` holds n + kSealedChunkOverhead bytes.
  void seal(std::uint64_t index, bool last, const unsigned char* in, size_t n, unsigned char* out) {
    auto nonce = nonce_of(index, last);
    unsigned long long len = 0;
    if (version_ == kAesGcmVersion)
      crypto_aead_aes256gcm_encrypt_afternm(out, &len, in, n, nullptr, 0, nullptr, nonce.data(), &aes_);
    else
      crypto_aead_xchacha20poly1305_ietf_encrypt(out, &len, in, n, nullptr, 0, nullptr, nonce.data(), key_.data());
  }
  // False when the chunk does not authenticate as chunk `index` (final or not).
  bool open(std::uint64_t index, bool last, const unsigned char* in, size_t n, unsigned char* out) {
    if (n < kSealedChunkOverhead) return false;
    auto nonce = nonce_of(index, last);
    unsigned long long len = 0;
    if (version_ == kAesGcmVersion)
      return crypto_aead_aes256gcm_decrypt_afternm(out, &len, nullptr, in, n, nullptr, 0, nonce.data(), &aes_) == 0;
    return crypto_aead_xchacha20poly1305_ietf_decrypt(out, &len, nullptr, in, n, nullptr, 0, nonce.data(), key_.data()) == 0;
  }

 private:
  static std::array<unsigned char, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES> nonce_of(std::uint64_t index, bool last) {
    std::array<unsigned char, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES> nonce{};  // AES-GCM reads the first 12
    for (int i = 0; i < 8; ++i) nonce[i] = static_cast<unsigned char>(index >> (8 * i));
    nonce[crypto_aead_aes256gcm_NPUBBYTES - 1] = last ? 1 : 0;
    return nonce;
  }
  unsigned char version_;
  crypto_aead_aes256gcm_state aes_{};
  FileKey key_{};
};

unsigned char current_version() {
  return crypto::aes256gcm_available() ? kAesGcmVersion : kXChaChaVersion;
}

}  // namespace

bool looks_sealed(std::string_view prefix) {
  if (prefix.size() < kFixedBytes || prefix.substr(0, kMagic.size()) != kMagic) return false;
  auto version = static_cast<unsigned char>(prefix[kMagic.size()]);
  return version >= kSecretstreamVersion && version <= kXChaChaVersion;
}

Result<std::uint32_t> sealed_key_id(std::string_view header) {
  if (header.size() < kSealedHeaderBytes || !looks_sealed(header)) return invalid("Not a sealed file.");
  return get_u32(header, 8);
}

Status seal(const std::string& name, std::string_view content, const crypto::DataKey& key,
            const std::function<Status(std::string_view)>& write) {
  const unsigned char version = current_version();
  std::string header(kSealedHeaderBytes, '\0');  // the last 24 bytes stay zeros (version 1's stream header)
  std::memcpy(header.data(), kMagic.data(), kMagic.size());
  header[kMagic.size()] = static_cast<char>(version);
  put_u32(header, 8, key.id);
  put_u32(header, 12, kSealedChunkBytes);
  FileKey file_key;
  randombytes_buf(file_key.data(), file_key.size());
  wrap_into(header, name, file_key, key);
  ChunkCipher cipher(version, file_key);
  sodium_memzero(file_key.data(), file_key.size());
  TRY(write(header));
  // Chunks go to `write` a few at a time: fewer, larger writes.
  constexpr size_t kChunksPerWrite = 16;
  std::string batch(kChunksPerWrite * (kSealedChunkBytes + kSealedChunkOverhead), '\0');
  size_t at = 0, filled = 0;
  std::uint64_t index = 0;
  do {
    size_t n = std::min<size_t>(kSealedChunkBytes, content.size() - at);
    bool last = at + n == content.size();
    cipher.seal(index++, last, bytes(content, at), n, bytes(batch, filled));
    filled += n + kSealedChunkOverhead;
    at += n;
    if (last || filled == batch.size()) {
      TRY(write(std::string_view(batch.data(), filled)));
      filled = 0;
    }
  } while (at < content.size());
  return ok_status();
}

Result<std::uint64_t> sealed_content_size(std::uint64_t body_bytes, std::uint32_t chunk_bytes, size_t chunk_overhead) {
  std::uint64_t stride = chunk_bytes + chunk_overhead;
  std::uint64_t chunks = (body_bytes + stride - 1) / stride;
  if (chunks == 0 || body_bytes - (chunks - 1) * stride < chunk_overhead) return damaged();
  return body_bytes - chunks * chunk_overhead;
}

Result<std::string> open_sealed(const std::string& name, const crypto::Keyring& keyring, std::uint64_t body_bytes,
                                const std::function<Status(char*, size_t)>& read_exact, std::uint64_t offset,
                                std::uint64_t length) {
  std::string header(kSealedHeaderBytes, '\0');
  TRY(read_exact(header.data(), header.size()));
  if (!looks_sealed(header)) return damaged();
  const auto version = static_cast<unsigned char>(header[kMagic.size()]);
  const size_t overhead = chunk_overhead(version);
  // Versions 2 and 3 leave the header's last bytes zero; anything else there was altered.
  if (version != kSecretstreamVersion &&
      header.find_first_not_of('\0', kStreamOffset) != std::string::npos)
    return damaged();
  std::uint32_t chunk_bytes = get_u32(header, 12);
  if (chunk_bytes == 0 || chunk_bytes > 16 * 1024 * 1024) return damaged();
  ASSIGN_OR_RETURN(auto size, sealed_content_size(body_bytes, chunk_bytes, overhead));
  ASSIGN_OR_RETURN(auto file_key, unwrap(name, header, keyring));
  crypto_secretstream_xchacha20poly1305_state stream;  // version 1
  std::optional<ChunkCipher> chunk_cipher;            // versions 2 and 3
  if (version == kAesGcmVersion && !crypto::aes256gcm_available())
    return internal_error("The stored file is sealed with AES-256-GCM, which this CPU cannot run (no AES instructions).");
  int rc = 0;
  if (version == kSecretstreamVersion)
    rc = crypto_secretstream_xchacha20poly1305_init_pull(&stream, bytes(header, kStreamOffset), file_key.data());
  else
    chunk_cipher.emplace(version, file_key);
  sodium_memzero(file_key.data(), file_key.size());
  if (rc != 0) return damaged();

  std::uint64_t end = length > size - std::min(offset, size) ? size : offset + length;
  std::string out;
  if (offset >= end) return out;
  out.reserve(end - offset);
  std::string cipher(chunk_bytes + overhead, '\0');
  std::string plain(chunk_bytes, '\0');
  std::uint64_t stride = chunk_bytes + overhead;
  std::uint64_t chunks = (body_bytes + stride - 1) / stride;
  std::uint64_t position = 0;  // content offset of the chunk being opened
  for (std::uint64_t i = 0; i < chunks && position < end; ++i) {
    size_t in_len = i + 1 < chunks ? stride : body_bytes - i * stride;
    TRY(read_exact(cipher.data(), in_len));
    size_t plain_len = in_len - overhead;
    bool last = i + 1 == chunks;
    if (version == kSecretstreamVersion) {  // sequential: every chunk from the first is opened
      unsigned char tag = 0;
      if (crypto_secretstream_xchacha20poly1305_pull(&stream, bytes(plain), nullptr, &tag, bytes(cipher), in_len,
                                                     nullptr, 0) != 0)
        return damaged();
      if ((tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) != last) return damaged();  // cut or spliced
    } else if (position + plain_len > offset) {  // chunks before the range are read past, not opened
      if (!chunk_cipher->open(i, last, bytes(cipher), in_len, bytes(plain))) return damaged();
    }
    std::uint64_t from = std::max(offset, position), to = std::min<std::uint64_t>(end, position + plain_len);
    if (from < to) out.append(plain, from - position, to - from);
    position += plain_len;
  }
  sodium_memzero(plain.data(), plain.size());
  return out;
}

Result<std::string> rewrap_header(const std::string& name, std::string_view header, const crypto::Keyring& keyring,
                                  const crypto::DataKey& to) {
  ASSIGN_OR_RETURN(auto file_key, unwrap(name, header, keyring));
  std::string out(header.substr(0, kSealedHeaderBytes));
  put_u32(out, 8, to.id);
  wrap_into(out, name, file_key, to);
  sodium_memzero(file_key.data(), file_key.size());
  return out;
}

}  // namespace muster::store::files
