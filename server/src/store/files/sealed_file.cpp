#include "store/files/sealed_file.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace muster::store::files {

namespace {

constexpr std::string_view kMagic = "MUSTERF";
constexpr unsigned char kVersion = 1;
constexpr size_t kFixedBytes = 16;  // magic, version, key id, chunk size: bound into the wrap
constexpr size_t kNonceOffset = kFixedBytes;
constexpr size_t kWrappedOffset = kNonceOffset + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kWrappedBytes = crypto_secretstream_xchacha20poly1305_KEYBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr size_t kStreamOffset = kWrappedOffset + kWrappedBytes;
constexpr size_t kChunkOverhead = crypto_secretstream_xchacha20poly1305_ABYTES;
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

}  // namespace

bool looks_sealed(std::string_view prefix) {
  return prefix.size() >= kFixedBytes && prefix.substr(0, kMagic.size()) == kMagic &&
         static_cast<unsigned char>(prefix[kMagic.size()]) == kVersion;
}

Result<std::uint32_t> sealed_key_id(std::string_view header) {
  if (header.size() < kSealedHeaderBytes || !looks_sealed(header)) return invalid("Not a sealed file.");
  return get_u32(header, 8);
}

Status seal(const std::string& name, std::string_view content, const crypto::DataKey& key,
            const std::function<Status(std::string_view)>& write) {
  std::string header(kSealedHeaderBytes, '\0');
  std::memcpy(header.data(), kMagic.data(), kMagic.size());
  header[kMagic.size()] = static_cast<char>(kVersion);
  put_u32(header, 8, key.id);
  put_u32(header, 12, kSealedChunkBytes);
  FileKey file_key;
  crypto_secretstream_xchacha20poly1305_keygen(file_key.data());
  wrap_into(header, name, file_key, key);
  crypto_secretstream_xchacha20poly1305_state state;
  crypto_secretstream_xchacha20poly1305_init_push(&state, bytes(header, kStreamOffset), file_key.data());
  sodium_memzero(file_key.data(), file_key.size());
  TRY(write(header));
  std::string chunk(kSealedChunkBytes + kChunkOverhead, '\0');
  size_t at = 0;
  do {
    size_t n = std::min<size_t>(kSealedChunkBytes, content.size() - at);
    bool last = at + n == content.size();
    unsigned long long out_len = 0;
    crypto_secretstream_xchacha20poly1305_push(&state, bytes(chunk), &out_len, bytes(content, at), n, nullptr, 0,
                                               last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    TRY(write(std::string_view(chunk.data(), out_len)));
    at += n;
  } while (at < content.size());
  return ok_status();
}

Result<std::uint64_t> sealed_content_size(std::uint64_t body_bytes, std::uint32_t chunk_bytes) {
  std::uint64_t stride = chunk_bytes + kChunkOverhead;
  std::uint64_t chunks = (body_bytes + stride - 1) / stride;
  if (chunks == 0 || body_bytes - (chunks - 1) * stride < kChunkOverhead) return damaged();
  return body_bytes - chunks * kChunkOverhead;
}

Result<std::string> open_sealed(const std::string& name, const crypto::Keyring& keyring, std::uint64_t body_bytes,
                                const std::function<Status(char*, size_t)>& read_exact, std::uint64_t offset,
                                std::uint64_t length) {
  std::string header(kSealedHeaderBytes, '\0');
  TRY(read_exact(header.data(), header.size()));
  if (!looks_sealed(header)) return damaged();
  std::uint32_t chunk_bytes = get_u32(header, 12);
  if (chunk_bytes == 0 || chunk_bytes > 16 * 1024 * 1024) return damaged();
  ASSIGN_OR_RETURN(auto size, sealed_content_size(body_bytes, chunk_bytes));
  ASSIGN_OR_RETURN(auto file_key, unwrap(name, header, keyring));
  crypto_secretstream_xchacha20poly1305_state state;
  int rc = crypto_secretstream_xchacha20poly1305_init_pull(&state, bytes(header, kStreamOffset), file_key.data());
  sodium_memzero(file_key.data(), file_key.size());
  if (rc != 0) return damaged();

  std::uint64_t end = length > size - std::min(offset, size) ? size : offset + length;
  std::string out;
  if (offset >= end) return out;
  out.reserve(end - offset);
  std::string cipher(chunk_bytes + kChunkOverhead, '\0');
  std::string plain(chunk_bytes, '\0');
  std::uint64_t stride = chunk_bytes + kChunkOverhead;
  std::uint64_t chunks = (body_bytes + stride - 1) / stride;
  std::uint64_t position = 0;  // content offset of the chunk being opened
  for (std::uint64_t i = 0; i < chunks && position < end; ++i) {
    size_t in_len = i + 1 < chunks ? stride : body_bytes - i * stride;
    TRY(read_exact(cipher.data(), in_len));
    unsigned long long plain_len = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&state, bytes(plain), &plain_len, &tag, bytes(cipher), in_len,
                                                   nullptr, 0) != 0)
      return damaged();
    bool last = i + 1 == chunks;
    if ((tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) != last) return damaged();  // cut or spliced
    std::uint64_t from = std::max(offset, position), to = std::min<std::uint64_t>(end, position + plain_len);
    if (from < to) out.append(plain, from - position, to - from);
    position += static_cast<std::uint64_t>(plain_len);
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
