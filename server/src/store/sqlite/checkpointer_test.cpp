// The writer's WAL is checkpointed by the checkpointer's thread, not by the writer's commits.
#include "store/sqlite/checkpointer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "store/sqlite/database.hpp"

namespace muster::store::sqlite {
namespace {

namespace fs = std::filesystem;

TEST(Checkpointer, CopiesTheWalIntoTheDatabaseFileWhileTheWriterGoesOn) {
  fs::path dir = fs::temp_directory_path() / ("muster-checkpoint-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  auto path = (dir / "muster.db").string();
  {
    auto db = Database::open(path, 1);
    ASSERT_TRUE(db.ok()) << db.error().message;
    ASSERT_TRUE((*db)->write([](Connection& c) { return c.exec("CREATE TABLE blobs (b BLOB)"); }).ok());
    auto size_before = fs::file_size(path);
    // 16 MiB of new pages, four times the threshold, in many small commits.
    for (int i = 0; i < 256; ++i)
      ASSERT_TRUE((*db)->write([](Connection& c) {
                         return c.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 16) "
                                       "INSERT INTO blobs SELECT zeroblob(4000) FROM n");
                       }).ok());
    // The pages reach the database file without any checkpoint by the writer or at close.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (fs::file_size(path) < size_before + 8'000'000 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_GE(fs::file_size(path), size_before + 8'000'000);
    EXPECT_LT(fs::file_size(path + "-wal"), 64u << 20);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace muster::store::sqlite
