#include "transport/http/client_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>

namespace muster::transport::http_api {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// An address as 16 bytes (IPv4 mapped into IPv6), or nothing.
std::optional<std::array<std::uint8_t, 16>> parse_ip(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  std::string s(text);
  std::array<std::uint8_t, 16> out{};
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

// One hop of a chain: "192.0.2.1", "192.0.2.1:4711", "[2001:db8::1]:4711", "2001:db8::1", quoted or
// not. Nothing for "unknown", obfuscated names and anything else.
std::optional<std::string> hop_address(std::string_view hop) {
  hop = trim(hop);
  if (hop.size() >= 2 && hop.front() == '"' && hop.back() == '"') hop = hop.substr(1, hop.size() - 2);
  if (hop.starts_with('[')) {
    auto close = hop.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    hop = hop.substr(1, close - 1);
  } else if (std::count(hop.begin(), hop.end(), ':') == 1) {
    hop = hop.substr(0, hop.find(':'));  // IPv4 with a port
  }
  if (!parse_ip(hop)) return std::nullopt;
  return std::string(hop);
}

// The for= of each Forwarded element, left to right; nothing when malformed.
std::optional<std::vector<std::string>> forwarded_chain(std::string_view header) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= header.size()) {
    auto end = header.find(',', start);
    auto element = header.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    std::optional<std::string> address;
    size_t pair_start = 0;
    while (pair_start <= element.size()) {
      auto pair_end = element.find(';', pair_start);
      auto pair = trim(element.substr(pair_start, pair_end == std::string_view::npos ? std::string_view::npos
                                                                                       : pair_end - pair_start));
      if (pair.size() > 4 && (pair.substr(0, 4) == "for=" || pair.substr(0, 4) == "For=" || pair.substr(0, 4) == "FOR=")) {
        address = hop_address(pair.substr(4));
        if (!address) return std::nullopt;
      }
      if (pair_end == std::string_view::npos) break;
      pair_start = pair_end + 1;
    }
    if (!address) return std::nullopt;
    out.push_back(*address);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::optional<std::vector<std::string>> x_forwarded_chain(std::string_view header) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= header.size()) {
    auto end = header.find(',', start);
    auto address = hop_address(header.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (!address) return std::nullopt;
    out.push_back(*address);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

Result<TrustedProxies> TrustedProxies::parse(std::string_view list) {
  TrustedProxies out;
  size_t start = 0;
  while (start < list.size()) {
    auto end = list.find(',', start);
    auto item = trim(list.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    start = end == std::string_view::npos ? list.size() : end + 1;
    if (item.empty()) continue;
    Range r;
    auto slash = item.find('/');
    auto ip = parse_ip(item.substr(0, slash));
    if (!ip) return invalid("--trusted-proxy: '" + std::string(item) + "' is not an IP address or CIDR range.");
    r.bytes = *ip;
    bool v4 = item.substr(0, slash).find(':') == std::string_view::npos;
    if (slash != std::string_view::npos) {
      auto bits_text = item.substr(slash + 1);
      int bits = -1;
      auto [ptr, ec] = std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
      if (ec != std::errc() || ptr != bits_text.data() + bits_text.size() || bits < 0 || bits > (v4 ? 32 : 128))
        return invalid("--trusted-proxy: '" + std::string(item) + "' has a wrong prefix length.");
      r.bits = v4 ? 96 + bits : bits;
    }
    out.ranges_.push_back(r);
  }
  return out;
}

bool TrustedProxies::contains(std::string_view address) const {
  auto ip = parse_ip(address);
  if (!ip) return false;
  for (const auto& r : ranges_) {
    int whole = r.bits / 8, rest = r.bits % 8;
    if (std::memcmp(ip->data(), r.bytes.data(), static_cast<size_t>(whole)) != 0) continue;
    if (rest == 0) return true;
    auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    if (((*ip)[static_cast<size_t>(whole)] & mask) == (r.bytes[static_cast<size_t>(whole)] & mask)) return true;
  }
  return false;
}

std::string client_address(std::string_view peer, std::string_view forwarded, std::string_view x_forwarded_for,
                           const TrustedProxies& trusted) {
  if (!trusted.contains(peer)) return std::string(peer);
  auto chain = !trim(forwarded).empty() ? forwarded_chain(forwarded)
               : !trim(x_forwarded_for).empty() ? x_forwarded_chain(x_forwarded_for)
                                                 : std::nullopt;
  if (!chain || chain->empty()) return std::string(peer);
  for (auto it = chain->rbegin(); it != chain->rend(); ++it)
    if (!trusted.contains(*it)) return *it;
  return chain->front();  // every hop is a proxy of ours: the first one is as close as we get
}

}  // namespace muster::transport::http_api
