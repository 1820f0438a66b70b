#include "crypto/web_push.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

namespace muster::crypto {

namespace {

using namespace std::string_view_literals;
using Json = nlohmann::json;

constexpr std::size_t kP256PrivateSize = 32;
constexpr std::size_t kP256PublicSize = 65;
constexpr std::size_t kAuthSecretSize = 16;
constexpr std::size_t kSaltSize = 16;
constexpr std::size_t kTagSize = 16;
constexpr std::size_t kCekSize = 16;
constexpr std::size_t kNonceSize = 12;
constexpr std::size_t kEs256SignatureSize = 64;
constexpr std::uint64_t kMaxVapidLifetime = 24 * 60 * 60;
constexpr std::size_t kMaxSubjectSize = 256;

constexpr char kBase64UrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// --- OpenSSL ownership and errors -------------------------------------------------------------------

template <auto Free>
struct OpenSslFree {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslFree<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslFree<EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpenSslFree<EVP_MD_CTX_free>>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, OpenSslFree<EVP_CIPHER_CTX_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslFree<BN_clear_free>>;
using ParamBuildPtr = std::unique_ptr<OSSL_PARAM_BLD, OpenSslFree<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, OpenSslFree<OSSL_PARAM_free>>;
using GroupPtr = std::unique_ptr<EC_GROUP, OpenSslFree<EC_GROUP_free>>;
using PointPtr = std::unique_ptr<EC_POINT, OpenSslFree<EC_POINT_clear_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, OpenSslFree<ECDSA_SIG_free>>;

// OpenSSL queues an error per failed call in a thread-local list; the TLS code reads that list after
// its own calls, so whatever a refused key or tag leaves there is dropped on the way out.
class OpenSslErrorScope {
 public:
  OpenSslErrorScope() { ERR_set_mark(); }
  ~OpenSslErrorScope() { ERR_pop_to_mark(); }
  OpenSslErrorScope(const OpenSslErrorScope&) = delete;
  OpenSslErrorScope& operator=(const OpenSslErrorScope&) = delete;
};

// Overwrites secrets that were only needed for one call before their memory is reused.
class WipeOnExit {
 public:
  template <typename... Secrets>
  explicit WipeOnExit(Secrets&... secrets) : secrets_{&secrets...} {}
  ~WipeOnExit() {
    for (std::string* secret : secrets_) OPENSSL_cleanse(secret->data(), secret->size());
  }
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;

