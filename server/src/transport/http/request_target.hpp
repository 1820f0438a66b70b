// Turns a raw request target into a decoded path and query, refusing anything ambiguous.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace muster::transport::http_api {

struct Target {
  std::string path;
  std::map<std::string, std::string> query;
};

// 400 for: not starting with '/', bad percent-encoding, NUL or control bytes, invalid UTF-8,
// "." or ".." segments, empty segments ("//"); 414 (PayloadTooLarge) for targets over 4 KiB.
Result<Target> parse_target(std::string_view target);

// For logs: path segments long enough to be secrets (invitation tokens) are replaced.
std::string redacted_path(const std::string& path);

}  // namespace muster::transport::http_api
