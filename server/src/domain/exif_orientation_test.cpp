#include "domain/exif_orientation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace muster::domain {
namespace {

using namespace std::string_literals;

// --- Building EXIF by hand -------------------------------------------------------------------

struct Entry {
  std::uint16_t tag;
  std::uint16_t type;
  std::uint32_t count;
  std::uint32_t value;  // for a SHORT: the number, placed in the first two bytes of the field
};

class Writer {
 public:
  explicit Writer(bool big_endian) : big_(big_endian) {}
  void u16(std::uint32_t v) { put(v, 2); }
  void u32(std::uint32_t v) { put(v, 4); }
  std::string out;

 private:
  void put(std::uint32_t v, int n) {
    for (int i = 0; i < n; ++i) {
      int shift = big_ ? (n - 1 - i) * 8 : i * 8;
      out += static_cast<char>((v >> shift) & 0xFF);
    }
  }
  bool big_;
};

// A TIFF structure: header, IFD0 at offset 8 with these entries, no next IFD, then some payload.
std::string tiff(bool big_endian, const std::vector<Entry>& entries) {
  Writer w(big_endian);
  w.out = big_endian ? "MM" : "II";
  w.u16(42);
  w.u32(8);
  w.u16(static_cast<std::uint32_t>(entries.size()));
  for (const auto& e : entries) {
    w.u16(e.tag);
    w.u16(e.type);
    w.u32(e.count);
    if (e.type == 3 && e.count == 1) {
      w.u16(e.value);
      w.u16(0);
    } else {
      w.u32(e.value);
    }
  }
  w.u32(0);  // no IFD1
  w.out += "Phone\0"s;
  return w.out;
}

std::string orientation_tiff(bool big_endian, int orientation) {
  // Make (ASCII, "Phone" after the IFD), Orientation, XResolution (RATIONAL): the tag sits among others.
  return tiff(big_endian, {{0x010F, 2, 6, 50}, {0x0112, 3, 1, static_cast<std::uint32_t>(orientation)},
                           {0x011A, 5, 1, 50}});
}

std::string segment(unsigned char marker, const std::string& payload) {
  size_t length = payload.size() + 2;
  return "\xFF"s + static_cast<char>(marker) + static_cast<char>(length >> 8) + static_cast<char>(length & 0xFF) +
         payload;
}

std::string app1_exif(const std::string& tiff_bytes) { return segment(0xE1, "Exif\0\0"s + tiff_bytes); }

const std::string kSoi = "\xFF\xD8"s;
const std::string kJfif = segment(0xE0, "JFIF\0\x01\x01\0\0\x01\0\x01\0\0"s);
const std::string kRest = segment(0xDB, std::string(65, '\x01')) + segment(0xDA, "\x01\x01\0\0?\0"s) +
                          std::string(32, '\x55') + "\xFF\xD9"s;

std::string jpeg_with(const std::string& segments) { return kSoi + segments + kRest; }

// --- The parser ------------------------------------------------------------------------------

TEST(ExifOrientation, ReadsAllEightValuesInBothByteOrders) {
  for (bool big_endian : {false, true}) {
    for (int o = 1; o <= 8; ++o) {
      SCOPED_TRACE(std::string(big_endian ? "MM " : "II ") + std::to_string(o));
      EXPECT_EQ(exif_orientation(jpeg_with(app1_exif(orientation_tiff(big_endian, o)))), o);
      // After a JFIF APP0 (the usual place) and right after SOI (as some cameras write it).
      EXPECT_EQ(exif_orientation(jpeg_with(kJfif + app1_exif(orientation_tiff(big_endian, o)))), o);
    }
  }
}

TEST(ExifOrientation, SkipsOtherSegmentsAndFillBytes) {
  auto xmp = segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>"s);
  EXPECT_EQ(exif_orientation(jpeg_with(kJfif + xmp + app1_exif(orientation_tiff(true, 6)))), 6);
  EXPECT_EQ(exif_orientation(jpeg_with("\xFF\xFF\xFF"s + app1_exif(orientation_tiff(false, 8)))), 8);
  // Restart-style markers without a length are stepped over.
  EXPECT_EQ(exif_orientation(jpeg_with("\xFF\xD0"s + app1_exif(orientation_tiff(false, 3)))), 3);
}

TEST(ExifOrientation, NoExifMeansAsStored) {
  EXPECT_EQ(exif_orientation(""), 1);
  EXPECT_EQ(exif_orientation("\xFF\xD8"s), 1);
  EXPECT_EQ(exif_orientation(jpeg_with("")), 1);
  EXPECT_EQ(exif_orientation(jpeg_with(kJfif)), 1);
  EXPECT_EQ(exif_orientation(jpeg_with(segment(0xE1, "http://ns.adobe.com/xap/1.0/\0"s))), 1);
  // IFD0 without an orientation tag.
  EXPECT_EQ(exif_orientation(jpeg_with(app1_exif(tiff(false, {{0x010F, 2, 6, 38}})))), 1);
  EXPECT_EQ(exif_orientation(jpeg_with(app1_exif(tiff(true, {})))), 1);
  // Not a JPEG, even with an EXIF-looking segment inside.
  EXPECT_EQ(exif_orientation("\x89PNG\r\n\x1a\n"s + app1_exif(orientation_tiff(false, 6))), 1);
  // EXIF after the start of scan is image data, not a header.
  EXPECT_EQ(exif_orientation(kSoi + segment(0xDA, "\x01\x01\0\0?\0"s) + app1_exif(orientation_tiff(false, 6))), 1);
}

TEST(ExifOrientation, OddValuesAndTypesAreIgnored) {
  auto with_entry = [](bool big_endian, Entry e) { return jpeg_with(app1_exif(tiff(big_endian, {e}))); };
  for (bool big_endian : {false, true}) {
    EXPECT_EQ(exif_orientation(with_entry(big_endian, {0x0112, 3, 1, 6})), 6);
    EXPECT_EQ(exif_orientation(with_entry(big_endian, {0x0112, 3, 1, 0})), 1);
    EXPECT_EQ(exif_orientation(with_entry(big_endian, {0x0112, 3, 1, 9})), 1);
    EXPECT_EQ(exif_orientation(with_entry(big_endian, {0x0112, 3, 1, 0xFFFF})), 1);
    EXPECT_EQ(exif_orientation(with_entry(big_endian, {0x0112, 4, 1, 6})), 1);  // LONG, not SHORT
    EXPECT_EQ(exif_orientation(with_entry(big_endian, {0x0112, 3, 2, 6})), 1);  // two values
    EXPECT_EQ(exif_orientation(with_entry(big_endian, {0x0112, 3, 0, 6})), 1);  // none
  }
}

TEST(ExifOrientation, MalformedHeadersMeanAsStored) {
  auto good = orientation_tiff(false, 6);
  auto exif = [](const std::string& t) { return exif_orientation(jpeg_with(app1_exif(t))); };
  ASSERT_EQ(exif(good), 6);
  auto bad = good;
  bad[1] = 'M';  // "IM"
  EXPECT_EQ(exif(bad), 1);
  bad = good;
  bad[2] = 43;  // not 42
  EXPECT_EQ(exif(bad), 1);
  for (std::uint32_t ifd : {0u, 4u, 7u, 0xFFFFu, 0x7FFFFFFFu, 0xFFFFFFF0u, 0xFFFFFFFFu}) {
    bad = good;
    for (int i = 0; i < 4; ++i) bad[4 + i] = static_cast<char>((ifd >> (8 * i)) & 0xFF);
    EXPECT_EQ(exif(bad), 1) << ifd;
  }
  bad = good;
  bad[8] = '\xFF';  // 65535 entries claimed, three present
  bad[9] = '\xFF';
  EXPECT_EQ(exif(bad), 6);  // the orientation entry is among those present
  bad = good.substr(0, 8 + 2 + 12);  // only the first entry, then the end
  EXPECT_EQ(exif(bad), 1);
  EXPECT_EQ(exif(""), 1);
  EXPECT_EQ(exif("II*"), 1);
  EXPECT_EQ(exif("MM\0*"s), 1);
  // A segment length shorter than its own length field, or past the end.
  EXPECT_EQ(exif_orientation(kSoi + "\xFF\xE1\x00\x01"s + kRest), 1);
  EXPECT_EQ(exif_orientation(kSoi + "\xFF\xE1\x00\x00"s + kRest), 1);
  EXPECT_EQ(exif_orientation(kSoi + "\xFF\xE1\xFF\xFF"s + "Exif\0\0"s + good), 1);
  // Not a marker where one should be.
  EXPECT_EQ(exif_orientation(kSoi + "junk"s + app1_exif(good) + kRest), 1);
}

TEST(ExifOrientation, EveryTruncationIsSafe) {
  auto head = kSoi + kJfif + app1_exif(orientation_tiff(true, 6));
  auto jpeg = head + kRest;
  for (size_t cut = 0; cut <= jpeg.size(); ++cut) {
    int o = exif_orientation(std::string_view(jpeg).substr(0, cut));
    EXPECT_EQ(o, cut >= head.size() ? 6 : 1) << cut;
  }
}

TEST(ExifOrientation, GarbageNeverCrashes) {
  std::mt19937 rng(7);
  auto valid = jpeg_with(kJfif + app1_exif(orientation_tiff(false, 6)));
  for (int i = 0; i < 3000; ++i) {
    std::string input;
    if (i % 2 == 0) {
      input = valid;  // a few flipped bits in a valid header
      for (int k = 0; k < 3; ++k) input[2 + rng() % (input.size() - 2)] ^= static_cast<char>(1 << (rng() % 8));
    } else {
      input = kSoi + "\xFF\xE1"s;  // random bytes after an APP1 marker
      size_t n = rng() % 80;
      for (size_t k = 0; k < n; ++k) input += static_cast<char>(rng() & 0xFF);
      // Half of them with a plausible length and the EXIF signature.
      if (rng() % 2) input.replace(4, std::min<size_t>(8, input.size() - 4), "\0\x40"s + "Exif\0\0"s);
    }
    int o = exif_orientation(input);
    EXPECT_GE(o, 1);
    EXPECT_LE(o, 8);
  }
}

// --- Sizes and pixels ------------------------------------------------------------------------

TEST(OrientedSize, SwapsForQuarterTurns) {
  for (int o : {0, 1, 2, 3, 4, 9}) EXPECT_EQ(oriented_size({640, 480}, o), (Size{640, 480})) << o;
  for (int o : {5, 6, 7, 8}) EXPECT_EQ(oriented_size({640, 480}, o), (Size{480, 640})) << o;
}

// Stored 2 wide, 3 high:
//   1 2
//   3 4
//   5 6
Bitmap two_by_three(int channels = 1) {
  Bitmap b{2, 3, channels, {}};
  for (int v = 1; v <= 6; ++v)
    for (int c = 0; c < channels; ++c) b.pixels.push_back(static_cast<unsigned char>(v * 10 + c));
  return b;
}

std::vector<unsigned char> values(std::initializer_list<int> v) {
  std::vector<unsigned char> out;
  for (int x : v) out.push_back(static_cast<unsigned char>(x * 10));
  return out;
}

TEST(ApplyOrientation, TurnsATinyImageEachWay) {
  struct Case {
    int orientation;
    int width, height;
    std::vector<unsigned char> pixels;
  };
  const std::vector<Case> cases = {
      {1, 2, 3, values({1, 2, 3, 4, 5, 6})},
      {2, 2, 3, values({2, 1, 4, 3, 6, 5})},  // mirrored left-right
      {3, 2, 3, values({6, 5, 4, 3, 2, 1})},  // rotated 180
      {4, 2, 3, values({5, 6, 3, 4, 1, 2})},  // mirrored top-bottom
      {5, 3, 2, values({1, 3, 5, 2, 4, 6})},  // transposed
      {6, 3, 2, values({5, 3, 1, 6, 4, 2})},  // rotated 90 clockwise
      {7, 3, 2, values({6, 4, 2, 5, 3, 1})},  // transverse
      {8, 3, 2, values({2, 4, 6, 1, 3, 5})},  // rotated 90 counter-clockwise
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.orientation);
    auto out = apply_orientation(two_by_three(), c.orientation);
    EXPECT_EQ(out.width, c.width);
    EXPECT_EQ(out.height, c.height);
    EXPECT_EQ(out.channels, 1);
    EXPECT_EQ(out.pixels, c.pixels);
  }
}