 private:
  std::vector<std::string*> secrets_;
};

const unsigned char* bytes_of(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }
unsigned char* bytes_of(std::string& text) { return reinterpret_cast<unsigned char*>(text.data()); }

Error unauthenticated(std::string message) { return {ErrorCode::Unauthenticated, std::move(message)}; }

Result<std::string> random_bytes(std::size_t size) {
  std::string out(size, '\0');
  if (RAND_bytes(bytes_of(out), static_cast<int>(size)) != 1) return internal_error("the random generator failed");
  return out;
}

// --- P-256 keys -----------------------------------------------------------------------------------

Result<GroupPtr> p256_group() {
  GroupPtr group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  if (!group) return internal_error("P-256 is unavailable in this OpenSSL");
  return group;
}

// The scalar of a private key, refused unless 1 <= d < n: anything else is no key at all.
Result<BignumPtr> private_scalar(const EC_GROUP& group, std::string_view private32) {
  if (private32.size() != kP256PrivateSize) return invalid("a P-256 private key is 32 bytes");
  // Secure: OSSL_PARAM_BLD then keeps its copy apart, and OSSL_PARAM_free wipes it.
  BignumPtr scalar(BN_secure_new());
  if (!scalar || !BN_bin2bn(bytes_of(private32), static_cast<int>(private32.size()), scalar.get())) {
    return internal_error("out of memory");
  }
  if (BN_is_zero(scalar.get()) || BN_cmp(scalar.get(), EC_GROUP_get0_order(&group)) >= 0) {
    return invalid("not a valid P-256 private key");
  }
  return scalar;
}

Result<std::string> public_point(const EC_GROUP& group, const BIGNUM& scalar) {
  PointPtr point(EC_POINT_new(&group));
  std::string encoded(kP256PublicSize, '\0');
  if (!point || EC_POINT_mul(&group, point.get(), &scalar, nullptr, nullptr, nullptr) != 1 ||
      EC_POINT_point2oct(&group, point.get(), POINT_CONVERSION_UNCOMPRESSED, bytes_of(encoded), encoded.size(),
                         nullptr) != kP256PublicSize) {
    return internal_error("could not compute a P-256 public key");
  }
  return encoded;
}

Result<std::string> public_from_private(std::string_view private32) {
  ASSIGN_OR_RETURN(GroupPtr group, p256_group());
  ASSIGN_OR_RETURN(BignumPtr scalar, private_scalar(*group, private32));
  return public_point(*group, *scalar);
}

Result<PkeyPtr> pkey_from_params(OSSL_PARAM_BLD* builder, int selection) {
  ParamsPtr params(OSSL_PARAM_BLD_to_param(builder));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, selection, params.get()) != 1) {
    return invalid("not a valid P-256 key");
  }
  return PkeyPtr(raw);
}

// A public key as sent in p256dh, k= and the key id: only the uncompressed form, and only a point
// on the curve (a point off it would leak bits of our private key through ECDH).
Result<PkeyPtr> p256_public_key(std::string_view public65) {
  if (public65.size() != kP256PublicSize || public65[0] != '\x04') {
    return invalid("a P-256 public key is 65 bytes: 0x04, then X and Y");
  }
  ParamBuildPtr builder(OSSL_PARAM_BLD_new());
  if (!builder || OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, public65.data(), public65.size()) != 1) {
    return internal_error("out of memory");
  }
  ASSIGN_OR_RETURN(PkeyPtr key, pkey_from_params(builder.get(), EVP_PKEY_PUBLIC_KEY));
  // On the curve and not the point at infinity. P-256's cofactor is 1, so the full check's extra
  // multiplication by the group order (ten times the cost of the whole key agreement) adds nothing.
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check_quick(check.get()) != 1) return invalid("not a point on the P-256 curve");
  return key;
}

Result<PkeyPtr> p256_private_key(std::string_view private32) {
  ASSIGN_OR_RETURN(GroupPtr group, p256_group());
  ASSIGN_OR_RETURN(BignumPtr scalar, private_scalar(*group, private32));
  ASSIGN_OR_RETURN(std::string public65, public_point(*group, *scalar));
  ParamBuildPtr builder(OSSL_PARAM_BLD_new());
  if (!builder || OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, scalar.get()) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, public65.data(), public65.size()) != 1) {
    return internal_error("out of memory");
  }
  return pkey_from_params(builder.get(), EVP_PKEY_KEYPAIR);
}

// A fresh pair. A random 32 bytes is a valid scalar but for a chance of about 2^-32, so the rare
// miss is simply drawn again.
Result<VapidKeys> new_p256_pair() {
  for (;;) {
    ASSIGN_OR_RETURN(std::string candidate, random_bytes(kP256PrivateSize));
    auto keys = vapid_keys_from_private(candidate);
    OPENSSL_cleanse(candidate.data(), candidate.size());
    if (keys.ok() || keys.error().code != ErrorCode::InvalidArgument) return keys;
  }
}

// --- HMAC, AES-GCM --------------------------------------------------------------------------------

Result<std::string> hmac_sha256(std::string_view key, std::string_view message) {
  std::array<unsigned char, 32> mac{};
  unsigned int mac_size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), bytes_of(message), message.size(), mac.data(),
           &mac_size) == nullptr) {
    return internal_error("HMAC-SHA-256 failed");
  }
  std::string out(reinterpret_cast<const char*>(mac.data()), mac_size);
  OPENSSL_cleanse(mac.data(), mac.size());
  return out;
}

