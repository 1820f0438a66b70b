#include "crypto/totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <array>
#include <cctype>

namespace muster::crypto {

namespace {

constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

const EVP_MD* digest_of(OtpHash hash) {
  switch (hash) {
    case OtpHash::Sha256: return EVP_sha256();
    case OtpHash::Sha512: return EVP_sha512();
    default: return EVP_sha1();
  }
}

std::string_view hash_name(OtpHash hash) {
  switch (hash) {
    case OtpHash::Sha256: return "SHA256";
    case OtpHash::Sha512: return "SHA512";
    default: return "SHA1";
  }
}

// Percent-encodes everything but RFC 3986's unreserved characters.
std::string uri_escape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string base32_encode(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kBase32Alphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32Alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::string> base32_decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char raw : text) {
    if (raw == ' ' || raw == '-' || raw == '=') continue;
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
    int value;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    else if (c >= '2' && c <= '7') value = c - '2' + 26;
    else return std::nullopt;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

std::string hotp(std::string_view key, std::uint64_t counter, int digits, OtpHash hash) {
  std::array<unsigned char, 8> message{};
  for (int i = 7; i >= 0; --i, counter >>= 8) message[i] = static_cast<unsigned char>(counter & 0xff);
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_len = 0;
  HMAC(digest_of(hash), key.data(), static_cast<int>(key.size()), message.data(), message.size(), mac.data(), &mac_len);
  // Dynamic truncation (RFC 4226 section 5.3): four bytes at the offset the last nibble names.
  int offset = mac[mac_len - 1] & 0x0f;
  std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                         (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                         (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  std::uint64_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  return std::string(static_cast<size_t>(digits) - code.size(), '0') + code;
}

std::int64_t totp_step(UnixSeconds at, const TotpParams& params) {
  return at / params.step_seconds;
}

std::string totp(std::string_view key, UnixSeconds at, const TotpParams& params) {
  return hotp(key, static_cast<std::uint64_t>(totp_step(at, params)), params.digits, params.hash);
}

std::optional<std::int64_t> match_totp(std::string_view key, std::string_view code, UnixSeconds now,
                                       const TotpParams& params) {
  if (code.size() != static_cast<size_t>(params.digits)) return std::nullopt;
  std::int64_t current = totp_step(now, params);
  std::optional<std::int64_t> found;
  // Every candidate is computed and compared, so the time taken says nothing about which matched.
  for (std::int64_t step = current - params.window_steps; step <= current + params.window_steps; ++step) {
    if (step < 0) continue;
    std::string expected = hotp(key, static_cast<std::uint64_t>(step), params.digits, params.hash);
    if (sodium_memcmp(expected.data(), code.data(), expected.size()) == 0 && !found) found = step;
  }
  return found;
}

std::string new_otp_secret() {
  std::string bytes(20, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  return bytes;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view secret_base32,
                        const TotpParams& params) {
  std::string label = uri_escape(issuer) + ":" + uri_escape(account);
  return "otpauth://totp/" + label + "?secret=" + std::string(secret_base32) + "&issuer=" + uri_escape(issuer) +
         "&algorithm=" + std::string(hash_name(params.hash)) + "&digits=" + std::to_string(params.digits) +
         "&period=" + std::to_string(params.step_seconds);
}

}  // namespace muster::crypto
