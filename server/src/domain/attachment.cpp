#include "domain/attachment.hpp"
#include "domain/attachment_serving.hpp"

#include <algorithm>
#include <cctype>

#include "domain/text/arabic.hpp"

namespace muster::domain {

namespace {

bool starts_with(std::string_view bytes, std::string_view magic) { return bytes.substr(0, magic.size()) == magic; }

bool removed_from_names(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return true;  // C0, DEL, C1 controls
  if (cp == '/' || cp == '\\') return true;                                   // path separators
  // Bidirectional overrides and isolates ("gnp.exe" shown as "exe.png"), and line/paragraph separators.
  if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
      cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF)
    return true;
  return false;
}

bool is_space(char32_t cp) { return cp == ' ' || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B); }

}  // namespace

std::string file_extension(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= name.size()) return "";
  std::string ext(name.substr(dot + 1));
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

namespace {

bool within(std::string_view b, size_t limit, std::string_view needle) {
  return b.substr(0, limit).find(needle) != std::string_view::npos;
}

// Voice notes as the browsers record them (Chromium and Firefox: Opus in WebM or Ogg; Safari:
// AAC in MP4), and the audio files people share (MP3, WAV).
std::optional<std::string> sniff_audio(std::string_view b) {
  if (starts_with(b, "OggS")) return "audio/ogg";
  if (starts_with(b, "\x1A\x45\xDF\xA3") && within(b, 64, "webm")) return "audio/webm";
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp") {
    static constexpr std::string_view kBrands[] = {"M4A ", "isom", "iso5", "iso6", "mp41", "mp42", "dash"};
    for (auto brand : kBrands)
      if (b.substr(8, 4) == brand) return "audio/mp4";
    return std::nullopt;
  }
  if (starts_with(b, "ID3")) return "audio/mpeg";
  if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xFF && (static_cast<unsigned char>(b[1]) & 0xE6) == 0xE2)
    return "audio/mpeg";  // an MPEG audio frame (layer III) without an ID3 tag
  if (b.size() >= 12 && starts_with(b, "RIFF") && b.substr(8, 4) == "WAVE") return "audio/wav";
  return std::nullopt;
}

// Extensions of formats that are never plain text.
bool names_binary_format(std::string_view file_name) {
  static constexpr std::string_view kBinary[] = {
      "png", "jpg",  "jpeg", "gif", "webp", "heic", "bmp", "tif", "tiff", "pdf",  "docx", "xlsx", "pptx", "doc",
      "xls", "ppt",  "zip",  "rar", "7z",   "gz",   "m4a", "mp3", "ogg",  "opus", "oga",  "webm", "wav",  "aac",
      "mp4", "mov",  "avi",  "mkv", "3gp",  "amr",  "exe", "dll", "apk",  "ipa",  "dmg",  "iso",  "bin"};
  auto ext = file_extension(file_name);
  for (auto binary : kBinary)
    if (ext == binary) return true;
  return false;
}

}  // namespace