// AES-128-GCM with no associated data (RFC 8188 uses none): ciphertext || tag.
Result<std::string> aes128gcm_seal(std::string_view key, std::string_view nonce, std::string_view plaintext) {
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  std::string out(plaintext.size() + kTagSize, '\0');
  unsigned char* cursor = bytes_of(out);
  unsigned char* tag = cursor + plaintext.size();
  int written = 0;
  int final_written = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, bytes_of(key), bytes_of(nonce)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), cursor, &written, bytes_of(plaintext), static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), cursor + written, &final_written) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize), tag) != 1) {
    return internal_error("AES-128-GCM encryption failed");
  }
  return out;
}

Result<std::string> aes128gcm_open(std::string_view key, std::string_view nonce, std::string_view sealed) {
  const std::size_t ciphertext_size = sealed.size() - kTagSize;
  std::string tag(sealed.substr(ciphertext_size));
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  std::string out(ciphertext_size, '\0');
  int written = 0;
  int final_written = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, bytes_of(key), bytes_of(nonce)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), bytes_of(out), &written, bytes_of(sealed), static_cast<int>(ciphertext_size)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize), tag.data()) != 1) {
    return internal_error("AES-128-GCM decryption failed");
  }
  if (EVP_DecryptFinal_ex(ctx.get(), bytes_of(out) + written, &final_written) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    return invalid("the push message failed authentication: altered, or not for these keys");
  }
  return out;
}

// --- aes128gcm body -------------------------------------------------------------------------------

struct ContentHeader {
  std::string_view salt;
  std::uint32_t record_size = 0;
  std::string_view sender_public;  // the key id
  std::string_view record;         // everything after the header
};

std::string content_header(std::string_view salt, std::string_view sender_public) {
  std::string header(salt);
  for (int shift = 24; shift >= 0; shift -= 8) header += static_cast<char>((kPushRecordSize >> shift) & 0xff);
  header += static_cast<char>(sender_public.size());
  header += sender_public;
  return header;
}

Result<ContentHeader> parse_content_header(std::string_view body) {
  constexpr std::size_t kFixedPart = kSaltSize + 4 + 1;
  if (body.size() < kFixedPart) return invalid("the push message is shorter than its header");
  ContentHeader header;
  header.salt = body.substr(0, kSaltSize);
  for (std::size_t i = kSaltSize; i < kSaltSize + 4; ++i) {
    header.record_size = (header.record_size << 8) | static_cast<unsigned char>(body[i]);
  }
  const std::size_t key_id_size = static_cast<unsigned char>(body[kSaltSize + 4]);
  if (key_id_size != kP256PublicSize) return invalid("the key id must be the sender's 65-byte public key");
  if (body.size() < kFixedPart + key_id_size) return invalid("the push message is shorter than its header");
  header.sender_public = body.substr(kFixedPart, key_id_size);
  header.record = body.substr(kFixedPart + key_id_size);
  // RFC 8188 section 2: a record must hold the tag and a delimiter; RFC 8291 allows one record only.
  if (header.record_size < kTagSize + 2) return invalid("the record size is below RFC 8188's minimum of 18");
  if (header.record.size() < kTagSize + 1) return invalid("the push message's record is too short");
  if (header.record.size() > header.record_size) return invalid("the push message holds more than one record");
  return header;
}

Result<std::size_t> padding_for(std::size_t plaintext_size, std::size_t pad_to) {
  if (plaintext_size > kMaxPushPlaintext) {
    return invalid("the push payload is " + std::to_string(plaintext_size) + " bytes; at most " +
                   std::to_string(kMaxPushPlaintext) + " fit the 4096-byte body push services must accept");
  }
  if (pad_to > kMaxPushPlaintext) {
    return invalid("pad_to is above the " + std::to_string(kMaxPushPlaintext) + "-byte push payload limit");
  }
  return pad_to > plaintext_size ? pad_to - plaintext_size : 0;
}

// RFC 8188 section 2: the record ends in zero padding after a delimiter, 0x02 for the last record.
Result<std::string> strip_padding(std::string padded) {
  const std::size_t delimiter = padded.find_last_not_of('\0');
  if (delimiter == std::string::npos) return invalid("the push message has no padding delimiter");
  if (padded[delimiter] != '\x02') return invalid("the push message's record is not marked as the last");
  padded.resize(delimiter);
  return padded;
}

