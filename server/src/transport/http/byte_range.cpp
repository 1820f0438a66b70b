#include "transport/http/byte_range.hpp"

#include <charconv>

namespace muster::transport::http_api {

namespace {
std::optional<std::size_t> number(std::string_view s) {
  std::size_t n = 0;
  if (s.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}
}  // namespace

RangeAnswer answer_range(std::string_view header, std::size_t size, ByteRange& range) {
  constexpr std::string_view kUnit = "bytes=";
  if (!header.starts_with(kUnit)) return RangeAnswer::Whole;  // absent, or a unit we do not serve
  auto spec = header.substr(kUnit.size());
  if (spec.find(',') != std::string_view::npos) return RangeAnswer::Whole;
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return RangeAnswer::Whole;
  auto from = spec.substr(0, dash);
  auto to = spec.substr(dash + 1);
  if (from.empty()) {  // "-500": the last 500 bytes
    auto suffix = number(to);
    if (!suffix) return RangeAnswer::Whole;
    if (*suffix == 0 || size == 0) return RangeAnswer::Unsatisfiable;
    range = {*suffix >= size ? 0 : size - *suffix, size - 1};
    return RangeAnswer::Part;
  }
  auto first = number(from);
  if (!first) return RangeAnswer::Whole;
  if (*first >= size) return RangeAnswer::Unsatisfiable;
  std::size_t last = size - 1;
  if (!to.empty()) {
    auto end = number(to);
    if (!end || *end < *first) return RangeAnswer::Whole;  // malformed: ignored, as the RFC says
    if (*end < last) last = *end;
  }
  range = {*first, last};
  return RangeAnswer::Part;
}

}  // namespace muster::transport::http_api
