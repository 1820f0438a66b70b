#include "transport/http/request_target.hpp"

#include "domain/text/arabic.hpp"

namespace muster::transport::http_api {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> percent_decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size() || hex_value(in[i + 1]) < 0 || hex_value(in[i + 2]) < 0)
        return invalid("The URL has a malformed percent-encoding.");
      out += static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2]));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  for (unsigned char c : out)
    if (c < 0x20 || c == 0x7f) return invalid("The URL contains control characters.");
  if (!domain::is_valid_utf8(out)) return invalid("The URL is not valid UTF-8.");
  return out;
}

}  // namespace

Result<Target> parse_target(std::string_view target) {
  if (target.size() > 4096) return Error{ErrorCode::PayloadTooLarge, "The URL is too long."};
  if (target.empty() || target.front() != '/') return invalid("The URL path must start with '/'.");
  auto qmark = target.find('?');
  std::string_view raw_path = target.substr(0, qmark);
  Target out;
  // Check segments before decoding too, so "%2e%2e" and "%2F" cannot smuggle a traversal.
  size_t pos = 1;
  while (pos <= raw_path.size()) {
    size_t end = raw_path.find('/', pos);
    if (end == std::string_view::npos) end = raw_path.size();
    ASSIGN_OR_RETURN(auto segment, percent_decode(raw_path.substr(pos, end - pos), false));
    bool last = end == raw_path.size();
    if (segment == "." || segment == "..") return invalid("The URL path must not contain '.' or '..' segments.");
    if (segment.find('/') != std::string::npos || segment.find('\\') != std::string::npos)
      return invalid("The URL path must not contain encoded slashes.");
    if (segment.empty() && !(last && raw_path.size() == 1) && !last)
      return invalid("The URL path must not contain empty segments.");
    out.path += "/" + segment;
    pos = end + 1;
  }
  if (out.path.empty()) out.path = "/";
  if (qmark != std::string_view::npos) {
    std::string_view query = target.substr(qmark + 1);
    size_t qpos = 0;
    while (qpos <= query.size() && !query.empty()) {
      size_t amp = query.find('&', qpos);
      if (amp == std::string_view::npos) amp = query.size();
      std::string_view pair = query.substr(qpos, amp - qpos);
      if (!pair.empty()) {
        auto eq = pair.find('=');
        ASSIGN_OR_RETURN(auto key, percent_decode(pair.substr(0, eq), true));
        std::string value;
        if (eq != std::string_view::npos) {
          ASSIGN_OR_RETURN(value, percent_decode(pair.substr(eq + 1), true));
        }
        out.query[key] = value;
      }
      qpos = amp + 1;
    }
  }
  return out;
}

std::string redacted_path(const std::string& path) {
  std::string out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    std::string segment = path.substr(pos, end - pos);
    out += "/" + (segment.size() > 24 ? std::string("{redacted}") : segment);
    pos = end + 1;
  }
  return out.empty() ? "/" : out;
}

}  // namespace muster::transport::http_api