// The subscription's public key, once its keys are checked.
Result<PkeyPtr> target_key(const PushTarget& target) {
  if (target.auth.size() != kAuthSecretSize) return invalid("the auth secret must be 16 bytes", "auth");
  auto key = p256_public_key(target.p256dh);
  if (!key.ok()) return invalid("p256dh is not a P-256 public key: " + key.error().message, "p256dh");
  return std::move(key).value();
}

// --- JWT (ES256) ----------------------------------------------------------------------------------

// OpenSSL signs ECDSA as DER; JWS (RFC 7518 section 3.4) wants R and S as 32 bytes each.
Result<std::string> der_to_raw_signature(std::string_view der) {
  const unsigned char* cursor = bytes_of(der);
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size())));
  if (!sig) return internal_error("could not read the ECDSA signature");
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string raw(kEs256SignatureSize, '\0');
  if (BN_bn2binpad(r, bytes_of(raw), 32) != 32 || BN_bn2binpad(s, bytes_of(raw) + 32, 32) != 32) {
    return internal_error("ECDSA signature values out of range");
  }
  return raw;
}

Result<std::string> raw_to_der_signature(std::string_view raw) {
  if (raw.size() != kEs256SignatureSize) return unauthenticated("an ES256 signature is 64 bytes");
  BignumPtr r(BN_bin2bn(bytes_of(raw), 32, nullptr));
  BignumPtr s(BN_bin2bn(bytes_of(raw) + 32, 32, nullptr));
  EcdsaSigPtr sig(ECDSA_SIG_new());
  if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) return internal_error("out of memory");
  r.release();  // owned by sig now
  s.release();
  const int size = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (size <= 0) return internal_error("could not encode the ECDSA signature");
  std::string der(static_cast<std::size_t>(size), '\0');
  unsigned char* cursor = bytes_of(der);
  if (i2d_ECDSA_SIG(sig.get(), &cursor) != size) return internal_error("could not encode the ECDSA signature");
  return der;
}

Result<std::string> es256_sign(std::string_view private32, std::string_view message) {
  ASSIGN_OR_RETURN(PkeyPtr key, p256_private_key(private32));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t der_size = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &der_size, bytes_of(message), message.size()) != 1) {
    return internal_error("ES256 signing failed");
  }
  std::string der(der_size, '\0');
  if (EVP_DigestSign(ctx.get(), bytes_of(der), &der_size, bytes_of(message), message.size()) != 1) {
    return internal_error("ES256 signing failed");
  }
  der.resize(der_size);
  return der_to_raw_signature(der);
}

Status es256_verify(std::string_view public65, std::string_view message, std::string_view raw_signature) {
  auto key = p256_public_key(public65);
  if (!key.ok()) return unauthenticated("k is not a P-256 public key");
  ASSIGN_OR_RETURN(std::string der, raw_to_der_signature(raw_signature));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key->get()) != 1) {
    return internal_error("ES256 verification failed to start");
  }
  if (EVP_DigestVerify(ctx.get(), bytes_of(der), der.size(), bytes_of(message), message.size()) != 1) {
    return unauthenticated("the VAPID token's signature does not match k");
  }
  return ok_status();
}

// Printable ASCII only, so the claim needs no care in JSON and no push service chokes on it.
Status check_subject(std::string_view subject) {
  if (!subject.starts_with("mailto:") && !subject.starts_with("https://")) {
    return invalid("the VAPID subject must be a mailto: or https: URL", "subject");
  }
  if (subject.size() > kMaxSubjectSize) return invalid("the VAPID subject is too long", "subject");
  for (unsigned char c : subject) {
    if (c < 0x21 || c > 0x7e) return invalid("the VAPID subject must be printable ASCII without spaces", "subject");
  }
  return ok_status();
}

std::string jwt_claims(std::string_view audience, std::int64_t expires_at, std::string_view subject) {
  Json claims = Json::object();
  claims["aud"] = std::string(audience);
  claims["exp"] = expires_at;
  claims["sub"] = std::string(subject);
  return claims.dump();
}

