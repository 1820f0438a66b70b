// Files sealed to a recipient key: what one writes the matching secret key reads back, across
// chunk boundaries; another key, a flipped byte or a cut-off file is refused with its reason.
#include "crypto/sealed_stream.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "crypto/crypto.hpp"

namespace muster::crypto {
namespace {

std::string seal(const std::string& public_key, const std::string& text) {
  std::string out;
  auto w = SealedStreamWriter::begin(public_key, [&](std::string_view b) {
    out.append(b);
    return ok_status();
  });
  EXPECT_TRUE(w.ok());
  // Odd pieces so chunk boundaries fall inside writes.
  for (std::size_t i = 0; i < text.size(); i += 7777) EXPECT_TRUE(w.value()->write(std::string_view(text).substr(i, 7777)).ok());
  EXPECT_TRUE(w.value()->finish().ok());
  return out;
}

Result<std::string> open(const std::string& file, const std::string& secret_key) {
  std::istringstream in(file);
  std::ostringstream out;
  TRY(open_sealed_stream(in, secret_key, out));
  return out.str();
}

class SealedStreamTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(init().ok()); }
};

TEST_F(SealedStreamTest, RoundTripsAcrossChunks) {
  auto keys = generate_box_key_pair();
  for (std::size_t size : {std::size_t{0}, std::size_t{5}, SealedStreamWriter::kChunk, 3 * SealedStreamWriter::kChunk + 11}) {
    std::string text(size, '\0');
    for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + i % 26);
    auto file = seal(keys.public_key, text);
    EXPECT_EQ(file.find("abcdefghij"), std::string::npos) << "the content is not in the clear";
    auto opened = open(file, keys.secret_key);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(opened.value(), text);
  }
}

TEST_F(SealedStreamTest, AnotherKeyDamageAndTruncationAreRefused) {
  auto keys = generate_box_key_pair();
  auto other = generate_box_key_pair();
  auto file = seal(keys.public_key, std::string(100000, 'x'));
  auto wrong = open(file, other.secret_key);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("another recipient key"), std::string::npos);

  auto flipped = file;
  flipped[flipped.size() / 2] ^= 1;
  auto damaged = open(flipped, keys.secret_key);
  ASSERT_FALSE(damaged.ok());
  EXPECT_NE(damaged.error().message.find("damaged"), std::string::npos);

  // Cut exactly after the first chunk: every chunk present decrypts, but the final one is missing.
  std::size_t first_chunk_end = 8 + 80 + 24 + 4 + SealedStreamWriter::kChunk + 17;
  auto cut = open(file.substr(0, first_chunk_end), keys.secret_key);
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.error().message.find("truncated"), std::string::npos);

  auto junk = open("not an export at all", keys.secret_key);
  ASSERT_FALSE(junk.ok());
  EXPECT_NE(junk.error().message.find("not a Muster compliance export"), std::string::npos);
}

TEST_F(SealedStreamTest, KeysRoundTripAsBase64AndBadOnesAreRefused) {
  auto keys = generate_box_key_pair();
  auto decoded = decode_box_key("  " + encode_box_key(keys.public_key) + "\n", "key");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded.value(), keys.public_key);
  EXPECT_FALSE(decode_box_key("c2hvcnQ=", "key").ok());
  EXPECT_FALSE(decode_box_key("not base64 at all!", "key").ok());
}

}  // namespace
}  // namespace muster::crypto
