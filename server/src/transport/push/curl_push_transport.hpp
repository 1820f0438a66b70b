// The HTTP client of Web Push: libcurl, chosen over a hand-written Beast client because push
// services are third-party HTTPS servers (FCM, Mozilla, Apple, Microsoft) reached through whatever
// the company's network needs: certificate checks, HTTP/2, proxies from HTTPS_PROXY, timeouts and
// connection reuse are what libcurl is made for.
#pragma once
#include <memory>

#include "app/attention/push_sender.hpp"

namespace muster::transport {

// One per server; thread-safe (each sender thread keeps its own connection cache).
std::unique_ptr<app::PushTransport> make_curl_push_transport();

}  // namespace muster::transport