TEST(ApplyOrientation, MovesAllChannelsOfAPixelTogether) {
  auto out = apply_orientation(two_by_three(3), 6);
  ASSERT_EQ(out.width, 3);
  ASSERT_EQ(out.height, 2);
  // Rotated clockwise: the stored bottom-left pixel (5) is now top-left, the top-left (1) top-right.
  std::vector<unsigned char> top_left(out.pixels.begin(), out.pixels.begin() + 3);
  std::vector<unsigned char> top_right(out.pixels.begin() + 6, out.pixels.begin() + 9);
  EXPECT_EQ(top_left, (std::vector<unsigned char>{50, 51, 52}));
  EXPECT_EQ(top_right, (std::vector<unsigned char>{10, 11, 12}));
}

TEST(ApplyOrientation, InverseTurnsRestoreTheImage) {
  std::mt19937 rng(3);
  Bitmap b{7, 4, 4, {}};
  for (int i = 0; i < 7 * 4 * 4; ++i) b.pixels.push_back(static_cast<unsigned char>(rng() & 0xFF));
  const int inverse[9] = {0, 1, 2, 3, 4, 5, 8, 7, 6};
  for (int o = 1; o <= 8; ++o) {
    auto back = apply_orientation(apply_orientation(b, o), inverse[o]);
    EXPECT_EQ(back.width, 7);
    EXPECT_EQ(back.height, 4);
    EXPECT_EQ(back.pixels, b.pixels) << o;
  }
}

