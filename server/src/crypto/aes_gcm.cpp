#include "crypto/aes_gcm.hpp"

#include <sodium.h>

namespace muster::crypto {

bool aes256gcm_available() {
  static const bool available = sodium_init() >= 0 && crypto_aead_aes256gcm_is_available() != 0;
  return available;
}

}  // namespace muster::crypto
