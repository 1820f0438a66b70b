#include "store/sqlite/page_cipher.hpp"

#include <pthread.h>
#include <sodium.h>

#include <atomic>
#include <cstring>

#include "crypto/aes_gcm.hpp"

namespace muster::store::sqlite {

static_assert(kNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(kNonceBytes == 16 + 8);  // next_nonce: prefix and counter
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

// A fresh nonce without a system call per page (randombytes_buf costs a getrandom(2) each time, a
// few per cent of a durable send): 16 random bytes drawn once per thread, and drawn again in a
// forked child, then a 64-bit counter. XChaCha20 derives its subkey from the first 16 bytes and
// uses the last 8 as ChaCha20's nonce, so the pages a thread seals never share a (subkey, nonce),
// and two threads share a prefix with probability 2^-128.
std::atomic<unsigned> g_forks{0};

void next_nonce(unsigned char* nonce) {
  struct Stream {
    unsigned char prefix[16];
    std::uint64_t counter = 0;
    unsigned forks = ~0u;
  };
  static const bool registered = [] { return pthread_atfork(nullptr, nullptr, [] { g_forks.fetch_add(1); }) == 0; }();
  thread_local Stream stream;
  unsigned forks = g_forks.load(std::memory_order_relaxed);
  if (!registered || stream.forks != forks) {
    randombytes_buf(stream.prefix, sizeof stream.prefix);
    stream.counter = 0;
    stream.forks = registered ? forks : ~0u;
  }
  std::memcpy(nonce, stream.prefix, sizeof stream.prefix);
  std::uint64_t n = stream.counter++;
  for (int i = 0; i < 8; ++i) nonce[16 + i] = static_cast<unsigned char>(n >> (8 * i));
}

}  // namespace

std::string database_name(std::string_view path) {
  auto slash = path.find_last_of('/');
  auto base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return std::string(base.substr(0, base.find('.')));
}

namespace {

// A page sealed with AES-256-GCM says so by this bit of its key id; pages without it are
// XChaCha20-Poly1305 (all pages written before, and every page on CPUs without AES instructions).
constexpr std::uint32_t kAesGcmBit = 0x80000000u;

std::uint32_t stored_key_id(const unsigned char* tail) {
  std::uint32_t id = 0;
  for (std::size_t i = 0; i < kKeyIdBytes; ++i) id |= static_cast<std::uint32_t>(tail[i]) << (8 * i);
  return id;
}

// AES-256-GCM with a 24-byte nonce, the way XChaCha20 extends ChaCha20: HChaCha20 of the data key
// and the nonce's first 16 bytes gives a subkey, used with the last 8 (and 4 zeros) as GCM's
// 12-byte nonce. next_nonce keeps the first 16 per thread and counts in the last 8, so under each
// subkey every GCM nonce is new, and subkeys of two threads coincide with probability 2^-128;
// GCM's limit of 2^32 random nonces per key never applies. Twice XChaCha20-Poly1305's speed here,
// the derivation included (docs/performance.md).
void aes_gcm_state(crypto_aead_aes256gcm_state* state, const crypto::DataKey& key, const unsigned char* nonce,
                   unsigned char* gcm_nonce) {
  unsigned char subkey[crypto_aead_aes256gcm_KEYBYTES];
  crypto_core_hchacha20(subkey, nonce, key.bytes.data(), nullptr);
  crypto_aead_aes256gcm_beforenm(state, subkey);
  sodium_memzero(subkey, sizeof subkey);
  std::memset(gcm_nonce, 0, crypto_aead_aes256gcm_NPUBBYTES);
  std::memcpy(gcm_nonce, nonce + 16, 8);
}

}  // namespace

void seal_page(unsigned char* page, const crypto::DataKey& key, const PagePlace& place) {
  unsigned char ad[kMaxNameBytes + 10];
  std::size_t ad_len = associated_data(place, ad);
  unsigned char* tail = reserved(page);
  const bool aes = crypto::aes256gcm_available();
  std::uint32_t stored_id = key.id | (aes ? kAesGcmBit : 0);
  for (std::size_t i = 0; i < kKeyIdBytes; ++i) tail[i] = static_cast<unsigned char>(stored_id >> (8 * i));
  unsigned char* nonce = tail + kKeyIdBytes;
  unsigned char* tag = nonce + kNonceBytes;
  next_nonce(nonce);
  if (aes) {
    crypto_aead_aes256gcm_state state;
    unsigned char gcm_nonce[crypto_aead_aes256gcm_NPUBBYTES];
    aes_gcm_state(&state, key, nonce, gcm_nonce);
    crypto_aead_aes256gcm_encrypt_detached_afternm(page, tag, nullptr, page, kSealedBytes, ad, ad_len, nullptr, gcm_nonce,
                                                   &state);
    sodium_memzero(&state, sizeof state);
    return;
  }
  crypto_aead_xchacha20poly1305_ietf_encrypt_detached(page, tag, nullptr, page, kSealedBytes, ad, ad_len, nullptr, nonce,
                                                      key.bytes.data());
}

std::uint32_t sealed_key_id(const unsigned char* page) { return stored_key_id(page + kSealedBytes) & ~kAesGcmBit; }

bool open_page(unsigned char* page, const crypto::DataKey& key, const PagePlace& place) {
  unsigned char ad[kMaxNameBytes + 10];
  std::size_t ad_len = associated_data(place, ad);
  unsigned char* tail = reserved(page);
  const unsigned char* nonce = tail + kKeyIdBytes;
  const unsigned char* tag = nonce + kNonceBytes;
  bool ok = false;
  if (stored_key_id(tail) & kAesGcmBit) {
    // Only where the CPU has AES instructions: libsodium has no portable AES-GCM.
    if (crypto::aes256gcm_available()) {
      crypto_aead_aes256gcm_state state;
      unsigned char gcm_nonce[crypto_aead_aes256gcm_NPUBBYTES];
      aes_gcm_state(&state, key, nonce, gcm_nonce);
      ok = crypto_aead_aes256gcm_decrypt_detached_afternm(page, nullptr, page, kSealedBytes, tag, ad, ad_len, gcm_nonce,
                                                          &state) == 0;
      sodium_memzero(&state, sizeof state);
    }
  } else {
    ok = crypto_aead_xchacha20poly1305_ietf_decrypt_detached(page, nullptr, page, kSealedBytes, tag, ad, ad_len, nonce,
                                                             key.bytes.data()) == 0;
  }
  if (!ok) std::memset(page, 0, kSealedBytes);
  std::memset(tail, 0, kReservedBytes);
  return ok;
}

}  // namespace muster::store::sqlite