TEST(ApplyOrientation, LeavesOddInputUnchanged) {
  for (int o : {0, -1, 9, 100}) EXPECT_EQ(apply_orientation(two_by_three(), o).pixels, two_by_three().pixels);
  Bitmap wrong{2, 3, 1, {1, 2, 3}};  // buffer too small for 2x3
  auto out = apply_orientation(wrong, 6);
  EXPECT_EQ(out.width, 2);
  EXPECT_EQ(out.pixels, wrong.pixels);
  Bitmap empty;
  EXPECT_TRUE(apply_orientation(empty, 6).pixels.empty());
}

// Cropping the stored image where stored_square says, then turning the crop, gives the very
// pixels of turning the whole image, then cropping the displayed square: every orientation,
// squares at the corners, edges and middle of a non-square image.
TEST(StoredSquare, CropThenTurnEqualsTurnThenCrop) {
  const int w = 7, h = 4;
  Bitmap stored{w, h, 1, {}};
  for (int i = 0; i < w * h; ++i) stored.pixels.push_back(static_cast<unsigned char>(i));
  auto crop = [](const Bitmap& b, Square q) {
    Bitmap out{q.side, q.side, 1, {}};
    for (int y = 0; y < q.side; ++y)
      for (int x = 0; x < q.side; ++x) out.pixels.push_back(b.pixels[static_cast<size_t>((q.y + y) * b.width + q.x + x)]);
    return out;
  };
  for (int orientation = 1; orientation <= 8; ++orientation) {
    Bitmap shown = apply_orientation(stored, orientation);
    for (int side = 1; side <= std::min(shown.width, shown.height); ++side) {
      for (int y = 0; y + side <= shown.height; ++y) {
        for (int x = 0; x + side <= shown.width; ++x) {
          Square picked{x, y, side};
          Square at = stored_square(picked, {w, h}, orientation);
          ASSERT_GE(at.x, 0);
          ASSERT_GE(at.y, 0);
          ASSERT_LE(at.x + side, w);
          ASSERT_LE(at.y + side, h);
          EXPECT_EQ(apply_orientation(crop(stored, at), orientation).pixels, crop(shown, picked).pixels)
              << "orientation " << orientation << " square " << x << "," << y << " side " << side;
        }
      }
    }
  }
}

}  // namespace
}  // namespace muster::domain
