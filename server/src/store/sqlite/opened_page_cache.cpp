#include "store/sqlite/opened_page_cache.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace muster::store::sqlite {

OpenedPageCache::OpenedPageCache(std::size_t capacity_pages)
    : sets_per_chunk_(std::max<std::size_t>(1, capacity_pages / kWays / kChunks)) {}

std::pair<std::size_t, std::size_t> OpenedPageCache::place_of(std::uint64_t key) const {
  // A multiplicative hash: neighbouring pages land in different chunks and sets.
  auto h = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 16);
  return {h % kChunks, (h / kChunks) % sets_per_chunk_};
}

std::size_t OpenedPageCache::way_of(const Set& set, std::uint64_t key) {
  for (std::size_t way = 0; way < kWays; ++way)
    if ((set.valid >> way & 1) && set.keys[way] == key) return way;
  return kWays;
}

bool OpenedPageCache::find(FileKind kind, std::uint64_t position, const unsigned char* sealed_tail,
                           unsigned char* out) {
  auto key = key_of(kind, position);
  auto [chunk_index, set_index] = place_of(key);
  auto& chunk = chunks_[chunk_index];
  MutexLock lock(chunk.mutex);
  if (!chunk.sets) return false;
  auto& set = chunk.sets[set_index];
  auto way = way_of(set, key);
  if (way == kWays || std::memcmp(set.tails[way].data(), sealed_tail, kReservedBytes) != 0) return false;
  set.used_lately |= static_cast<std::uint8_t>(1u << way);
  std::memcpy(out, (*set.pages)[way].data(), kPageSize);
  return true;
}

bool OpenedPageCache::holds(FileKind kind, std::uint64_t position) {
  auto key = key_of(kind, position);
  auto [chunk_index, set_index] = place_of(key);
  auto& chunk = chunks_[chunk_index];
  MutexLock lock(chunk.mutex);
  if (!chunk.sets) return false;
  return way_of(chunk.sets[set_index], key) != kWays;
}

void OpenedPageCache::put(FileKind kind, std::uint64_t position, const unsigned char* sealed_tail,
                          const unsigned char* opened) {
  auto key = key_of(kind, position);
  auto [chunk_index, set_index] = place_of(key);
  auto& chunk = chunks_[chunk_index];
  MutexLock lock(chunk.mutex);
  if (!chunk.sets) chunk.sets = std::make_unique<Set[]>(sets_per_chunk_);
  auto& set = chunk.sets[set_index];
  // Not zeroed: a way is read only after a put filled it.
  if (!set.pages) set.pages = std::make_unique_for_overwrite<std::array<std::array<unsigned char, kPageSize>, kWays>>();
  std::size_t way = way_of(set, key);  // a newer seal of the same place replaces the older
  if (way == kWays && set.valid != 0xFF) way = static_cast<std::size_t>(std::countr_one(set.valid));
  while (way == kWays) {  // full: the hand clears reference bits until it meets a way without one
    auto bit = static_cast<std::uint8_t>(1u << set.hand);
    if (set.used_lately & bit) set.used_lately &= static_cast<std::uint8_t>(~bit);
    else way = set.hand;
    set.hand = static_cast<std::uint8_t>((set.hand + 1) % kWays);
  }
  set.keys[way] = key;
  set.valid |= static_cast<std::uint8_t>(1u << way);
  set.used_lately &= static_cast<std::uint8_t>(~(1u << way));
  std::memcpy(set.tails[way].data(), sealed_tail, kReservedBytes);
  auto& page = (*set.pages)[way];
  std::memcpy(page.data(), opened, kPageSize);
  std::memset(page.data() + kSealedBytes, 0, kReservedBytes);  // as open_page leaves it
}

void OpenedPageCache::clear() {
  for (auto& chunk : chunks_) {
    MutexLock lock(chunk.mutex);
    chunk.sets.reset();
  }
}

std::size_t OpenedPageCache::size() {
  std::size_t n = 0;
  for (auto& chunk : chunks_) {
    MutexLock lock(chunk.mutex);
    if (!chunk.sets) continue;
    for (std::size_t i = 0; i < sets_per_chunk_; ++i) n += static_cast<std::size_t>(std::popcount(chunk.sets[i].valid));
  }
  return n;
}

}  // namespace muster::store::sqlite
