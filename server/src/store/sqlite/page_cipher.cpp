#include "store/sqlite/page_cipher.hpp"

#include <sodium.h>

#include <cstring>

namespace muster::store::sqlite {

static_assert(kNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(crypto::kDataKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

namespace {

constexpr std::size_t kMaxNameBytes = 200;

// name, a zero byte, the kind, the position (8 bytes LE). Names longer than kMaxNameBytes are cut:
// they are our own file names, never that long.
std::size_t associated_data(const PagePlace& place, unsigned char* out) {
  std::size_t n = std::min(place.database.size(), kMaxNameBytes);
  std::memcpy(out, place.database.data(), n);
  out[n++] = 0;
  out[n++] = static_cast<unsigned char>(place.kind);
  for (int i = 0; i < 8; ++i) out[n++] = static_cast<unsigned char>(place.position >> (8 * i));
  return n;
}

unsigned char* reserved(unsigned char* page) { return page + kSealedBytes; }

}  // namespace

std::string database_name(std::string_view path) {
  auto slash = path.find_last_of('/');
  auto base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return std::string(base.substr(0, base.find('.')));
}

void seal_page(unsigned char* page, const crypto::DataKey& key, const PagePlace& place) {
  unsigned char ad[kMaxNameBytes + 10];
  std::size_t ad_len = associated_data(place, ad);
  unsigned char* tail = reserved(page);
  for (std::size_t i = 0; i < kKeyIdBytes; ++i) tail[i] = static_cast<unsigned char>(key.id >> (8 * i));
  unsigned char* nonce = tail + kKeyIdBytes;
  unsigned char* tag = nonce + kNonceBytes;
  randombytes_buf(nonce, kNonceBytes);
  crypto_aead_xchacha20poly1305_ietf_encrypt_detached(page, tag, nullptr, page, kSealedBytes, ad, ad_len, nullptr, nonce,
                                                      key.bytes.data());
}

std::uint32_t sealed_key_id(const unsigned char* page) {
  const unsigned char* tail = page + kSealedBytes;
  std::uint32_t id = 0;
  for (std::size_t i = 0; i < kKeyIdBytes; ++i) id |= static_cast<std::uint32_t>(tail[i]) << (8 * i);
  return id;
}

bool open_page(unsigned char* page, const crypto::DataKey& key, const PagePlace& place) {
  unsigned char ad[kMaxNameBytes + 10];
  std::size_t ad_len = associated_data(place, ad);
  unsigned char* tail = reserved(page);
  const unsigned char* nonce = tail + kKeyIdBytes;
  const unsigned char* tag = nonce + kNonceBytes;
  bool ok = crypto_aead_xchacha20poly1305_ietf_decrypt_detached(page, nullptr, page, kSealedBytes, tag, ad, ad_len, nonce,
                                                                key.bytes.data()) == 0;
  if (!ok) std::memset(page, 0, kSealedBytes);
  std::memset(tail, 0, kReservedBytes);
  return ok;
}

}  // namespace muster::store::sqlite
