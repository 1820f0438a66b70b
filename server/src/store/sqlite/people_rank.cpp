#include "store/sqlite/people_rank.hpp"

#include <algorithm>
#include <limits>
#include <optional>

namespace muster::store::sqlite {
namespace {

constexpr std::int64_t kHalf = std::int64_t{1} << 62;
// A newcomer after the last (or before the first) person: far enough to leave room, near enough
// that 2^30 people arriving in order still fit.
constexpr std::int64_t kEndStep = std::int64_t{1} << 32;
// A renumbered stretch leaves at least this much between neighbours: about 20 more people fit
// between any two before that stretch needs renumbering again.
constexpr std::int64_t kMinSpacing = std::int64_t{1} << 20;

struct Bounds {
  std::int64_t low, high;  // exclusive
};

Bounds half_of(std::int64_t rank) {
  if (rank >= kHalf) return {kHalf, std::numeric_limits<std::int64_t>::max()};
  return {0, kHalf};
}

// Up to `n` ranks on one side of (sort_key, id) in name order, nearest first; `id` left out.
Result<std::vector<std::int64_t>> neighbours(Connection& c, const std::string& sort_key, const std::string& id,
                                             bool before, int n) {
  const char* sql = before ? "SELECT rank FROM people WHERE (sort_key, id) < (?1, ?2) AND id != ?2 AND rank IS NOT NULL "
                             "ORDER BY sort_key DESC, id DESC LIMIT ?3"
                           : "SELECT rank FROM people WHERE (sort_key, id) > (?1, ?2) AND id != ?2 AND rank IS NOT NULL "
                             "ORDER BY sort_key, id LIMIT ?3";
  ASSIGN_OR_RETURN(auto s, c.prepare(sql));
  s.bind(1, sort_key).bind(2, id).bind(3, n);
  std::vector<std::int64_t> out;
  TRY(s.each_row([&](const Statement& row) { out.push_back(row.integer(0)); }));
  return out;
}

Status set_rank(Connection& c, std::int64_t from, std::optional<std::int64_t> to) {
  ASSIGN_OR_RETURN(auto s, c.prepare("UPDATE people SET rank = ?2 WHERE rank = ?1"));
  s.bind(1, from);
  if (to) s.bind(2, *to);
  else s.bind_null(2);
  return s.run();
}

// Renumbers the smallest stretch around the newcomer (2k neighbours, k doubling) that leaves
// kMinSpacing between all of them, and returns the newcomer's rank in it.
Result<std::int64_t> renumber_around(Connection& c, const std::string& sort_key, const std::string& id,
                                     Bounds half) {
  for (int k = 8;; k *= 2) {
    ASSIGN_OR_RETURN(auto before, neighbours(c, sort_key, id, true, k + 1));
    ASSIGN_OR_RETURN(auto after, neighbours(c, sort_key, id, false, k + 1));
    bool everyone = static_cast<int>(before.size()) <= k && static_cast<int>(after.size()) <= k;
    std::int64_t low = static_cast<int>(before.size()) > k ? before.back() : half.low;
    std::int64_t high = static_cast<int>(after.size()) > k ? after.back() : half.high;
    if (static_cast<int>(before.size()) > k) before.pop_back();
    if (static_cast<int>(after.size()) > k) after.pop_back();
    auto count = static_cast<std::int64_t>(before.size() + after.size() + 1);
    std::int64_t spacing = (high - low) / (count + 1);
    if (spacing < kMinSpacing && !everyone) continue;
    if (spacing < 1) return internal_error("The directory's name order has no room left.");
    // Out of the way first (no rank is unique twice on the way), then in order.
    std::vector<std::int64_t> stretch(before.rbegin(), before.rend());
    for (auto r : stretch) TRY(set_rank(c, r, std::nullopt));
    for (auto r : after) TRY(set_rank(c, r, std::nullopt));
    // The rows now have no rank: they are found again by name order, which did not change.
    std::int64_t next = low;
    auto renumber = [&](bool side_before, size_t n) -> Status {
      const char* sql = side_before
                            ? "SELECT id FROM people WHERE (sort_key, id) < (?1, ?2) AND id != ?2 AND rank IS NULL "
                              "ORDER BY sort_key DESC, id DESC LIMIT ?3"
                            : "SELECT id FROM people WHERE (sort_key, id) > (?1, ?2) AND id != ?2 AND rank IS NULL "
                              "ORDER BY sort_key, id LIMIT ?3";
      ASSIGN_OR_RETURN(auto s, c.prepare(sql));
      s.bind(1, sort_key).bind(2, id).bind(3, static_cast<std::int64_t>(n));
      std::vector<std::string> ids;
      TRY(s.each_row([&](const Statement& row) { ids.push_back(row.text(0)); }));
      if (side_before) std::reverse(ids.begin(), ids.end());
      for (const auto& other : ids) {
        ASSIGN_OR_RETURN(auto u, c.prepare("UPDATE people SET rank = ?2 WHERE id = ?1"));
        u.bind(1, other).bind(2, next += spacing);
        TRY(u.run());
      }
      return ok_status();
    };
    TRY(renumber(true, before.size()));
    std::int64_t mine = next += spacing;
    TRY(renumber(false, after.size()));
    return mine;
  }
}

}  // namespace

Result<std::int64_t> place_in_name_order(Connection& c, const std::string& sort_key, const std::string& id) {
  ASSIGN_OR_RETURN(auto before, neighbours(c, sort_key, id, true, 1));
  ASSIGN_OR_RETURN(auto after, neighbours(c, sort_key, id, false, 1));
  Bounds half = half_of(!before.empty() ? before[0] : !after.empty() ? after[0] : 0);
  std::int64_t low = before.empty() ? half.low : before[0];
  std::int64_t high = after.empty() ? half.high : after[0];
  std::int64_t gap = high - low;
  if (gap >= 2) {
    if (after.empty()) return low + std::min(kEndStep, gap / 2);
    if (before.empty()) return high - std::min(kEndStep, gap / 2);
    return low + gap / 2;
  }
  return renumber_around(c, sort_key, id, half);
}

std::vector<std::int64_t> spread_ranks(std::size_t n, bool upper_half) {
  std::int64_t base = upper_half ? kHalf : 0;
  std::int64_t spacing = (kHalf - 1) / static_cast<std::int64_t>(n + 1);
  std::vector<std::int64_t> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = base + static_cast<std::int64_t>(i + 1) * spacing;
  return out;
}

}  // namespace muster::store::sqlite
