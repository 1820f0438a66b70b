// EXIF orientation. Phone cameras store the sensor's pixels as they come and record in an EXIF
// tag (0x0112) how to turn them for display; stb_image ignores that tag, so without this a
// portrait photo's thumbnail lies on its side. A tiny reader of our own — just JPEG segments, the
// TIFF header and IFD0 — instead of an EXIF library: it reads untrusted uploads, so every offset
// is bounds-checked and anything unexpected means "no orientation" (1). Standard library only.
#pragma once
#include <string_view>
#include <vector>

#include "domain/attachment.hpp"

namespace muster::domain {

// The EXIF Orientation (1-8) of a JPEG: 1 (as stored) when the bytes are not a JPEG, have no
// EXIF segment, or the segment is malformed, truncated or holds a value outside 1-8. Never reads
// past the input, always terminates.
int exif_orientation(std::string_view jpeg);

// True for orientations 5-8, which turn the image a quarter: displayed width and height swap.
bool orientation_swaps_sides(int orientation);

// The displayed size of an image stored as `stored` with this orientation.
Size oriented_size(Size stored, int orientation);

// Interleaved 8-bit pixels, row by row, no padding: pixels.size() == width * height * channels.
struct Bitmap {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<unsigned char> pixels;
};

// Turns a stored bitmap the way the orientation says, so it looks right when drawn as is:
// 2 mirror left-right, 3 rotate 180, 4 mirror top-bottom, 5 transpose, 6 rotate 90 clockwise,
// 7 transverse, 8 rotate 90 counter-clockwise. 1, anything outside 1-8, or a bitmap whose buffer
// does not match its size, is returned unchanged.
Bitmap apply_orientation(Bitmap image, int orientation);

// A square of pixels: its top-left corner and its side.
struct Square {
  int x = 0;
  int y = 0;
  int side = 0;
  bool operator==(const Square&) const = default;
};

// Where a square picked on the displayed image lies in the stored one (`stored` is the stored size), so
// that cropping there, then turning, equals turning the whole image, then cropping. Lets a profile
// photo turn only its few cropped pixels. The square must lie inside the displayed image.
Square stored_square(Square displayed, Size stored, int orientation);

}  // namespace muster::domain
