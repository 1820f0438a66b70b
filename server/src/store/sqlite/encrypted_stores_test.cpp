// The store conformance suite once more, on SQLite files encrypted by the VFS: every store behaves
// the same whether its pages are sealed or not.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <random>

#include "store/sqlite/temp_dir_stores.hpp"
#include "store/testing/store_conformance.hpp"

namespace muster::store::sqlite {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<Stores> open_fresh_encrypted() {
  auto keyring = std::make_shared<crypto::Keyring>(std::vector<crypto::DataKey>{crypto::generate_data_key(1)}, 1);
  return testing::open_temp_stores("muster-encrypted-store", keyring);
}

using conformance::StoreConformanceTest;

INSTANTIATE_TEST_SUITE_P(EncryptedSqlite, StoreConformanceTest,
                         ::testing::Values(conformance::StoreBackend{"EncryptedSqlite", &open_fresh_encrypted}),
                         conformance::backend_name);

}  // namespace
}  // namespace muster::store::sqlite
