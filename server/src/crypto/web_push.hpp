// Web Push from the sending side: VAPID (RFC 8292), which tells a push service which server sends,
// and message encryption (RFC 8291 with RFC 8188's "aes128gcm" coding), which keeps what a
// notification says from the push service that carries it. The receiving halves (verify, decrypt)
// are here too, for the tests and the local push service the integration tests run.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace muster::crypto {

// RFC 4648 section 5 without padding, the encoding every Web Push key and token travels in.
std::string base64url_encode(std::string_view bytes);
// Accepts the text with or without its '=' padding; nullopt on any other character.
std::optional<std::string> base64url_decode(std::string_view text);

// --- VAPID (RFC 8292): ES256 on P-256 -------------------------------------------------------------

struct VapidKeys {
  std::string private_key;  // 32 raw bytes (the scalar); secret
  std::string public_key;   // 65 bytes, the uncompressed point 0x04 || X || Y
};

VapidKeys generate_vapid_keys();
// The pair for a stored private key; refuses 32 bytes that are no P-256 scalar (0 or >= the order).
Result<VapidKeys> vapid_keys_from_private(std::string_view private32);

// The origin a token is for: "scheme://host[:port]", lower-case, without the path and without a
// port that is the scheme's default. Only http and https endpoints are accepted.
Result<std::string> vapid_audience(std::string_view endpoint_url);

// The Authorization header value for a push to `endpoint_url`: "vapid t=<JWT>, k=<public key>".
// `subject` is how the push service can reach the operator: "mailto:..." or an https URL.
// RFC 8292 lets push services refuse tokens that expire more than 24 hours ahead.
Result<std::string> vapid_authorization(std::string_view endpoint_url, std::string_view subject,
                                        const VapidKeys& keys, std::int64_t expires_at_unix);

struct VapidClaims {
  std::string aud;
  std::int64_t exp = 0;
  std::string sub;         // empty when the token has none
  std::string public_key;  // the 65 bytes of k
};

// The push service's check of a header made by vapid_authorization: the ES256 signature against k,
// aud equal to `expected_audience`, and exp after `now` but at most 24 hours after it.
Result<VapidClaims> verify_vapid_authorization(std::string_view header_value, std::string_view expected_audience,
                                               std::int64_t now);

// --- Message encryption (RFC 8291, aes128gcm) -----------------------------------------------------

// What a browser's PushSubscription gives (its keys, base64url-decoded).
struct PushTarget {
  std::string p256dh;  // 65-byte uncompressed P-256 public key of the user agent
  std::string auth;    // 16-byte authentication secret
};

// The body is the 86-byte header (salt 16, record size 4, key id length 1, sender key 65) and one
// record: the plaintext, a 0x02 delimiter, optional zero padding and the 16-byte AES-GCM tag.
inline constexpr std::size_t kPushHeaderSize = 86;
inline constexpr std::uint32_t kPushRecordSize = 4096;
// Push services must accept a body of 4096 bytes in all, header included (RFC 8291 section 4), and
// need not take more: 4096 - 86 - 16 - 1 = 3993 bytes of plaintext. One record could hold 4079,
// but a body that long may be refused, so 3993 is the limit enforced here.
inline constexpr std::size_t kMaxPushPlaintext = 3993;

// The whole HTTP body for a push to `target`, with a fresh ephemeral key pair and salt. Zero
// padding brings a shorter plaintext up to `pad_to` bytes (0: none), so its length says less.
Result<std::string> encrypt_push_payload(std::string_view plaintext, const PushTarget& target, std::size_t pad_to = 0);

// A subscription's keys checked and parsed once, for the many messages a server encrypts to the
// same browser (parsing and checking the point is a fifth of an encryption's cost).
class PushRecipient {
 public:
  static Result<PushRecipient> parse(const PushTarget& target);
  const PushTarget& target() const { return target_; }

 private:
  friend Result<std::string> encrypt_push_payload(std::string_view, const PushRecipient&, std::size_t);
  PushTarget target_;
  std::shared_ptr<void> key_;  // the parsed EVP_PKEY, shared by copies, freed with the last
};
Result<std::string> encrypt_push_payload(std::string_view plaintext, const PushRecipient& recipient,
                                         std::size_t pad_to = 0);

// The sender's per-message secrets, given instead of drawn: only for reproducing known answers
// (RFC 8291 Appendix A). Using a pair and salt twice would reuse the key and nonce.
struct PushSenderSecrets {
  std::string ephemeral_private_key;  // 32 bytes
  std::string salt;                   // 16 bytes
};
Result<std::string> encrypt_push_payload_with(std::string_view plaintext, const PushTarget& target,
                                              const PushSenderSecrets& sender, std::size_t pad_to = 0);

// The user agent's side: the plaintext, or an error when the body is malformed, altered, or not
// for these keys.
Result<std::string> decrypt_push_payload(std::string_view body, std::string_view ua_private32,
                                         std::string_view ua_public65, std::string_view auth16);

// A browser's subscription keys, for tests: P-256 pair (32-byte scalar, 65-byte point) and auth.
struct PushSubscriberKeys {
  std::string private_key;
  std::string public_key;
  std::string auth;
};
PushSubscriberKeys generate_push_subscriber_keys();

// --- Building blocks, exposed so tests can check each step against RFC 8291 Appendix A -------------

// ECDH on P-256: the 32-byte x coordinate of private32 * peer_public65.
Result<std::string> p256_ecdh(std::string_view private32, std::string_view peer_public65);

struct PushKeySchedule {
  std::string prk_key;  // HMAC-SHA-256(auth, ecdh_secret)
  std::string ikm;      // HMAC-SHA-256(prk_key, "WebPush: info" 0x00 ua_public as_public 0x01)
  std::string prk;      // HMAC-SHA-256(salt, ikm)
  std::string cek;      // 16 bytes
  std::string nonce;    // 12 bytes
};
// RFC 8291 section 3.4 (with RFC 8188 section 2.2): both sides derive the same key and nonce.
Result<PushKeySchedule> derive_push_keys(std::string_view ecdh_secret, std::string_view auth,
                                         std::string_view ua_public, std::string_view as_public,
                                         std::string_view salt);

}  // namespace muster::crypto