struct VapidParams {
  std::string_view token;
  std::string_view key;
};

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// "vapid t=<token>, k=<key>" (RFC 8292 section 3): parameters in any order, values maybe quoted.
Result<VapidParams> parse_vapid_header(std::string_view value) {
  value = trim(value);
  const auto space = value.find_first_of(" \t");
  if (space == std::string_view::npos || !equals_ignoring_case(value.substr(0, space), "vapid")) {
    return unauthenticated("the Authorization header is not of the vapid scheme");
  }
  VapidParams params;
  std::string_view rest = value.substr(space + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view item = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const auto equals = item.find('=');
    if (equals == std::string_view::npos) return unauthenticated("malformed vapid parameter");
    std::string_view name = trim(item.substr(0, equals));
    std::string_view param = trim(item.substr(equals + 1));
    if (param.size() >= 2 && param.front() == '"' && param.back() == '"') param = param.substr(1, param.size() - 2);
    if (equals_ignoring_case(name, "t")) params.token = param;
    else if (equals_ignoring_case(name, "k")) params.key = param;
  }
  if (params.token.empty() || params.key.empty()) return unauthenticated("the vapid header needs both t= and k=");
  return params;
}

Result<Json> decode_json_object(std::string_view part, std::string_view what) {
  auto text = base64url_decode(part);
  if (!text) return unauthenticated(std::string(what) + " is not base64url");
  Json parsed = Json::parse(*text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return unauthenticated(std::string(what) + " is not a JSON object");
  return parsed;
}

std::optional<std::int64_t> integer_claim(const Json& claims, const char* name) {
  auto it = claims.find(name);
  if (it == claims.end() || !it->is_number_integer()) return std::nullopt;
  if (it->is_number_unsigned()) {
    const auto value = it->get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(value);
  }
  return it->get<std::int64_t>();
}

Status check_claims(const Json& claims, std::string_view expected_audience, std::int64_t now, VapidClaims& out) {
  auto aud = claims.find("aud");
  if (aud == claims.end() || !aud->is_string()) return unauthenticated("the VAPID token has no aud claim");
  out.aud = aud->get<std::string>();
  if (out.aud != expected_audience) return unauthenticated("the VAPID token is for another audience: " + out.aud);
  auto exp = integer_claim(claims, "exp");
  if (!exp) return unauthenticated("the VAPID token has no integer exp claim");
  out.exp = *exp;
  if (out.exp <= now) return unauthenticated("the VAPID token has expired");
  // Unsigned, so the difference cannot overflow; exp > now makes it exact.
  if (static_cast<std::uint64_t>(out.exp) - static_cast<std::uint64_t>(now) > kMaxVapidLifetime) {
    return unauthenticated("the VAPID token expires more than 24 hours ahead");
  }
  auto sub = claims.find("sub");
  if (sub != claims.end()) {
    if (!sub->is_string()) return unauthenticated("the VAPID token's sub claim is not a string");
    out.sub = sub->get<std::string>();
  }
  return ok_status();
}

// --- URLs -----------------------------------------------------------------------------------------

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool valid_host(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') {  // an IPv6 literal
    if (host.size() < 3 || host.back() != ']') return false;
    for (char c : host.substr(1, host.size() - 2)) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
    }
    return true;
  }
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') return false;
  }
  return true;
}

// The port's value, nullopt when it is not 1..65535 in decimal.
std::optional<unsigned> parse_port(std::string_view text) {
  unsigned port = 0;
  if (text.empty() || text.size() > 5) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc{} || end != text.data() + text.size() || port == 0 || port > 65535) return std::nullopt;
  return port;
}

}  // namespace

