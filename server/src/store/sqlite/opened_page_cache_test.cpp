// The cache of opened pages: a hit only for the very sealed page it was opened from, bounded size.
#include "store/sqlite/opened_page_cache.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace muster::store::sqlite {
namespace {

std::array<unsigned char, kReservedBytes> tail_of(unsigned char seed) {
  std::array<unsigned char, kReservedBytes> t{};
  std::fill(t.begin(), t.end(), seed);
  return t;
}

std::array<unsigned char, kPageSize> page_of(unsigned char fill) {
  std::array<unsigned char, kPageSize> p{};
  std::fill(p.begin(), p.end(), fill);
  return p;
}

TEST(OpenedPageCache, ReturnsThePageOnlyForTheSealedTailItWasOpenedFrom) {
  OpenedPageCache cache(64);
  std::array<unsigned char, kPageSize> out{};
  EXPECT_FALSE(cache.find(FileKind::Database, 7, tail_of(1).data(), out.data()));
  cache.put(FileKind::Database, 7, tail_of(1).data(), page_of(0xAB).data());
  ASSERT_TRUE(cache.find(FileKind::Database, 7, tail_of(1).data(), out.data()));
  EXPECT_EQ(out[0], 0xAB);
  EXPECT_EQ(out[kSealedBytes - 1], 0xAB);
  EXPECT_EQ(out[kSealedBytes], 0);  // the reserved tail reads as zeros, as SQLite wrote it
  // Rewritten on disk (a new nonce and tag), at another position or in another kind of file: a miss.
  EXPECT_FALSE(cache.find(FileKind::Database, 7, tail_of(2).data(), out.data()));
  EXPECT_FALSE(cache.find(FileKind::Database, 8, tail_of(1).data(), out.data()));
  EXPECT_FALSE(cache.find(FileKind::Wal, 7, tail_of(1).data(), out.data()));
  // A newer seal of the same place replaces the older one.
  cache.put(FileKind::Database, 7, tail_of(3).data(), page_of(0xCD).data());
  EXPECT_FALSE(cache.find(FileKind::Database, 7, tail_of(1).data(), out.data()));
  ASSERT_TRUE(cache.find(FileKind::Database, 7, tail_of(3).data(), out.data()));
  EXPECT_EQ(out[0], 0xCD);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(OpenedPageCache, StaysWithinItsCapacityAndKeepsWhatWasUsedLately) {
  OpenedPageCache cache(512);  // the least it holds: one set of eight in each of 64 chunks
  std::array<unsigned char, kPageSize> out{};
  for (std::uint64_t p = 0; p < 5000; ++p) {
    cache.put(FileKind::Database, p, tail_of(static_cast<unsigned char>(p)).data(), page_of(static_cast<unsigned char>(p)).data());
    // Page 0 is read after every write: never the least recently used, so never evicted.
    ASSERT_TRUE(cache.find(FileKind::Database, 0, tail_of(0).data(), out.data())) << "evicted after page " << p;
  }
  EXPECT_LE(cache.size(), 512u);
  EXPECT_GE(cache.size(), 500u);
  EXPECT_TRUE(cache.find(FileKind::Database, 4999, tail_of(static_cast<unsigned char>(4999)).data(), out.data()));
  EXPECT_FALSE(cache.find(FileKind::Database, 1, tail_of(1).data(), out.data()));
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_FALSE(cache.find(FileKind::Database, 0, tail_of(0).data(), out.data()));
}

}  // namespace
}  // namespace muster::store::sqlite
