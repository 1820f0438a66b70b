// Time as Unix seconds everywhere inside; RFC 3339 UTC only at the edges.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace muster {

using UnixSeconds = std::int64_t;

UnixSeconds now_seconds();
std::int64_t now_millis();  // for ordering by recency, where seconds tie
std::string to_rfc3339(UnixSeconds t);
// Accepts "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (with or without a fraction of a second, which is
// dropped); nullopt when malformed.
std::optional<UnixSeconds> parse_rfc3339(std::string_view text);

}  // namespace muster
