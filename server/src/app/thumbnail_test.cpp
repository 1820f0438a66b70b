#include "app/thumbnail.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <memory>
#include <random>

// For building and reading back JPEGs in the tests only (thumbnail.cpp keeps its own copies private).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_STDIO
#define STBI_ONLY_JPEG
#define STBI_NO_FAILURE_STRINGS
#include <stb/stb_image.h>
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

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

// --- EXIF orientation ---------------------------------------------------------------------------

struct Rgb {
  int r, g, b;
};
constexpr Rgb kRed{255, 0, 0}, kGreen{0, 255, 0}, kBlue{0, 0, 255}, kWhite{255, 255, 255};

void append_to(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<size_t>(size));
}

// A JPEG in four solid quadrants (large, so compression artefacts stay at the borders):
// top-left red, top-right green, bottom-left blue, bottom-right white.
std::string quadrant_jpeg(int w, int h) {
  std::vector<unsigned char> px;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      Rgb c = y < h / 2 ? (x < w / 2 ? kRed : kGreen) : (x < w / 2 ? kBlue : kWhite);
      px.insert(px.end(), {static_cast<unsigned char>(c.r), static_cast<unsigned char>(c.g),
                           static_cast<unsigned char>(c.b)});
    }
  std::string out;
  EXPECT_TRUE(stbi_write_jpg_to_func(&append_to, &out, w, h, 3, px.data(), 95));
  return out;
}

// Splices an APP1 EXIF segment holding only IFD0 { Orientation } right after the SOI marker.
std::string with_orientation(const std::string& jpeg, int orientation, bool big_endian) {
  auto u16 = [&](std::string& out, unsigned v) {
    out += static_cast<char>(big_endian ? v >> 8 : v & 0xFF);
    out += static_cast<char>(big_endian ? v & 0xFF : v >> 8);
  };
  auto u32 = [&](std::string& out, unsigned v) {
    u16(out, big_endian ? v >> 16 : v & 0xFFFF);
    u16(out, big_endian ? v & 0xFFFF : v >> 16);
  };
  std::string tiff = big_endian ? "MM" : "II";
  u16(tiff, 42);
  u32(tiff, 8);                                 // IFD0 right after the header
  u16(tiff, 1);                                 // one entry:
  u16(tiff, 0x0112);                            //   Orientation
  u16(tiff, 3);                                 //   SHORT
  u32(tiff, 1);                                 //   one value
  u16(tiff, static_cast<unsigned>(orientation));  //   in the first half of the value field
  u16(tiff, 0);
  u32(tiff, 0);  // no next IFD
  std::string payload = std::string("Exif\0\0", 6) + tiff;
  std::string segment = "\xFF\xE1";
  segment += static_cast<char>((payload.size() + 2) >> 8);
  segment += static_cast<char>((payload.size() + 2) & 0xFF);
  segment += payload;
  EXPECT_TRUE(jpeg.starts_with("\xFF\xD8"));
  return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

// The colour at (x, y) of a decoded JPEG, close enough to `want`.
::testing::AssertionResult colour_near(const std::vector<unsigned char>& px, int width, int x, int y, Rgb want) {
  size_t at = (static_cast<size_t>(y) * width + x) * 3;
  Rgb got{px[at], px[at + 1], px[at + 2]};
  if (std::abs(got.r - want.r) <= 40 && std::abs(got.g - want.g) <= 40 && std::abs(got.b - want.b) <= 40)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "at (" << x << ", " << y << "): got " << got.r << "," << got.g << ","
                                       << got.b << " want " << want.r << "," << want.g << "," << want.b;
}

TEST(Thumbnail, TurnsPortraitPhonePhotosUpright) {
  const auto plain = quadrant_jpeg(640, 480);
  struct Case {
    int orientation;
    bool big_endian;
    Rgb top_left, top_right, bottom_left, bottom_right;  // as displayed
  };
  const std::vector<Case> cases = {
      {6, true, kBlue, kRed, kWhite, kGreen},    // rotate 90 clockwise: the stored left column is the top row
      {8, false, kGreen, kWhite, kRed, kBlue},   // rotate 90 counter-clockwise
      {3, false, kWhite, kBlue, kGreen, kRed},   // rotate 180: no swap
      {1, true, kRed, kGreen, kBlue, kWhite},    // as stored
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.orientation);
    auto jpeg = with_orientation(plain, c.orientation, c.big_endian);
    bool swap = c.orientation >= 5;
    // The reported size is the displayed one.
    auto size = image_size(jpeg);
    ASSERT_TRUE(size);
    EXPECT_EQ(*size, swap ? (domain::Size{480, 640}) : (domain::Size{640, 480}));

    auto t = make_thumbnail(jpeg);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->content_type, "image/jpeg");
    EXPECT_EQ(t->width, swap ? 240 : 320);
    EXPECT_EQ(t->height, swap ? 320 : 240);

    int w = 0, h = 0, comp = 0;
    std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> px(
        stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(t->bytes.data()), static_cast<int>(t->bytes.size()), &w,
                              &h, &comp, 3),
        &stbi_image_free);
    ASSERT_TRUE(px);
    ASSERT_EQ(w, t->width);
    ASSERT_EQ(h, t->height);
    std::vector<unsigned char> pixels(px.get(), px.get() + static_cast<size_t>(w) * h * 3);
    const int m = 8;  // a few pixels in from each corner
    EXPECT_TRUE(colour_near(pixels, w, m, m, c.top_left));
    EXPECT_TRUE(colour_near(pixels, w, w - 1 - m, m, c.top_right));
    EXPECT_TRUE(colour_near(pixels, w, m, h - 1 - m, c.bottom_left));
    EXPECT_TRUE(colour_near(pixels, w, w - 1 - m, h - 1 - m, c.bottom_right));
    // The thumbnail has no EXIF of its own: it is upright as is.
    EXPECT_EQ(image_size(t->bytes), (domain::Size{t->width, t->height}));
  }
}

