// Whether AES-256-GCM can be used here (pages and files at rest prefer it: store/sqlite/page_cipher.hpp,
// store/files/sealed_file.hpp).
#pragma once

namespace muster::crypto {

// Whether the CPU has the AES instructions libsodium's AES-256-GCM needs. Starts libsodium itself
// if need be: before sodium_init, libsodium has not looked at the CPU and says no, and a command
// that never started it would then refuse pages and files sealed with AES-256-GCM.
bool aes256gcm_available();

}  // namespace muster::crypto