// --- base64url ------------------------------------------------------------------------------------

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      out += kBase64UrlAlphabet[(buffer >> (bits - 6)) & 63];
      bits -= 6;
    }
  }
  if (bits > 0) out += kBase64UrlAlphabet[(buffer << (6 - bits)) & 63];
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  const std::size_t padded_size = text.size();
  int padding = 0;
  while (padding < 2 && !text.empty() && text.back() == '=') {
    text.remove_suffix(1);
    ++padding;
  }
  // With padding the text must come in whole groups of four; a lone trailing character is never valid.
  if ((padding > 0 && padded_size % 4 != 0) || text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
    else if (c >= '0' && c <= '9') value = c - '0' + 52;
    else if (c == '-') value = 62;
    else if (c == '_') value = 63;
    else return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

// --- VAPID ----------------------------------------------------------------------------------------

VapidKeys generate_vapid_keys() {
  OpenSslErrorScope errors;
  auto keys = new_p256_pair();
  // Only a random generator that cannot seed gets here; no key may be made without one.
  if (!keys.ok()) throw std::runtime_error("web push: " + keys.error().message);
  return std::move(keys).value();
}

Result<VapidKeys> vapid_keys_from_private(std::string_view private32) {
  OpenSslErrorScope errors;
  ASSIGN_OR_RETURN(std::string public65, public_from_private(private32));
  return VapidKeys{std::string(private32), std::move(public65)};
}

Result<std::string> vapid_audience(std::string_view endpoint_url) {
  const auto scheme_end = endpoint_url.find("://");
  if (scheme_end == std::string_view::npos) return invalid("the push endpoint is not an absolute URL", "endpoint");
  const std::string scheme = lower(endpoint_url.substr(0, scheme_end));
  if (scheme != "https" && scheme != "http") return invalid("the push endpoint must be an http(s) URL", "endpoint");
  std::string_view authority = endpoint_url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  // After an IPv6 literal's ']', or anywhere in a name, a ':' starts the port.
  const auto host_end = authority.starts_with('[') ? authority.find(']') : std::string_view::npos;
  const auto colon = authority.find(':', host_end == std::string_view::npos ? 0 : host_end);
  std::string_view host = authority.substr(0, colon);
  if (!valid_host(host)) return invalid("the push endpoint has no valid host", "endpoint");
  std::string origin = scheme + "://" + lower(host);
  if (colon == std::string_view::npos) return origin;
  auto port = parse_port(authority.substr(colon + 1));
  if (!port) return invalid("the push endpoint has an invalid port", "endpoint");
  const unsigned default_port = scheme == "https" ? 443 : 80;
  if (*port != default_port) origin += ":" + std::to_string(*port);
  return origin;
}

Result<std::string> vapid_authorization(std::string_view endpoint_url, std::string_view subject,
                                        const VapidKeys& keys, std::int64_t expires_at_unix) {
  OpenSslErrorScope errors;
  ASSIGN_OR_RETURN(std::string audience, vapid_audience(endpoint_url));
  TRY(check_subject(subject));
  ASSIGN_OR_RETURN(std::string expected_public, public_from_private(keys.private_key));
  // A k that is not the signer's would make every push fail at the push service, far from here.
  if (expected_public != keys.public_key) return invalid("the VAPID public key does not match the private key");
  const std::string signing_input = base64url_encode(R"({"typ":"JWT","alg":"ES256"})") + "." +
                                    base64url_encode(jwt_claims(audience, expires_at_unix, subject));
  ASSIGN_OR_RETURN(std::string signature, es256_sign(keys.private_key, signing_input));
  return "vapid t=" + signing_input + "." + base64url_encode(signature) + ", k=" + base64url_encode(keys.public_key);
}

Result<VapidClaims> verify_vapid_authorization(std::string_view header_value, std::string_view expected_audience,
                                               std::int64_t now) {
  OpenSslErrorScope errors;
  ASSIGN_OR_RETURN(VapidParams params, parse_vapid_header(header_value));
  const auto first_dot = params.token.find('.');
  const auto second_dot = params.token.rfind('.');
  if (first_dot == std::string_view::npos || first_dot == second_dot ||
      params.token.find('.', first_dot + 1) != second_dot) {
    return unauthenticated("the VAPID token is not a JWS in three parts");
  }
  ASSIGN_OR_RETURN(Json header, decode_json_object(params.token.substr(0, first_dot), "the JWT header"));
  auto alg = header.find("alg");
  if (alg == header.end() || *alg != "ES256") return unauthenticated("the VAPID token is not signed with ES256");
  auto public_key = base64url_decode(params.key);
  auto signature = base64url_decode(params.token.substr(second_dot + 1));
  if (!public_key || !signature) return unauthenticated("k or the signature is not base64url");
  TRY(es256_verify(*public_key, params.token.substr(0, second_dot), *signature));
  ASSIGN_OR_RETURN(Json claims, decode_json_object(params.token.substr(first_dot + 1, second_dot - first_dot - 1),
                                                   "the JWT claims"));
  VapidClaims out;
  TRY(check_claims(claims, expected_audience, now, out));
  out.public_key = std::move(*public_key);
  return out;
}

// --- Message encryption ---------------------------------------------------------------------------

namespace {

// `peer` was checked when it was parsed (p256_public_key): OpenSSL's own check of it here would
// redo the expensive full validation on every message.
Result<std::string> derive_secret(EVP_PKEY* local, EVP_PKEY* peer) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, local, nullptr));
  std::string secret(32, '\0');
  std::size_t secret_size = secret.size();
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer_ex(ctx.get(), peer, 0) != 1 ||
      EVP_PKEY_derive(ctx.get(), bytes_of(secret), &secret_size) != 1 || secret_size != secret.size()) {
    return internal_error("P-256 key agreement failed");
  }
  return secret;
}

