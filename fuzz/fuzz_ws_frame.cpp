// Bytes a WebSocket client sends: the frame reader must turn them into messages no larger than
// its limit, of valid UTF-8, and give the same result however the bytes are split across reads.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/text/arabic.hpp"
#include "transport/ws/frame.hpp"

using muster::transport::ws::Incoming;
using muster::transport::ws::Reader;

namespace {
constexpr std::size_t kMaxMessage = 4096;

bool same(const std::vector<Incoming>& a, const std::vector<Incoming>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].kind != b[i].kind || a[i].payload != b[i].payload || a[i].code != b[i].code) return false;
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  // The first byte picks where a second read starts; the rest is the stream.
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::size_t split = bytes.empty() ? 0 : data[0] % (bytes.size() + 1);

  Reader whole(kMaxMessage);
  std::vector<Incoming> at_once;
  whole.feed(bytes, at_once);

  Reader pieces(kMaxMessage);
  std::vector<Incoming> in_pieces;
  pieces.feed(bytes.substr(0, split), in_pieces);
  pieces.feed(bytes.substr(split), in_pieces);
  if (!same(at_once, in_pieces)) __builtin_trap();

  bool failed = false;
  for (const auto& in : at_once) {
    if (failed) __builtin_trap();  // nothing after a failure
    if (in.kind == Incoming::Kind::Fail) failed = true;
    if (in.kind == Incoming::Kind::Message &&
        (in.payload.size() > kMaxMessage || !muster::domain::is_valid_utf8(in.payload)))
      __builtin_trap();
  }
  (void)muster::transport::ws::accept_key(bytes);
  return 0;
}
