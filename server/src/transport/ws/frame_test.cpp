#include "transport/ws/frame.hpp"

#include <gtest/gtest.h>

namespace muster::transport::ws {
namespace {

// A frame as a client sends it: masked with `mask`.
std::string client_frame(std::uint8_t first_byte, std::string_view payload, std::uint32_t mask = 0x37FA213D) {
  std::string f;
  f.push_back(static_cast<char>(first_byte));
  if (payload.size() < 126) {
    f.push_back(static_cast<char>(0x80 | payload.size()));
  } else if (payload.size() <= 0xFFFF) {
    f.push_back(static_cast<char>(0x80 | 126));
    f.push_back(static_cast<char>(payload.size() >> 8));
    f.push_back(static_cast<char>(payload.size() & 0xFF));
  } else {
    f.push_back(static_cast<char>(0x80 | 127));
    for (int i = 7; i >= 0; --i) f.push_back(static_cast<char>((std::uint64_t{payload.size()} >> (8 * i)) & 0xFF));
  }
  char key[4] = {static_cast<char>(mask >> 24), static_cast<char>(mask >> 16), static_cast<char>(mask >> 8),
                 static_cast<char>(mask)};
  f.append(key, 4);
  for (size_t i = 0; i < payload.size(); ++i) f.push_back(static_cast<char>(payload[i] ^ key[i & 3]));
  return f;
}

std::vector<Incoming> feed_all(Reader& reader, std::string_view bytes) {
  std::vector<Incoming> out;
  reader.feed(bytes, out);
  return out;
}

TEST(WsFrame, AcceptKeyMatchesTheRfcExample) {
  EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WsFrame, AcceptKeyRefusesWhatIsNotSixteenBytesOfBase64) {
  EXPECT_FALSE(accept_key(""));
  EXPECT_FALSE(accept_key("dGhlIHNhbXBsZSBub25jZQ"));      // unpadded
  EXPECT_FALSE(accept_key("dGhlIHNhbXBsZSBub25jZQ==AA"));  // too long
  EXPECT_FALSE(accept_key("dGhlIHNhbXBsZSBub25j!Q=="));    // not base64
  EXPECT_FALSE(accept_key("dGhlIHNhbXBsZSBub25jZXM="));    // 17 bytes
}

TEST(WsFrame, ServerHeadersUseTheShortestLengthForm) {
  char buffer[kMaxHeader + 1];
  char* end = buffer + kMaxHeader;
  char* p = put_header_before(end, Opcode::Text, 125);
  ASSERT_EQ(end - p, 2);
  EXPECT_EQ(static_cast<std::uint8_t>(p[0]), 0x81);
  EXPECT_EQ(static_cast<std::uint8_t>(p[1]), 125);

  p = put_header_before(end, Opcode::Text, 300);
  ASSERT_EQ(end - p, 4);
  EXPECT_EQ(static_cast<std::uint8_t>(p[1]), 126);
  EXPECT_EQ((static_cast<std::uint8_t>(p[2]) << 8) | static_cast<std::uint8_t>(p[3]), 300);

  p = put_header_before(end, Opcode::Text, 70000);
  ASSERT_EQ(end - p, 10);
  EXPECT_EQ(static_cast<std::uint8_t>(p[1]), 127);
  std::uint64_t length = 0;
  for (int i = 2; i < 10; ++i) length = (length << 8) | static_cast<std::uint8_t>(p[i]);
  EXPECT_EQ(length, 70000u);
}

TEST(WsFrame, CloseFrameCarriesCodeAndReason) {
  auto f = close_frame(4008, "resync");
  ASSERT_EQ(f.size(), 2u + 2 + 6);
  EXPECT_EQ(static_cast<std::uint8_t>(f[0]), 0x88);
  EXPECT_EQ(f[1], 8);
  EXPECT_EQ((static_cast<std::uint8_t>(f[2]) << 8) | static_cast<std::uint8_t>(f[3]), 4008);
  EXPECT_EQ(f.substr(4), "resync");
  EXPECT_EQ(close_frame(1000, std::string(300, 'x')).size(), 2u + 125);  // control payloads stop at 125
}

TEST(WsReader, UnmasksAWholeTextMessage) {
  Reader reader(1024);
  auto out = feed_all(reader, client_frame(0x81, R"({"type":"ping"})"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, Incoming::Kind::Message);
  EXPECT_EQ(out[0].payload, R"({"type":"ping"})");
}

TEST(WsReader, AssemblesMessagesSplitAcrossReadsAtEveryByte) {
  std::string bytes = client_frame(0x81, "first") + client_frame(0x81, std::string(300, 'a')) + client_frame(0x81, "last");
  for (size_t split = 0; split <= bytes.size(); ++split) {
    Reader reader(1024);
    auto out = feed_all(reader, std::string_view(bytes).substr(0, split));
    auto rest = feed_all(reader, std::string_view(bytes).substr(split));
    out.insert(out.end(), rest.begin(), rest.end());
    ASSERT_EQ(out.size(), 3u) << "split at " << split;
    EXPECT_EQ(out[0].payload, "first");
    EXPECT_EQ(out[1].payload, std::string(300, 'a'));
    EXPECT_EQ(out[2].payload, "last");
  }
}

TEST(WsReader, JoinsFragmentsWithControlFramesBetweenThem) {
  Reader reader(1024);
  std::string bytes = client_frame(0x01, "hel") + client_frame(0x89, "are you there") + client_frame(0x00, "lo ") +
                      client_frame(0x80, "world");
  auto out = feed_all(reader, bytes);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, Incoming::Kind::Ping);
  EXPECT_EQ(out[0].payload, "are you there");
  EXPECT_EQ(out[1].kind, Incoming::Kind::Message);
  EXPECT_EQ(out[1].payload, "hello world");
}

TEST(WsReader, ReadsCloseWithAndWithoutACode) {
  Reader with_code(1024);
  auto out = feed_all(with_code, client_frame(0x88, std::string("\x03\xe8", 2) + "bye"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, Incoming::Kind::Close);
  EXPECT_EQ(out[0].code, 1000);
  EXPECT_EQ(out[0].payload, "bye");

  Reader without(1024);
  out = feed_all(without, client_frame(0x88, "") + client_frame(0x81, "after the close"));
  ASSERT_EQ(out.size(), 1u);  // nothing after a close counts
  EXPECT_EQ(out[0].code, 1005);
}

struct Refusal {
  std::string name;
  std::string bytes;
  int code;
};

TEST(WsReader, RefusesWhatTheProtocolForbids) {
  std::string unmasked = client_frame(0x81, "hi");
  unmasked[1] = static_cast<char>(unmasked[1] & 0x7F);
  std::vector<Refusal> cases = {
      {"unmasked", unmasked, kCloseProtocolError},
      {"reserved bit", client_frame(0xC1, "hi"), kCloseProtocolError},
      {"unknown opcode", client_frame(0x83, "hi"), kCloseProtocolError},
      {"fragmented ping", client_frame(0x09, "hi"), kCloseProtocolError},
      {"long ping", client_frame(0x89, std::string(126, 'p')), kCloseProtocolError},
      {"stray continuation", client_frame(0x80, "hi"), kCloseProtocolError},
      {"new message inside one", client_frame(0x01, "a") + client_frame(0x81, "b"), kCloseProtocolError},
      {"binary", client_frame(0x82, "hi"), kCloseUnsupportedData},
      {"invalid UTF-8", client_frame(0x81, "\xC3\x28"), kCloseInvalidData},
      {"too big", client_frame(0x81, std::string(1025, 'x')), kCloseTooBig},
      {"too big in fragments", client_frame(0x01, std::string(600, 'x')) + client_frame(0x80, std::string(600, 'x')),
       kCloseTooBig},
      {"one-byte close", client_frame(0x88, "x"), kCloseProtocolError},
  };
  for (const auto& c : cases) {
    Reader reader(1024);
    auto out = feed_all(reader, c.bytes);
    ASSERT_FALSE(out.empty()) << c.name;
    EXPECT_EQ(out.back().kind, Incoming::Kind::Fail) << c.name;
    EXPECT_EQ(out.back().code, c.code) << c.name;
    EXPECT_TRUE(feed_all(reader, client_frame(0x81, "more")).empty()) << c.name << ": nothing after a failure";
  }
}

TEST(WsReader, RefusesAnOversizedFrameFromItsHeaderAlone) {
  Reader reader(1024);
  std::string header = client_frame(0x81, std::string(70000, 'x')).substr(0, 14);  // 64-bit length + mask
  auto out = feed_all(reader, header);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].code, kCloseTooBig);
}

}  // namespace
}  // namespace muster::transport::ws
