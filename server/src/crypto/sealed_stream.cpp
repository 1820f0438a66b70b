#include "crypto/sealed_stream.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace muster::crypto {

namespace {

constexpr std::string_view kMagic = "MSTRCX01";
constexpr std::size_t kFileKey = crypto_secretstream_xchacha20poly1305_KEYBYTES;
constexpr std::size_t kSealedKey = crypto_box_SEALBYTES + kFileKey;
constexpr std::size_t kHeader = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr std::size_t kMaxCipherChunk = SealedStreamWriter::kChunk + crypto_secretstream_xchacha20poly1305_ABYTES;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

Error damaged() { return invalid("The export is damaged: a part of it does not decrypt."); }
Error truncated() { return invalid("The export is truncated: its end is missing."); }

bool read_exact(std::istream& in, unsigned char* into, std::size_t n) {
  in.read(reinterpret_cast<char*>(into), static_cast<std::streamsize>(n));
  return static_cast<std::size_t>(in.gcount()) == n;
}

}  // namespace

BoxKeyPair generate_box_key_pair() {
  BoxKeyPair pair{std::string(crypto_box_PUBLICKEYBYTES, '\0'), std::string(crypto_box_SECRETKEYBYTES, '\0')};
  crypto_box_keypair(reinterpret_cast<unsigned char*>(pair.public_key.data()),
                     reinterpret_cast<unsigned char*>(pair.secret_key.data()));
  return pair;
}

std::string encode_box_key(const std::string& raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes(raw), raw.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.find('\0'));
  return out;
}

Result<std::string> decode_box_key(std::string_view text, const std::string& what) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::string raw(crypto_box_PUBLICKEYBYTES, '\0');
  std::size_t length = 0;
  if (text.size() > 64 ||
      sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), text.data(), text.size(), nullptr,
                        &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      length != crypto_box_PUBLICKEYBYTES)
    return invalid("The " + what + " must be a key of 32 bytes in base64 (as `muster compliance keygen` writes it).");
  return raw;
}

std::string box_key_fingerprint(const std::string& public_key) {
  std::array<unsigned char, 8> digest{};
  crypto_generichash(digest.data(), digest.size(), bytes(public_key), public_key.size(), nullptr, 0);
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

struct SealedStreamWriter::State {
  Sink sink;
  crypto_secretstream_xchacha20poly1305_state stream;
  std::string buffer;
  bool finished = false;
};

SealedStreamWriter::SealedStreamWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
SealedStreamWriter::~SealedStreamWriter() { sodium_memzero(&state_->stream, sizeof state_->stream); }

Result<std::unique_ptr<SealedStreamWriter>> SealedStreamWriter::begin(const std::string& recipient_public_key, Sink sink) {
  if (recipient_public_key.size() != crypto_box_PUBLICKEYBYTES) return invalid("The recipient key must be 32 bytes.");
  std::array<unsigned char, kFileKey> key{};
  crypto_secretstream_xchacha20poly1305_keygen(key.data());
  std::string head(kMagic);
  head.resize(kMagic.size() + kSealedKey + kHeader);
  auto* out = reinterpret_cast<unsigned char*>(head.data()) + kMagic.size();
  crypto_box_seal(out, key.data(), key.size(), bytes(recipient_public_key));
  auto state = std::make_unique<State>();
  crypto_secretstream_xchacha20poly1305_init_push(&state->stream, out + kSealedKey, key.data());
  sodium_memzero(key.data(), key.size());
  state->sink = std::move(sink);
  TRY(state->sink(head));
  return std::unique_ptr<SealedStreamWriter>(new SealedStreamWriter(std::move(state)));
}

Status SealedStreamWriter::emit(bool last) {
  auto& buffer = state_->buffer;
  std::string chunk(4 + buffer.size() + crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
  unsigned long long length = 0;
  crypto_secretstream_xchacha20poly1305_push(&state_->stream, reinterpret_cast<unsigned char*>(chunk.data()) + 4, &length,
                                             bytes(buffer), buffer.size(), nullptr, 0,
                                             last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
  for (int i = 0; i < 4; ++i) chunk[i] = static_cast<char>((length >> (8 * i)) & 0xff);
  sodium_memzero(buffer.data(), buffer.size());
  buffer.clear();
  return state_->sink(chunk);
}

Status SealedStreamWriter::write(std::string_view plaintext) {
  if (state_->finished) return internal_error("write after finish");
  while (!plaintext.empty()) {
    std::size_t take = std::min(plaintext.size(), kChunk - state_->buffer.size());
    state_->buffer.append(plaintext.substr(0, take));
    plaintext.remove_prefix(take);
    if (state_->buffer.size() == kChunk) TRY(emit(false));
  }
  return ok_status();
}

Status SealedStreamWriter::finish() {
  if (state_->finished) return ok_status();
  state_->finished = true;
  return emit(true);
}

Status open_sealed_stream(std::istream& in, const std::string& secret_key, std::ostream& out) {
  if (secret_key.size() != crypto_box_SECRETKEYBYTES) return invalid("The secret key must be 32 bytes.");
  std::array<unsigned char, 8> magic{};
  if (!read_exact(in, magic.data(), magic.size()) || std::string_view(reinterpret_cast<char*>(magic.data()), 8) != kMagic)
    return invalid("This is not a Muster compliance export.");
  std::array<unsigned char, kSealedKey> sealed{};
  std::array<unsigned char, kHeader> header{};
  if (!read_exact(in, sealed.data(), sealed.size()) || !read_exact(in, header.data(), header.size())) return truncated();
  std::string public_key(crypto_box_PUBLICKEYBYTES, '\0');
  crypto_scalarmult_base(reinterpret_cast<unsigned char*>(public_key.data()), bytes(secret_key));
  std::array<unsigned char, kFileKey> key{};
  if (crypto_box_seal_open(key.data(), sealed.data(), sealed.size(), bytes(public_key), bytes(secret_key)) != 0)
    return invalid("This key does not open this export: it was encrypted to another recipient key.");
  crypto_secretstream_xchacha20poly1305_state stream;
  int started = crypto_secretstream_xchacha20poly1305_init_pull(&stream, header.data(), key.data());
  sodium_memzero(key.data(), key.size());
  if (started != 0) return damaged();
  std::vector<unsigned char> cipher(kMaxCipherChunk), plain(SealedStreamWriter::kChunk);
  while (true) {
    std::array<unsigned char, 4> prefix{};
    if (!read_exact(in, prefix.data(), prefix.size())) return truncated();
    std::size_t length = prefix[0] | (prefix[1] << 8) | (prefix[2] << 16) | (std::size_t{prefix[3]} << 24);
    if (length < crypto_secretstream_xchacha20poly1305_ABYTES || length > kMaxCipherChunk) return damaged();
    if (!read_exact(in, cipher.data(), length)) return truncated();
    unsigned long long plain_length = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&stream, plain.data(), &plain_length, &tag, cipher.data(), length,
                                                   nullptr, 0) != 0)
      return damaged();
    out.write(reinterpret_cast<const char*>(plain.data()), static_cast<std::streamsize>(plain_length));
    if (!out) return Error{ErrorCode::Unavailable, "Cannot write the decrypted export."};
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) break;
  }
  if (in.peek() != std::char_traits<char>::eof()) return damaged();
  sodium_memzero(plain.data(), plain.size());
  return ok_status();
}

}  // namespace muster::crypto
