// Image headers and thumbnails, over stb_image / stb_image_resize / stb_image_write (Debian's
// libstb-dev). Pure functions of the bytes: no I/O, safe to call from any thread, and they never
// crash or throw on malformed input — a bad image simply gets no size or no thumbnail.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "domain/attachment.hpp"
#include "domain/exif_orientation.hpp"

namespace muster::app {

struct Thumbnail {
  std::string bytes;
  std::string content_type;  // "image/jpeg" (opaque images) or "image/png" (with transparency)
  int width = 0;
  int height = 0;
};

struct ImageLimits {
  int max_side = 320;                         // the thumbnail fits in max_side x max_side
  std::int64_t max_pixels = 40'000'000;       // larger images (decompression bombs) are not decoded
};

// Width and height from the image's header (PNG, JPEG, GIF, WebP), without decoding it, as displayed:
// swapped when a JPEG's EXIF orientation turns it a quarter (domain/exif_orientation.hpp).
std::optional<domain::Size> image_size(std::string_view bytes);

// Decodes (first frame), scales down, turns it as a JPEG's EXIF orientation says and re-encodes (without EXIF:
// it displays upright as is). nullopt when the image is malformed, too large (width x height over max_pixels),
// or a format stb cannot decode (WebP).
std::optional<Thumbnail> make_thumbnail(std::string_view bytes, const ImageLimits& limits = {});

// A profile photo: two square JPEGs, upright, without metadata (EXIF, GPS, comments), transparency on white.
struct ProfilePhoto {
  static constexpr int kLargeSide = 512;
  static constexpr int kSmallSide = 128;
  std::string large;  // kLargeSide square, or the crop's side when smaller (never scaled up)
  std::string small;  // kSmallSide square
};

// Crops `crop` (pixels of the image as displayed, after its EXIF orientation; it is moved and shrunk
// to fit) or, without one, the centered square, then scales and re-encodes. Errors carry the reasons
// photo_unreadable (not PNG, JPEG or GIF, or malformed) and photo_too_large (over max_pixels).
Result<ProfilePhoto> make_profile_photo(std::string_view bytes, std::optional<domain::Square> crop,
                                        std::int64_t max_pixels = ImageLimits{}.max_pixels);

}  // namespace muster::app