// The record and its header, from the key agreement's result on.
Result<std::string> seal_push_record(std::string_view plaintext, const PushTarget& target, std::string_view salt,
                                     std::string_view sender_public, std::string& ecdh_secret, std::size_t padding) {
  WipeOnExit wipe_secret(ecdh_secret);
  ASSIGN_OR_RETURN(PushKeySchedule keys, derive_push_keys(ecdh_secret, target.auth, target.p256dh, sender_public, salt));
  std::string record;
  WipeOnExit wipe_keys(keys.prk_key, keys.ikm, keys.prk, keys.cek, keys.nonce, record);
  record.reserve(plaintext.size() + 1 + padding);  // one buffer, so no unwiped copy is left behind
  record.append(plaintext);
  record += '\x02';
  record.append(padding, '\0');
  ASSIGN_OR_RETURN(std::string sealed, aes128gcm_seal(keys.cek, keys.nonce, record));
  return content_header(salt, sender_public) + sealed;
}

}  // namespace

Result<std::string> p256_ecdh(std::string_view private32, std::string_view peer_public65) {
  OpenSslErrorScope errors;
  ASSIGN_OR_RETURN(PkeyPtr local, p256_private_key(private32));
  ASSIGN_OR_RETURN(PkeyPtr peer, p256_public_key(peer_public65));
  return derive_secret(local.get(), peer.get());
}

Result<PushKeySchedule> derive_push_keys(std::string_view ecdh_secret, std::string_view auth,
                                         std::string_view ua_public, std::string_view as_public,
                                         std::string_view salt) {
  PushKeySchedule keys;
  ASSIGN_OR_RETURN(keys.prk_key, hmac_sha256(auth, ecdh_secret));
  std::string key_info = std::string("WebPush: info\0"sv) + std::string(ua_public) + std::string(as_public) + '\x01';
  ASSIGN_OR_RETURN(keys.ikm, hmac_sha256(keys.prk_key, key_info));
  ASSIGN_OR_RETURN(keys.prk, hmac_sha256(salt, keys.ikm));
  ASSIGN_OR_RETURN(keys.cek, hmac_sha256(keys.prk, "Content-Encoding: aes128gcm\0\x01"sv));
  ASSIGN_OR_RETURN(keys.nonce, hmac_sha256(keys.prk, "Content-Encoding: nonce\0\x01"sv));
  keys.cek.resize(kCekSize);
  keys.nonce.resize(kNonceSize);
  return keys;
}

Result<PushRecipient> PushRecipient::parse(const PushTarget& target) {
  OpenSslErrorScope errors;
  ASSIGN_OR_RETURN(PkeyPtr key, target_key(target));
  PushRecipient r;
  r.target_ = target;
  r.key_ = std::shared_ptr<void>(key.release(), [](void* k) { EVP_PKEY_free(static_cast<EVP_PKEY*>(k)); });
  return r;
}

