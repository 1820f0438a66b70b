// A voice note as anyone may upload it: bytes that passed the type check as WebM or Ogg, through
// libwebm or opusfile, libopus and LAME (app/voice_copy.cpp). No input may crash, leak or hang,
// and a copy is never made of nothing. The first byte picks the container.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "app/voice_copy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  muster::app::VoiceLimits limits;
  limits.max_seconds = 30;  // keeps one input well under the fuzzer's time limit
  auto copy = muster::app::make_voice_copy(bytes, (data[0] & 1) ? "audio/ogg" : "audio/webm", limits);
  if (copy && (copy->duration_ms <= 0 || copy->bytes.empty())) __builtin_trap();
  return 0;
}
