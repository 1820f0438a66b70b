// The cost of a voice note's MP3 copy (app/voice_copy.hpp), made on the upload path: a real
// Chromium recording (tests/integration/fixtures/voice-chromium.webm) converted again and again.
// Prints one JSON line: seconds of audio converted per CPU-second, and what that makes of the
// longest note the recorder sends (5 minutes).
//
//   muster_voice_copy_bench <recording.webm> [--rounds 200]
#include <time.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "app/voice_copy.hpp"

namespace {

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: muster_voice_copy_bench <recording.webm> [--rounds N]\n");
    return 2;
  }
  int rounds = 200;
  for (int i = 2; i + 1 < argc; i += 2)
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::stoi(argv[i + 1]);
  std::ifstream in(argv[1], std::ios::binary);
  std::string webm((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  double audio_s = 0;
  size_t mp3_bytes = 0;
  double t0 = cpu_now();
  for (int r = 0; r < rounds; ++r) {
    auto copy = muster::app::make_voice_copy(webm, "audio/webm");
    if (!copy) {
      std::fprintf(stderr, "voice copy bench: the recording could not be converted\n");
      return 1;
    }
    audio_s += static_cast<double>(copy->duration_ms) / 1000;
    mp3_bytes = copy->bytes.size();
  }
  double cpu = cpu_now() - t0;
  double per_cpu_s = audio_s / cpu;
  std::printf(
      "{\"recording_bytes\": %zu, \"mp3_bytes\": %zu, \"rounds\": %d, \"audio_seconds_per_cpu_second\": %.1f, "
      "\"five_minute_note_cpu_ms\": %.0f}\n",
      webm.size(), mp3_bytes, rounds, per_cpu_s, 300.0 / per_cpu_s * 1000);
  return 0;
}