Result<std::string> encrypt_push_payload(std::string_view plaintext, const PushRecipient& recipient,
                                         std::size_t pad_to) {
  OpenSslErrorScope errors;
  ASSIGN_OR_RETURN(std::size_t padding, padding_for(plaintext.size(), pad_to));
  // A fresh key pair per message, made and used inside OpenSSL (its fast P-256 code) without ever
  // leaving it as bytes.
  PkeyPtr ephemeral(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  std::string sender_public(kP256PublicSize, '\0');
  std::size_t public_size = 0;
  if (!ephemeral || EVP_PKEY_get_octet_string_param(ephemeral.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
                                                    bytes_of(sender_public), sender_public.size(),
                                                    &public_size) != 1 ||
      public_size != kP256PublicSize) {
    return internal_error("could not make a P-256 key pair");
  }
  ASSIGN_OR_RETURN(std::string salt, random_bytes(kSaltSize));
  ASSIGN_OR_RETURN(std::string ecdh_secret,
                   derive_secret(ephemeral.get(), static_cast<EVP_PKEY*>(recipient.key_.get())));
  return seal_push_record(plaintext, recipient.target_, salt, sender_public, ecdh_secret, padding);
}

Result<std::string> encrypt_push_payload(std::string_view plaintext, const PushTarget& target, std::size_t pad_to) {
  ASSIGN_OR_RETURN(PushRecipient recipient, PushRecipient::parse(target));
  return encrypt_push_payload(plaintext, recipient, pad_to);
}

Result<std::string> encrypt_push_payload_with(std::string_view plaintext, const PushTarget& target,
                                              const PushSenderSecrets& sender, std::size_t pad_to) {
  OpenSslErrorScope errors;
  ASSIGN_OR_RETURN(PkeyPtr peer, target_key(target));
  if (sender.salt.size() != kSaltSize) return invalid("the salt must be 16 bytes");
  ASSIGN_OR_RETURN(std::size_t padding, padding_for(plaintext.size(), pad_to));
  ASSIGN_OR_RETURN(std::string sender_public, public_from_private(sender.ephemeral_private_key));
  ASSIGN_OR_RETURN(PkeyPtr local, p256_private_key(sender.ephemeral_private_key));
  ASSIGN_OR_RETURN(std::string ecdh_secret, derive_secret(local.get(), peer.get()));
  return seal_push_record(plaintext, target, sender.salt, sender_public, ecdh_secret, padding);
}

Result<std::string> decrypt_push_payload(std::string_view body, std::string_view ua_private32,
                                         std::string_view ua_public65, std::string_view auth16) {
  OpenSslErrorScope errors;
  if (auth16.size() != kAuthSecretSize) return invalid("the auth secret must be 16 bytes");
  if (ua_public65.size() != kP256PublicSize) return invalid("the user agent's public key must be 65 bytes");
  ASSIGN_OR_RETURN(ContentHeader header, parse_content_header(body));
  if (!p256_public_key(header.sender_public).ok()) return invalid("the push message's key id is not a P-256 key");
  ASSIGN_OR_RETURN(std::string ecdh_secret, p256_ecdh(ua_private32, header.sender_public));
  WipeOnExit wipe_secret(ecdh_secret);
  ASSIGN_OR_RETURN(PushKeySchedule keys, derive_push_keys(ecdh_secret, auth16, ua_public65, header.sender_public,
                                                          header.salt));
  WipeOnExit wipe_keys(keys.prk_key, keys.ikm, keys.prk, keys.cek, keys.nonce);
  ASSIGN_OR_RETURN(std::string padded, aes128gcm_open(keys.cek, keys.nonce, header.record));
  return strip_padding(std::move(padded));
}

PushSubscriberKeys generate_push_subscriber_keys() {
  VapidKeys pair = generate_vapid_keys();
  OpenSslErrorScope errors;
  auto auth = random_bytes(kAuthSecretSize);
  if (!auth.ok()) throw std::runtime_error("web push: " + auth.error().message);
  return {std::move(pair.private_key), std::move(pair.public_key), std::move(auth).value()};
}

}  // namespace muster::crypto
