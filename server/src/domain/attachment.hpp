// Attachments: the metadata type and the rules that need no storage — which file types are
// allowed (decided by content, never by name or header), file-name cleaning, thumbnail sizing.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace muster::domain {

struct Attachment {
  std::string id;  // "a_..."
  std::string uploader_id;
  std::string name;          // cleaned (sanitize_file_name), for display and Content-Disposition only
  std::string content_type;  // from sniff_file_type, never from the client
  std::int64_t size = 0;
  std::optional<int> width;  // images whose header could be read
  std::optional<int> height;
  bool has_thumbnail = false;
  bool has_voice_copy = false;               // Opus audio also stored as MP3 (app/voice_copy.hpp)
  std::optional<std::int64_t> duration_ms;  // audio whose length was measured by decoding it
  UnixSeconds created_at = 0;
  std::optional<std::string> message_id;  // set once posted with a message
};

// What the bytes are. Images, PDF, ZIP and audio (Ogg, WebM, MP4/M4A, MP3, WAV) by their magic
// bytes; text by being valid UTF-8 without NUL bytes, unless the name promises a binary format; a
// ZIP becomes docx/xlsx/pptx when the name's extension says so. nullopt: not allowed.
struct FileType {
  std::string content_type;  // e.g. "image/png", "text/plain"
  bool image = false;        // png, jpeg, gif, webp
};
std::optional<FileType> sniff_file_type(std::string_view bytes, std::string_view file_name);
bool is_audio(std::string_view content_type);  // what a voice note may be

// For the 415 message: what may be uploaded.
inline constexpr const char* kAllowedFileTypes =
    "PNG, JPEG, GIF and WebP images, PDF, plain text and CSV (UTF-8), Word (.docx), Excel (.xlsx), "
    "PowerPoint (.pptx), ZIP files, and audio (voice notes: Ogg, WebM, M4A, MP3, WAV)";

inline constexpr size_t kMaxFileNameChars = 200;
// Trims, removes path separators, control and bidirectional-override characters, shortens to
// kMaxFileNameChars characters (keeping the extension). InvalidArgument when not UTF-8 or empty.
Result<std::string> sanitize_file_name(std::string_view name);

// The lower-case extension without the dot ("" when none): "Plan.DOCX" -> "docx".
std::string file_extension(std::string_view name);

// Fits width x height inside max_side x max_side keeping the aspect ratio, never enlarging, at
// least one pixel per side. Requires width, height > 0.
struct Size {
  int width = 0;
  int height = 0;
  bool operator==(const Size&) const = default;
};
Size thumbnail_size(int width, int height, int max_side = 320);

// Content-Disposition for a download: "attachment" (or "inline") with an ASCII fallback
// `filename="..."` and the exact name as RFC 5987 `filename*=UTF-8''...`.
std::string content_disposition(std::string_view name, bool inline_display);

}  // namespace muster::domain
