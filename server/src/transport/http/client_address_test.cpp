#include "transport/http/client_address.hpp"

#include <gtest/gtest.h>

namespace muster::transport::http_api {
namespace {

TrustedProxies proxies(std::string_view list) {
  auto parsed = TrustedProxies::parse(list);
  EXPECT_TRUE(parsed.ok()) << list;
  return parsed.ok() ? parsed.value() : TrustedProxies{};
}

TEST(TrustedProxies, MatchesAddressesAndRanges) {
  auto t = proxies("127.0.0.1, 10.0.0.0/8, fd00::/8, ::1");
  EXPECT_TRUE(t.contains("127.0.0.1"));
  EXPECT_FALSE(t.contains("127.0.0.2"));
  EXPECT_TRUE(t.contains("10.200.3.4"));
  EXPECT_FALSE(t.contains("11.0.0.1"));
  EXPECT_TRUE(t.contains("fd12::5"));
  EXPECT_TRUE(t.contains("::1"));
  EXPECT_FALSE(t.contains("2001:db8::1"));
  EXPECT_FALSE(t.contains("not an address"));
  EXPECT_TRUE(proxies("192.168.1.0/25").contains("192.168.1.127"));
  EXPECT_FALSE(proxies("192.168.1.0/25").contains("192.168.1.128"));
}

TEST(TrustedProxies, RefusesWhatIsNotAnAddress) {
  for (auto bad : {"localhost", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "1.2.3"})
    EXPECT_FALSE(TrustedProxies::parse(bad).ok()) << bad;
  EXPECT_TRUE(TrustedProxies::parse("").value().empty());
}

TEST(ClientAddress, FollowsTheChainOnlyFromATrustedPeer) {
  auto t = proxies("127.0.0.1, 10.0.0.0/8");
  struct Case {
    const char* peer;
    const char* forwarded;
    const char* xff;
    const char* expected;
  } cases[] = {
      {"203.0.113.9", "", "198.51.100.1", "203.0.113.9"},                      // untrusted peer: headers ignored
      {"127.0.0.1", "", "", "127.0.0.1"},                                      // no header
      {"127.0.0.1", "", "198.51.100.1", "198.51.100.1"},                       // one hop
      {"127.0.0.1", "", "6.6.6.6, 198.51.100.1", "198.51.100.1"},              // a spoofed left part is skipped
      {"127.0.0.1", "", "198.51.100.1, 10.1.1.1", "198.51.100.1"},             // our own proxies are skipped
      {"127.0.0.1", "for=192.0.2.60;proto=https", "9.9.9.9", "192.0.2.60"},    // Forwarded wins
      {"127.0.0.1", "for=\"[2001:db8:cafe::17]:4711\"", "", "2001:db8:cafe::17"},
      {"127.0.0.1", "for=192.0.2.43:47011, for=198.51.100.17", "", "198.51.100.17"},
      {"127.0.0.1", "for=unknown", "", "127.0.0.1"},                           // malformed: the peer
      {"127.0.0.1", "", "not-an-ip", "127.0.0.1"},
      {"127.0.0.1", "", "10.0.0.5, 10.0.0.6", "10.0.0.5"},                    // all ours: the first
  };
  for (const auto& c : cases)
    EXPECT_EQ(client_address(c.peer, c.forwarded, c.xff, t), c.expected) << c.peer << " | " << c.forwarded << " | " << c.xff;
  EXPECT_EQ(client_address("127.0.0.1", "", "198.51.100.1", TrustedProxies{}), "127.0.0.1") << "no proxies configured";
}

}  // namespace
}  // namespace muster::transport::http_api
