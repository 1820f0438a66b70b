#pragma once
// Each person's `rank` follows the directory's name order, (sort_key, id), with room between
// neighbours, so the trigram index keyed by it lists matches in the order the directory shows them
// (migration 021). Ranks live in one half of the positive 64-bit range at a time: a re-index of
// everyone writes the other half, so no new rank meets an old one still held.
#include <cstdint>
#include <string>
#include <vector>

#include "store/sqlite/database.hpp"

namespace muster::store::sqlite {

// The rank for the person `id` placed at `sort_key`: between its neighbours in name order (the
// person's own row, if any, left out). Renumbers a few neighbours when there is no room between
// the two it falls between; those writes are part of the caller's transaction.
Result<std::int64_t> place_in_name_order(Connection& c, const std::string& sort_key, const std::string& id);

// Ranks for `n` people already in name order, evenly spread over the half of the range not in use
// (`upper_half` or the lower one).
std::vector<std::int64_t> spread_ranks(std::size_t n, bool upper_half);

}  // namespace muster::store::sqlite
