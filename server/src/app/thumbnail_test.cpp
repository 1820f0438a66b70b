#include "app/thumbnail.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>

namespace muster::app {
namespace {

void put32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}

void chunk(std::string& out, const char* type, const std::string& data) {
  put32(out, static_cast<std::uint32_t>(data.size()));
  std::string body = std::string(type, 4) + data;
  out += body;
  put32(out, static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size())));
}

// A valid PNG: 8-bit RGB (color_type 2) or RGBA (6), a gradient.
std::string make_png(int w, int h, int color_type = 2) {
  int channels = color_type == 6 ? 4 : 3;
  std::string raw;
  for (int y = 0; y < h; ++y) {
    raw += '\0';  // filter: none
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < channels; ++c) raw += static_cast<char>((x * 7 + y * 3 + c * 50) & 0xFF);
  }
  uLongf size = compressBound(raw.size());
  std::string packed(size, '\0');
  compress(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(raw.data()), raw.size());
  packed.resize(size);
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  put32(ihdr, static_cast<std::uint32_t>(w));
  put32(ihdr, static_cast<std::uint32_t>(h));
  ihdr += std::string("\x08", 1) + static_cast<char>(color_type) + std::string("\0\0\0", 3);
  chunk(png, "IHDR", ihdr);
  chunk(png, "IDAT", packed);
  chunk(png, "IEND", "");
  return png;
}

TEST(Thumbnail, ScalesALargeImageIntoTheBox) {
  auto png = make_png(640, 400);
  auto size = image_size(png);
  ASSERT_TRUE(size);
  EXPECT_EQ(*size, (domain::Size{640, 400}));
  auto t = make_thumbnail(png);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->width, 320);
  EXPECT_EQ(t->height, 200);
  EXPECT_EQ(t->content_type, "image/jpeg");  // opaque: JPEG
  auto back = image_size(t->bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, (domain::Size{320, 200}));
}

TEST(Thumbnail, KeepsTransparencyAsPngAndNeverEnlarges) {
  auto t = make_thumbnail(make_png(64, 48, 6));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->content_type, "image/png");
  EXPECT_EQ(t->width, 64);
  EXPECT_EQ(t->height, 48);
  EXPECT_TRUE(t->bytes.starts_with("\x89PNG"));
}

TEST(Thumbnail, RefusesDecompressionBombsFromTheHeader) {
  // The header says 50000 x 50000 (2.5 gigapixels); the data is tiny. Never decoded.
  auto bomb = make_png(1, 1);
  // Rewrite the IHDR of a 1x1 image to claim 50000x50000 (the CRC is then wrong, as an attacker's might be).
  std::string claim;
  put32(claim, 50000);
  put32(claim, 50000);
  bomb.replace(16, 8, claim);
  EXPECT_FALSE(make_thumbnail(bomb).has_value());
  ImageLimits small;
  small.max_pixels = 100 * 100;
  EXPECT_FALSE(make_thumbnail(make_png(200, 200), small).has_value());
  EXPECT_TRUE(make_thumbnail(make_png(100, 100), small).has_value());
}

TEST(Thumbnail, MalformedImagesNeverCrash) {
  auto png = make_png(50, 40);
  std::vector<std::string> inputs = {"", "\x89PNG\r\n\x1a\n", "\xFF\xD8\xFF", "GIF89a", "GIF89a\xff\xff\xff\xff",
                                     std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11) + std::string(100, '\xFF')};
  for (size_t cut = 1; cut < png.size(); cut += 7) inputs.push_back(png.substr(0, cut));  // truncated
  std::mt19937 rng(42);
  for (int i = 0; i < 200; ++i) {  // random bit flips in a valid image
    std::string broken = png;
    for (int k = 0; k < 4; ++k) broken[8 + rng() % (broken.size() - 8)] ^= static_cast<char>(1 << (rng() % 8));
    inputs.push_back(broken);
  }
  for (const auto& input : inputs) {
    (void)image_size(input);
    auto t = make_thumbnail(input);
    if (t) {
      EXPECT_LE(t->width, 320);
      EXPECT_LE(t->height, 320);
    }
  }
  EXPECT_FALSE(make_thumbnail(png.substr(0, 40)).has_value());
}

TEST(Thumbnail, WebPHasASizeButNoThumbnail) {
  // A VP8X (extended) header for a 800 x 600 image.
  std::string webp = std::string("RIFF\x30\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0", 24);
  webp += std::string("\x1f\x03\x00", 3);  // width - 1 = 799
  webp += std::string("\x57\x02\x00", 3);  // height - 1 = 599
  webp += std::string(16, '\0');
  auto size = image_size(webp);
  ASSERT_TRUE(size);
  EXPECT_EQ(*size, (domain::Size{800, 600}));
  EXPECT_FALSE(make_thumbnail(webp).has_value());
}

}  // namespace
}  // namespace muster::app
