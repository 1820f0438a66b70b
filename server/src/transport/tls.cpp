#include "transport/tls.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <filesystem>
#include <fstream>

namespace muster::transport {

namespace {

// Mozilla's "intermediate" TLS 1.2 list: ECDHE only (forward secrecy), AEAD only. TLS 1.3 has
// its own (all good) suites.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

Status readable(const std::string& path, const char* what, const char* flag) {
  if (path.empty()) return invalid(std::string(flag) + " is missing: built-in TLS needs both --tls-cert and --tls-key.");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return invalid(std::string("The TLS ") + what + " file '" + path + "' does not exist (" + flag + ").");
  if (!std::ifstream(path).good())
    return invalid(std::string("The TLS ") + what + " file '" + path + "' cannot be read (" + flag + "): check its permissions.");
  return ok_status();
}

}  // namespace

Result<std::shared_ptr<ssl::context>> make_tls_context(const std::string& cert_file, const std::string& key_file) {
  TRY(readable(cert_file, "certificate", "--tls-cert"));
  TRY(readable(key_file, "key", "--tls-key"));
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
                               SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1);
  SSL_CTX_set_cipher_list(ctx, kTls12Ciphers);
  // An encrypted key would make OpenSSL prompt on the terminal: refuse it instead.
  context->set_password_callback([](std::size_t, ssl::context::password_purpose) { return std::string(); });
  beast::error_code ec;
  context->use_certificate_chain_file(cert_file, ec);
  if (ec) return invalid("The TLS certificate file '" + cert_file + "' is not a PEM certificate (--tls-cert).");
  context->use_private_key_file(key_file, ssl::context::pem, ec);
  // OpenSSL checks the key against the certificate as it loads it ("key values mismatch").
  if (ec && ec.message().find("mismatch") != std::string::npos)
    return invalid("The TLS key in '" + key_file + "' does not belong to the certificate in '" + cert_file + "'.");
  if (ec) return invalid("The TLS key file '" + key_file + "' is not a PEM private key, or is encrypted (--tls-key).");
  if (SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    return invalid("The TLS key in '" + key_file + "' does not belong to the certificate in '" + cert_file + "'.");
  }
  return context;
}

}  // namespace muster::transport
