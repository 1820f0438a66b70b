#include "app/thumbnail.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

#include "domain/exif_orientation.hpp"

// The stb implementations, compiled here once and kept private to this file.
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
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_GIF
#define STBI_NO_FAILURE_STRINGS
#include <stb/stb_image.h>
#define STB_IMAGE_RESIZE_STATIC
#define STB_IMAGE_RESIZE_IMPLEMENTATION
#include <stb/stb_image_resize.h>
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

namespace muster::app {

namespace {

std::uint32_t le(std::string_view b, size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

// WebP (stb cannot read it): the size from the VP8 / VP8L / VP8X chunk header.
std::optional<domain::Size> webp_size(std::string_view b) {
  if (b.size() < 30 || b.substr(0, 4) != "RIFF" || b.substr(8, 4) != "WEBP") return std::nullopt;
  auto chunk = b.substr(12, 4);
  int w = 0, h = 0;
  if (chunk == "VP8X") {
    w = static_cast<int>(le(b, 24, 3)) + 1;
    h = static_cast<int>(le(b, 27, 3)) + 1;
  } else if (chunk == "VP8L") {
    if (static_cast<unsigned char>(b[20]) != 0x2F) return std::nullopt;
    std::uint32_t bits = le(b, 21, 4);
    w = static_cast<int>(bits & 0x3FFF) + 1;
    h = static_cast<int>((bits >> 14) & 0x3FFF) + 1;
  } else if (chunk == "VP8 ") {
    if (b.substr(23, 3) != "\x9d\x01\x2a") return std::nullopt;
    w = static_cast<int>(le(b, 26, 2) & 0x3FFF);
    h = static_cast<int>(le(b, 28, 2) & 0x3FFF);
  } else {
    return std::nullopt;
  }
  if (w <= 0 || h <= 0) return std::nullopt;
  return domain::Size{w, h};
}

bool fits_int(std::string_view bytes) { return bytes.size() <= static_cast<size_t>(INT32_MAX); }

void append(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<size_t>(size));
}

}  // namespace

std::optional<domain::Size> image_size(std::string_view bytes) {
  if (auto webp = webp_size(bytes)) return webp;
  if (bytes.empty() || !fits_int(bytes)) return std::nullopt;
  int w = 0, h = 0, comp = 0;
  if (!stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()), &w, &h,
                             &comp) ||
      w <= 0 || h <= 0)
    return std::nullopt;
  return domain::oriented_size({w, h}, domain::exif_orientation(bytes));  // as displayed: a portrait photo is tall
}

std::optional<Thumbnail> make_thumbnail(std::string_view bytes, const ImageLimits& limits) {
  if (bytes.empty() || !fits_int(bytes) || webp_size(bytes)) return std::nullopt;
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  int len = static_cast<int>(bytes.size());
  int w = 0, h = 0, comp = 0;
  // The header first: refuse to decode a decompression bomb.
  if (!stbi_info_from_memory(data, len, &w, &h, &comp) || w <= 0 || h <= 0) return std::nullopt;
  if (static_cast<std::int64_t>(w) * h > limits.max_pixels) return std::nullopt;
  bool alpha = comp == 2 || comp == 4;
  int channels = alpha ? 4 : 3;
  int dw = 0, dh = 0, dc = 0;
  std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> pixels(stbi_load_from_memory(data, len, &dw, &dh, &dc, channels),
                                                              &stbi_image_free);
  if (!pixels || dw != w || dh != h) return std::nullopt;
  auto size = domain::thumbnail_size(w, h, limits.max_side);
  std::vector<unsigned char> scaled(static_cast<size_t>(size.width) * size.height * channels);
  if (!stbir_resize_uint8(pixels.get(), w, h, 0, scaled.data(), size.width, size.height, 0, channels))
    return std::nullopt;
  pixels.reset();
  // Turned after scaling (fewer pixels to move); the thumbnail carries no EXIF, so it must look right as is.
  auto oriented = domain::apply_orientation({size.width, size.height, channels, std::move(scaled)},
                                            domain::exif_orientation(bytes));
  Thumbnail t;
  t.width = oriented.width;
  t.height = oriented.height;
  const unsigned char* out = oriented.pixels.data();
  int written = alpha ? stbi_write_png_to_func(&append, &t.bytes, t.width, t.height, channels, out, t.width * channels)
                      : stbi_write_jpg_to_func(&append, &t.bytes, t.width, t.height, channels, out, 82);
  if (!written || t.bytes.empty()) return std::nullopt;
  t.content_type = alpha ? "image/png" : "image/jpeg";
  return t;
}

