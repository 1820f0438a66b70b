// A copy of a voice note that every browser plays. Chromium and Firefox record Opus (in WebM or
// Ogg), which iPhone Safari does not reliably play; every Safari, Chromium and Firefox plays MP3.
// So an Opus upload is decoded (libopus; Google's libwebm and Xiph's opusfile read the containers)
// and encoded again as MP3 (LAME), with its length measured on the way. Safari's own recordings
// (AAC in MP4), MP3 and WAV need no copy.
//
// Pure functions of the bytes, like thumbnails: no I/O, any thread, never crash or throw on
// malformed input — a file that cannot be decoded simply gets no copy.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace muster::app {

struct VoiceCopy {
  static constexpr const char* kContentType = "audio/mpeg";
  std::string bytes;  // MP3, constant bit rate, with a LAME "Info" frame that gives players its length
  std::int64_t duration_ms = 0;
};

struct VoiceLimits {
  int max_seconds = 15 * 60;  // longer audio is not a voice note (the recorder stops at 5 minutes)
  int bitrate_kbps = 48;      // mono speech; 5 minutes make 1.8 MB
};

// Whether `content_type` (as sniffed) is audio that may need a copy: Opus in WebM or Ogg.
bool needs_voice_copy(std::string_view content_type);

// The MP3 copy of Opus audio in WebM or Ogg, mixed down to mono. nullopt when the file is not
// Opus, is malformed, has more than two channels, less than a millisecond of sound, or runs past
// max_seconds.
std::optional<VoiceCopy> make_voice_copy(std::string_view bytes, std::string_view content_type,
                                         const VoiceLimits& limits = {});

}  // namespace muster::app
