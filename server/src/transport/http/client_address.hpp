// Who is on the other end of a request. Behind a reverse proxy the socket's peer is the proxy, so
// the client's address comes from Forwarded (RFC 7239) or X-Forwarded-For — but only when the peer
// is a proxy the operator named (--trusted-proxy): anyone can write those headers.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace muster::transport::http_api {

// Addresses and CIDR ranges, IPv4 and IPv6 ("127.0.0.1, 10.0.0.0/8, ::1, fd00::/8").
class TrustedProxies {
 public:
  static Result<TrustedProxies> parse(std::string_view list);
  bool contains(std::string_view address) const;
  bool empty() const { return ranges_.empty(); }

 private:
  struct Range {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
    int bits = 128;
  };
  std::vector<Range> ranges_;
};

// The peer itself unless it is a trusted proxy; then the rightmost address of the forwarding chain
// (Forwarded's for=, else X-Forwarded-For) that is not a trusted proxy. A malformed chain counts as
// no chain: the peer.
std::string client_address(std::string_view peer, std::string_view forwarded, std::string_view x_forwarded_for,
                           const TrustedProxies& trusted);

}  // namespace muster::transport::http_api