namespace {

// Scales a square of `pixels` (w wide, `channels` each) to `side`, then turns it upright.
std::optional<domain::Bitmap> scaled_square(const stbi_uc* pixels, int w, int channels, domain::Square at, int side,
                                            int orientation) {
  domain::Bitmap out{side, side, channels, std::vector<unsigned char>(static_cast<size_t>(side) * side * channels)};
  const stbi_uc* corner = pixels + (static_cast<size_t>(at.y) * w + at.x) * channels;
  if (!stbir_resize_uint8(corner, at.side, at.side, w * channels, out.pixels.data(), side, side, 0, channels))
    return std::nullopt;
  return domain::apply_orientation(std::move(out), orientation);
}

// JPEG of an RGB or RGBA bitmap; alpha is laid on white (an avatar has no see-through corners).
std::string jpeg(const domain::Bitmap& b) {
  std::vector<unsigned char> rgb;
  const unsigned char* data = b.pixels.data();
  if (b.channels == 4) {
    rgb.reserve(b.pixels.size() / 4 * 3);
    for (size_t i = 0; i < b.pixels.size(); i += 4) {
      unsigned a = b.pixels[i + 3];
      for (int c = 0; c < 3; ++c) rgb.push_back(static_cast<unsigned char>((b.pixels[i + c] * a + 255 * (255 - a)) / 255));
    }
    data = rgb.data();
  }
  std::string out;
  if (!stbi_write_jpg_to_func(&append, &out, b.width, b.height, 3, data, 85)) out.clear();
  return out;
}

Error unreadable() {
  return invalid("This photo could not be read. Use a JPEG, PNG or GIF image.", "photo").because("photo_unreadable");
}

}  // namespace

Result<ProfilePhoto> make_profile_photo(std::string_view bytes, std::optional<domain::Square> crop,
                                        std::int64_t max_pixels) {
  if (bytes.empty() || !fits_int(bytes) || webp_size(bytes)) return unreadable();
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  int len = static_cast<int>(bytes.size());
  int w = 0, h = 0, comp = 0;
  if (!stbi_info_from_memory(data, len, &w, &h, &comp) || w <= 0 || h <= 0) return unreadable();
  if (static_cast<std::int64_t>(w) * h > max_pixels)
    return invalid("This photo has too many pixels.", "photo")
        .because("photo_too_large", {{"max_pixels", std::to_string(max_pixels)}});
  int channels = comp == 2 || comp == 4 ? 4 : 3;
  int dw = 0, dh = 0, dc = 0;
  std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> pixels(stbi_load_from_memory(data, len, &dw, &dh, &dc, channels),
                                                              &stbi_image_free);
  if (!pixels || dw != w || dh != h) return unreadable();

  int orientation = domain::exif_orientation(bytes);
  auto shown = domain::oriented_size({w, h}, orientation);
  domain::Square picked;
  if (crop) {  // moved and shrunk into the image: a crop box dragged a pixel too far is no error
    picked.side = std::clamp(crop->side, 1, std::min(shown.width, shown.height));
    picked.x = std::clamp(crop->x, 0, shown.width - picked.side);
    picked.y = std::clamp(crop->y, 0, shown.height - picked.side);
  } else {
    picked.side = std::min(shown.width, shown.height);
    picked.x = (shown.width - picked.side) / 2;
    picked.y = (shown.height - picked.side) / 2;
  }
  auto at = domain::stored_square(picked, {w, h}, orientation);
  auto large = scaled_square(pixels.get(), w, channels, at, std::min(picked.side, ProfilePhoto::kLargeSide), orientation);
  pixels.reset();
  if (!large) return unreadable();
  auto small = scaled_square(large->pixels.data(), large->width, channels, {0, 0, large->width},
                             std::min(large->width, ProfilePhoto::kSmallSide), 1);
  if (!small) return unreadable();
  ProfilePhoto photo{jpeg(*large), jpeg(*small)};
  if (photo.large.empty() || photo.small.empty()) return unreadable();
  return photo;
}

}  // namespace muster::app
