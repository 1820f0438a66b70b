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

struct Neighbour {
  std::string id;
  std::int64_t rank;
};

// Up to `n` people on one side of (sort_key, id) in name order, nearest first; `id` left out.
Result<std::vector<Neighbour>> neighbours(Connection& c, const std::string& sort_key, const std::string& id,
                                          bool before, int n) {
  const char* sql = before ? "SELECT id, rank FROM people WHERE (sort_key, id) < (?1, ?2) AND id != ?2 AND rank IS NOT NULL "
                             "ORDER BY sort_key DESC, id DESC LIMIT ?3"
                           : "SELECT id, rank FROM people WHERE (sort_key, id) > (?1, ?2) AND id != ?2 AND rank IS NOT NULL "
                             "ORDER BY sort_key, id LIMIT ?3";
  ASSIGN_OR_RETURN(auto s, c.prepare(sql));
  s.bind(1, sort_key).bind(2, id).bind(3, n);
  std::vector<Neighbour> out;
  TRY(s.each_row([&](const Statement& row) { out.push_back({row.text(0), row.integer(1)}); }));
  return out;
}

Status set_rank(Connection& c, const std::string& id, std::optional<std::int64_t> rank) {
  ASSIGN_OR_RETURN(auto s, c.prepare("UPDATE people SET rank = ?2 WHERE id = ?1"));
  s.bind(1, id);
  if (rank) s.bind(2, *rank);
  else s.bind_null(2);
  return s.run();
}

// Renumbers the smallest stretch around the newcomer (2k neighbours, k doubling) that leaves
// kMinSpacing between all of them, and returns the newcomer's rank in it.
Result<std::int64_t> renumber_around(Connection& c, const std::string& sort_key, const std::string& id,
                                     Bounds half) {
  for (size_t k = 8;; k *= 2) {
    ASSIGN_OR_RETURN(auto before, neighbours(c, sort_key, id, true, static_cast<int>(k + 1)));
    ASSIGN_OR_RETURN(auto after, neighbours(c, sort_key, id, false, static_cast<int>(k + 1)));
    bool everyone = before.size() <= k && after.size() <= k;
    std::int64_t low = before.size() > k ? before.back().rank : half.low;
    std::int64_t high = after.size() > k ? after.back().rank : half.high;
    if (before.size() > k) before.pop_back();
    if (after.size() > k) after.pop_back();
    auto count = static_cast<std::int64_t>(before.size() + after.size() + 1);
    std::int64_t spacing = (high - low) / (count + 1);
    if (spacing < kMinSpacing && !everyone) continue;
    if (spacing < 1) return internal_error("The directory's name order has no room left.");
    // The stretch in name order, the newcomer's place empty; out of the way first (no rank is
    // unique twice on the way), then numbered in order.
    std::vector<Neighbour> stretch(before.rbegin(), before.rend());
    stretch.insert(stretch.end(), after.begin(), after.end());
    for (const auto& n : stretch) TRY(set_rank(c, n.id, std::nullopt));
    std::int64_t next = low, mine = 0;
    for (size_t i = 0; i < stretch.size(); ++i) {
      if (i == before.size()) mine = next += spacing;
      TRY(set_rank(c, stretch[i].id, next += spacing));
    }
    return after.empty() ? next + spacing : mine;
  }
}

}  // namespace

Result<std::int64_t> place_in_name_order(Connection& c, const std::string& sort_key, const std::string& id) {
  ASSIGN_OR_RETURN(auto before, neighbours(c, sort_key, id, true, 1));
  ASSIGN_OR_RETURN(auto after, neighbours(c, sort_key, id, false, 1));
  Bounds half = half_of(!before.empty() ? before[0].rank : !after.empty() ? after[0].rank : 0);
  std::int64_t low = before.empty() ? half.low : before[0].rank;
  std::int64_t high = after.empty() ? half.high : after[0].rank;
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
