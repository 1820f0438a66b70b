// HTTP range requests (RFC 9110 §14) for downloads: media players seek with them, and iPhone Safari
// plays audio only from a server that answers them. One range is served; several (rare, and a
// multipart answer) get the whole file, as the RFC allows.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace muster::transport::http_api {

struct ByteRange {
  std::size_t first = 0;  // inclusive
  std::size_t last = 0;   // inclusive
};

enum class RangeAnswer { Whole, Part, Unsatisfiable };

// What to answer to a Range header for a body of `size` bytes; `range` is set for Part.
RangeAnswer answer_range(std::string_view header, std::size_t size, ByteRange& range);

}  // namespace muster::transport::http_api
