#include "domain/exif_orientation.hpp"

#include <cstdint>
#include <cstring>

namespace muster::domain {

namespace {

constexpr unsigned kOrientationTag = 0x0112;
constexpr unsigned kTypeShort = 3;

unsigned byte_at(std::string_view b, size_t at) { return static_cast<unsigned char>(b[at]); }

// A TIFF structure (the EXIF payload after "Exif\0\0"); offsets inside it are relative to its start.
class Tiff {
 public:
  explicit Tiff(std::string_view bytes) : b_(bytes) {}

  // Whether [at, at + n) lies inside, without overflowing.
  bool has(std::uint64_t at, std::uint64_t n) const { return at <= b_.size() && n <= b_.size() - at; }

  // Callers check has() first.
  std::uint32_t u16(size_t at) const {
    return little_ ? byte_at(b_, at) | (byte_at(b_, at + 1) << 8) : (byte_at(b_, at) << 8) | byte_at(b_, at + 1);
  }
  std::uint32_t u32(size_t at) const {
    return little_ ? u16(at) | (u16(at + 2) << 16) : (u16(at) << 16) | u16(at + 2);
  }

  int orientation() {
    // Header: byte order ("II" little-endian, "MM" big-endian), 42, offset of IFD0.
    if (!has(0, 8)) return 1;
    if (b_.substr(0, 2) == "II") little_ = true;
    else if (b_.substr(0, 2) == "MM") little_ = false;
    else return 1;
    if (u16(2) != 42) return 1;
    std::uint64_t ifd = u32(4);
    if (ifd < 8 || !has(ifd, 2)) return 1;
    // IFD0: a count, then 12-byte entries (tag, type, count, value or offset). Only IFD0 is read
    // and no offset is followed, so there is nothing to loop on.
    std::uint32_t entries = u16(ifd);
    for (std::uint64_t i = 0; i < entries; ++i) {
      std::uint64_t at = ifd + 2 + i * 12;
      if (!has(at, 12)) return 1;
      if (u16(at) != kOrientationTag) continue;
      if (u16(at + 2) != kTypeShort || u32(at + 4) != 1) return 1;
      std::uint32_t value = u16(at + 8);  // a single SHORT sits in the first two bytes of the value field
      return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
    }
    return 1;
  }

 private:
  std::string_view b_;
  bool little_ = false;
};

}  // namespace

int exif_orientation(std::string_view b) {
  if (b.size() < 4 || byte_at(b, 0) != 0xFF || byte_at(b, 1) != 0xD8) return 1;  // SOI
  size_t pos = 2;
  // Walk the segments before the image data; every step moves forward by at least one byte.
  while (b.size() - pos >= 4) {
    if (byte_at(b, pos) != 0xFF) return 1;  // not a marker: malformed
    unsigned marker = byte_at(b, pos + 1);
    if (marker == 0xFF) {  // fill byte before a marker
      ++pos;
      continue;
    }
    pos += 2;
    if (marker == 0xDA || marker == 0xD9) return 1;  // start of scan / end of image: no EXIF came first
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) continue;  // markers without a length
    size_t length = (byte_at(b, pos) << 8) | byte_at(b, pos + 1);  // counts its own two bytes
    if (length < 2 || length > b.size() - pos) return 1;
    if (marker == 0xE1) {  // APP1: EXIF, or XMP and others, which are skipped
      auto payload = b.substr(pos + 2, length - 2);
      constexpr std::string_view kExif("Exif\0\0", 6);
      if (payload.starts_with(kExif)) return Tiff(payload.substr(kExif.size())).orientation();
    }
    pos += length;
  }
  return 1;
}

bool orientation_swaps_sides(int orientation) { return orientation >= 5 && orientation <= 8; }

Size oriented_size(Size stored, int orientation) {
  return orientation_swaps_sides(orientation) ? Size{stored.height, stored.width} : stored;
}

Bitmap apply_orientation(Bitmap in, int orientation) {
  if (orientation < 2 || orientation > 8 || in.width <= 0 || in.height <= 0 || in.channels <= 0) return in;
  const size_t w = static_cast<size_t>(in.width), h = static_cast<size_t>(in.height);
  const size_t c = static_cast<size_t>(in.channels);
  if (in.pixels.size() != w * h * c) return in;
  const bool swap = orientation_swaps_sides(orientation);
  Bitmap out;
  out.width = swap ? in.height : in.width;
  out.height = swap ? in.width : in.height;
  out.channels = in.channels;
  out.pixels.resize(in.pixels.size());
  const size_t ow = static_cast<size_t>(out.width), oh = static_cast<size_t>(out.height);
  // For each output pixel (x, y), the stored pixel (sx, sy) that lands there.
  for (size_t y = 0; y < oh; ++y) {
    for (size_t x = 0; x < ow; ++x) {
      size_t sx = x, sy = y;
      switch (orientation) {
        case 2: sx = w - 1 - x; sy = y; break;
        case 3: sx = w - 1 - x; sy = h - 1 - y; break;
        case 4: sx = x; sy = h - 1 - y; break;
        case 5: sx = y; sy = x; break;
        case 6: sx = y; sy = h - 1 - x; break;
        case 7: sx = w - 1 - y; sy = h - 1 - x; break;
        case 8: sx = w - 1 - y; sy = x; break;
      }
      std::memcpy(&out.pixels[(y * ow + x) * c], &in.pixels[(sy * w + sx) * c], c);
    }
  }
  return out;
}

Square stored_square(Square d, Size stored, int orientation) {
  // The corner of the stored square is the stored pixel that apply_orientation draws at one of the
  // displayed square's corners: the same mapping, taken for the whole square.
  const int w = stored.width, h = stored.height, s = d.side;
  switch (orientation) {
    case 2: return {w - d.x - s, d.y, s};
    case 3: return {w - d.x - s, h - d.y - s, s};
    case 4: return {d.x, h - d.y - s, s};
    case 5: return {d.y, d.x, s};
    case 6: return {d.y, h - d.x - s, s};
    case 7: return {w - d.y - s, h - d.x - s, s};
    case 8: return {w - d.y - s, d.x, s};
    default: return d;
  }
}

}  // namespace muster::domain