std::optional<FileType> sniff_file_type(std::string_view b, std::string_view file_name) {
  if (b.empty()) return std::nullopt;
  if (starts_with(b, "\x89PNG\r\n\x1a\n")) return FileType{"image/png", true};
  if (starts_with(b, "\xFF\xD8\xFF")) return FileType{"image/jpeg", true};
  if (starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) return FileType{"image/gif", true};
  if (b.size() >= 12 && starts_with(b, "RIFF") && b.substr(8, 4) == "WEBP") return FileType{"image/webp", true};
  if (starts_with(b, "%PDF-")) return FileType{"application/pdf", false};
  if (starts_with(b, std::string_view("PK\x03\x04", 4))) {
    std::string ext = file_extension(file_name);
    if (ext == "docx") return FileType{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", false};
    if (ext == "xlsx") return FileType{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false};
    if (ext == "pptx")
      return FileType{"application/vnd.openxmlformats-officedocument.presentationml.presentation", false};
    return FileType{"application/zip", false};
  }
  if (auto audio = sniff_audio(b)) return FileType{*audio, false};
  // Text: valid UTF-8 and no NUL byte (binary formats nearly always contain one early on). A name
  // that promises another kind of file ("voice.m4a", "photo.png") with text inside is refused: it
  // would show as a file it is not.
  if (b.find('\0') == std::string_view::npos && is_valid_utf8(b) && !names_binary_format(file_name))
    return FileType{file_extension(file_name) == "csv" ? "text/csv" : "text/plain", false};
  return std::nullopt;
}

bool is_audio(std::string_view content_type) { return content_type.starts_with("audio/"); }

Result<std::string> sanitize_file_name(std::string_view name) {
  if (!is_valid_utf8(name)) return invalid("The file name is not valid UTF-8.", "name");
  std::u32string kept = decode_utf8(name);
  std::erase_if(kept, removed_from_names);
  while (!kept.empty() && is_space(kept.back())) kept.pop_back();
  size_t start = 0;
  while (start < kept.size() && is_space(kept[start])) ++start;
  kept.erase(0, start);
  if (kept.empty() || kept == U"." || kept == U"..") return invalid("Give the file a name.", "name");
  if (kept.size() > kMaxFileNameChars) {
    // Keep a short extension: "very long report … .pdf" stays a .pdf.
    auto dot = kept.rfind(U'.');
    std::u32string ext = (dot != std::u32string::npos && kept.size() - dot <= 16) ? kept.substr(dot) : U"";
    kept = kept.substr(0, kMaxFileNameChars - ext.size());
    while (!kept.empty() && is_space(kept.back())) kept.pop_back();
    kept += ext;
  }
  return encode_utf8(kept);
}

Size thumbnail_size(int width, int height, int max_side) {
  if (width <= max_side && height <= max_side) return {width, height};
  double scale = std::min(static_cast<double>(max_side) / width, static_cast<double>(max_side) / height);
  int w = std::clamp(static_cast<int>(width * scale + 0.5), 1, max_side);
  int h = std::clamp(static_cast<int>(height * scale + 0.5), 1, max_side);
  return {w, h};
}

ServedAs served_as(std::string_view type) {
  static constexpr std::string_view kInlineImages[] = {"image/png", "image/jpeg", "image/gif", "image/webp"};
  static constexpr std::string_view kDownloads[] = {
      "application/pdf", "application/zip",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation"};
  for (auto image : kInlineImages)
    if (type == image) return {std::string(type), true};
  for (auto download : kDownloads)
    if (type == download) return {std::string(type), false};
  if (type == "text/plain" || type == "text/csv") return {std::string(type) + "; charset=utf-8", false};
  // Audio plays in the app's <audio> element; as a download it carries no active content.
  for (auto audio : {"audio/ogg", "audio/webm", "audio/mp4", "audio/mpeg", "audio/wav"})
    if (type == audio) return {std::string(type), false};
  return {"application/octet-stream", false};
}

std::string content_disposition(std::string_view name, bool inline_display) {
  static const char* hex = "0123456789ABCDEF";
  std::string fallback, encoded;
  for (size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    bool attr_char = std::isalnum(c) || std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
    if (attr_char) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += hex[c >> 4];
      encoded += hex[c & 15];
    }
    if (c >= 0x80) {
      if ((c & 0xC0) != 0x80) fallback += '_';  // one '_' per non-ASCII character
    } else {
      // Some browsers percent-decode the plain filename: '%' goes too.
      fallback += (c == '"' || c == '\\' || c == '%' || c < 0x20 || c == 0x7F) ? '_' : static_cast<char>(c);
    }
  }
  return std::string(inline_display ? "inline" : "attachment") + "; filename=\"" + fallback +
         "\"; filename*=UTF-8''" + encoded;
}

}  // namespace muster::domain
