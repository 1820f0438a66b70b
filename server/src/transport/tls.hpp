// Built-in TLS (--tls-cert, --tls-key): the OpenSSL context and the stream type HTTPS and WSS
// connections use. Only the server and the WebSocket session include this (OpenSSL is heavy).
#pragma once
#include <memory>
#include <string>

#include "core/result.hpp"
#include "transport/beast.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

namespace muster::transport {

namespace ssl = boost::asio::ssl;

// A TLS connection. Beast's wrapper is movable, so an HTTP connection that upgrades keeps its
// TLS state in the WebSocket session.
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// TLS 1.2 and 1.3 only, forward-secret AEAD ciphers in the server's order, no renegotiation or
// compression. The certificate file may hold the chain after the certificate. InvalidArgument
// with a plain sentence when a file is missing or unreadable, not PEM, or the key does not
// belong to the certificate.
Result<std::shared_ptr<ssl::context>> make_tls_context(const std::string& cert_file, const std::string& key_file);

}  // namespace muster::transport