TEST(Thumbnail, BrokenExifIsIgnored) {
  auto jpeg = with_orientation(quadrant_jpeg(64, 48), 6, false);
  jpeg[13] = 'X';  // SOI, APP1 marker and length, "Exif\0\0", then "IX": not a byte order
  auto t = make_thumbnail(jpeg);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->width, 64);
  EXPECT_EQ(t->height, 48);
  EXPECT_EQ(image_size(jpeg), (domain::Size{64, 48}));
}

// --- Profile photos -----------------------------------------------------------------------------

struct Decoded {
  int width = 0, height = 0;
  std::vector<unsigned char> pixels;
};

Decoded decode_jpeg(const std::string& jpeg) {
  Decoded d;
  int comp = 0;
  std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> px(
      stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(jpeg.data()), static_cast<int>(jpeg.size()), &d.width,
                            &d.height, &comp, 3),
      &stbi_image_free);
  if (px) d.pixels.assign(px.get(), px.get() + static_cast<size_t>(d.width) * d.height * 3);
  return d;
}

TEST(ProfilePhoto, CropsTheSquarePickedOnTheUprightPhoto) {
  // Stored 640 x 480 with orientation 6: shown 480 x 640, blue at the top left.
  auto jpeg = with_orientation(quadrant_jpeg(640, 480), 6, true);
  auto photo = make_profile_photo(jpeg, domain::Square{0, 0, 240});
  ASSERT_TRUE(photo.ok()) << photo.error().message;
  auto large = decode_jpeg(photo->large);
  ASSERT_EQ(large.width, 240);  // never scaled up
  ASSERT_EQ(large.height, 240);
  for (auto [x, y] : {std::pair{10, 10}, {229, 10}, {10, 229}, {229, 229}, {120, 120}})
    EXPECT_TRUE(colour_near(large.pixels, large.width, x, y, kBlue));
  // The lower right quadrant as shown is green.
  auto lower_right = make_profile_photo(jpeg, domain::Square{240, 400, 240});
  ASSERT_TRUE(lower_right.ok());
  auto lr = decode_jpeg(lower_right->large);
  EXPECT_TRUE(colour_near(lr.pixels, lr.width, 120, 120, kGreen));
  // Nothing of the upload's metadata comes along: the JPEG is upright as is.
  EXPECT_EQ(photo->large.find("Exif"), std::string::npos);
  EXPECT_EQ(domain::exif_orientation(photo->large), 1);
  auto small = decode_jpeg(photo->small);
  EXPECT_EQ(small.width, ProfilePhoto::kSmallSide);
  EXPECT_EQ(small.height, ProfilePhoto::kSmallSide);
  EXPECT_TRUE(colour_near(small.pixels, small.width, 64, 64, kBlue));
}

TEST(ProfilePhoto, TakesTheCentredSquareAndScalesDown) {
  auto photo = make_profile_photo(quadrant_jpeg(1200, 1000), std::nullopt);
  ASSERT_TRUE(photo.ok());
  auto large = decode_jpeg(photo->large);
  EXPECT_EQ(large.width, ProfilePhoto::kLargeSide);
  EXPECT_EQ(large.height, ProfilePhoto::kLargeSide);
  // Columns 100..1099 of 1200: all four quadrants, meeting in the middle.
  EXPECT_TRUE(colour_near(large.pixels, large.width, 20, 20, kRed));
  EXPECT_TRUE(colour_near(large.pixels, large.width, 491, 20, kGreen));
  EXPECT_TRUE(colour_near(large.pixels, large.width, 20, 491, kBlue));
  EXPECT_TRUE(colour_near(large.pixels, large.width, 491, 491, kWhite));
}

TEST(ProfilePhoto, ACropPastTheEdgeIsMovedInside) {
  auto photo = make_profile_photo(quadrant_jpeg(640, 480), domain::Square{600, -50, 5000});
  ASSERT_TRUE(photo.ok());
  auto large = decode_jpeg(photo->large);
  EXPECT_EQ(large.width, 480);  // the largest square there is, at the right edge
  EXPECT_TRUE(colour_near(large.pixels, large.width, 470, 10, kGreen));
  EXPECT_TRUE(colour_near(large.pixels, large.width, 10, 10, kRed));  // x 160: still the red half
}

TEST(ProfilePhoto, TransparentImagesBecomeJpegs) {
  auto photo = make_profile_photo(make_png(300, 200, 6), std::nullopt);
  ASSERT_TRUE(photo.ok());
  EXPECT_TRUE(photo->large.starts_with("\xFF\xD8"));
  EXPECT_EQ(decode_jpeg(photo->large).width, 200);
}

TEST(ProfilePhoto, RefusesWhatIsNoPhotoWithAReason) {
  for (const std::string& bytes : {std::string("just some text, not an image"), std::string(),
                                   std::string("RIFF\x30\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0", 24) + std::string(30, '\0'),
                                   quadrant_jpeg(64, 48).substr(0, 200)}) {
    auto photo = make_profile_photo(bytes, std::nullopt);
    ASSERT_FALSE(photo.ok());
    EXPECT_EQ(photo.error().reason, "photo_unreadable");
    EXPECT_EQ(photo.error().code, ErrorCode::InvalidArgument);
  }
  auto huge = make_profile_photo(make_png(300, 200), std::nullopt, 50'000);
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().reason, "photo_too_large");
}

}  // namespace
}  // namespace muster::app
