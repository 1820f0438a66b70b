// libsodium wrappers: passwords (argon2id), random tokens and ids, token digests.
#pragma once
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace muster::crypto {

// Must run once before any other call (sodium_init); fails only if libsodium cannot start.
Status init();

// argon2id with libsodium's interactive limits; the returned string embeds salt and parameters.
Result<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& stored_hash);

// URL-safe random token carrying `bytes` of entropy (sessions, invitations, CSRF).
std::string random_token(size_t bytes = 32);
// Short random id with a type prefix, e.g. "p_3fJ9...".
std::string random_id(std::string_view prefix);
// A random id that sorts by creation time: the prefix, 12 hex digits of Unix milliseconds, then 9
// random bytes, e.g. "m_019ad1c3f2a0Xb3..". Ids made one after another land side by side in an
// index, so a busy table's unique index grows at its end instead of touching a random page per row.
std::string time_ordered_id(std::string_view prefix);
// Tokens are stored only as this keyed-free BLAKE2b digest (hex), so a leaked database holds no
// usable session or invitation.
std::string token_digest(std::string_view token);
// Constant-time comparison for secrets such as CSRF tokens.
bool equal_secrets(std::string_view a, std::string_view b);

}  // namespace muster::crypto
