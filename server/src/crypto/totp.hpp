// One-time passwords for authenticator apps: HOTP (RFC 4226), TOTP (RFC 6238), base32 secrets
// (RFC 4648, no padding) and the otpauth:// URI that apps read from a QR code.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace muster::crypto {

enum class OtpHash { Sha1, Sha256, Sha512 };

struct TotpParams {
  int digits = 6;
  int step_seconds = 30;
  int window_steps = 1;  // steps accepted either side of now, for clock drift and typing time
  OtpHash hash = OtpHash::Sha1;
};

std::string base32_encode(std::string_view bytes);
// Accepts upper or lower case and ignores spaces, dashes and '=' padding; nullopt on any other character.
std::optional<std::string> base32_decode(std::string_view text);

// The code for `counter` under raw key bytes, `digits` long with leading zeros.
std::string hotp(std::string_view key, std::uint64_t counter, int digits = 6, OtpHash hash = OtpHash::Sha1);
// The time step `at` falls in.
std::int64_t totp_step(UnixSeconds at, const TotpParams& params = {});
std::string totp(std::string_view key, UnixSeconds at, const TotpParams& params = {});
// The step whose code `code` is, within params.window_steps of `now`; nullopt when none matches.
// Compared in constant time. Callers refuse a step at or before the last one used (replay).
std::optional<std::int64_t> match_totp(std::string_view key, std::string_view code, UnixSeconds now,
                                       const TotpParams& params = {});

// A new random secret: 20 bytes (160 bits, RFC 4226's recommended length for HMAC-SHA1).
std::string new_otp_secret();
// otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view secret_base32,
                        const TotpParams& params = {});

}  // namespace muster::crypto
