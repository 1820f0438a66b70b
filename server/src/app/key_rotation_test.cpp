#include "app/key_rotation.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "store/files/disk_file_store.hpp"
#include "store/files/sealed_file.hpp"

namespace muster::app {
namespace {

namespace fs = std::filesystem;

struct KeyRotationTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("muster-rotation-test-" + std::to_string(std::random_device{}()));
  crypto::MasterKey master = crypto::generate_master_key();
  std::shared_ptr<crypto::Keyring> keyring;
  int database_calls = 0;
  std::uint32_t database_target = 0;

  void SetUp() override { keyring = crypto::open_keyring(dir, master, true).value(); }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  KeyRotation job() {
    KeyRotationConfig c;
    c.read_keyring = [this] { return crypto::read_keyring_file(dir, master); };
    c.rewrap_files = [this](const std::function<bool()>& stop) { return store::files::rewrap_files(dir / "files", *keyring, stop); };
    c.reencrypt_database = [this](std::uint32_t id, const std::function<bool()>&) {
      ++database_calls;
      database_target = id;
      return ok_status();
    };
    c.retire_all_but = [this](std::uint32_t id) { return crypto::retire_all_but(dir, master, id); };
    return KeyRotation(keyring, c);
  }

  std::uint32_t key_id_of(const std::string& key) {
    auto path = store::files::file_path(dir / "files", key).value();
    std::ifstream in(path, std::ios::binary);
    std::string header(store::files::kSealedHeaderBytes, '\0');
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    return store::files::sealed_key_id(header).value();
  }
};

TEST_F(KeyRotationTest, TakesTheNewKeyRewrapsFilesThenRetiresTheOldOne) {
  auto files = store::files::make_disk_file_store(dir / "files", keyring);
  ASSERT_TRUE(files->put("a_oldfile", "written before the rotation").ok());
  auto rotation = job();
  ASSERT_TRUE(rotation.run(nullptr).ok());
  EXPECT_EQ(database_calls, 0) << "nothing to do before a rotation";

  auto fresh = crypto::rotate_data_key(dir, master);  // `muster keys rotate` from another process
  ASSERT_TRUE(fresh.ok());
  ASSERT_TRUE(rotation.run(nullptr).ok());
  EXPECT_EQ(keyring->current().id, fresh->id) << "new writes use the new key at once";
  EXPECT_EQ(key_id_of("a_oldfile"), fresh->id);
  EXPECT_EQ(database_calls, 1);
  EXPECT_EQ(database_target, fresh->id);
  auto file = crypto::read_keyring_file(dir, master).value();
  EXPECT_TRUE(crypto::keys_to_retire(file).empty());
  EXPECT_EQ(files->read("a_oldfile").value(), "written before the rotation");
  ASSERT_TRUE(files->put("a_newfile", "after").ok());
  EXPECT_EQ(key_id_of("a_newfile"), fresh->id);

  ASSERT_TRUE(rotation.run(nullptr).ok());
  EXPECT_EQ(database_calls, 1) << "idempotent: a finished rotation is not run again";
}

TEST_F(KeyRotationTest, AStoppedPassResumesAndRetiresNothingUntilDone) {
  auto files = store::files::make_disk_file_store(dir / "files", keyring);
  ASSERT_TRUE(files->put("a_one", "1").ok());
  ASSERT_TRUE(crypto::rotate_data_key(dir, master).ok());
  ASSERT_TRUE(job().run([] { return true; }).ok());
  EXPECT_EQ(crypto::keys_to_retire(crypto::read_keyring_file(dir, master).value()).size(), 1u);
  EXPECT_EQ(key_id_of("a_one"), 1u);
  // A restarted server (a new keyring from the file) finishes the job.
  keyring = crypto::open_keyring(dir, master, false).value();
  ASSERT_TRUE(job().run(nullptr).ok());
  EXPECT_EQ(key_id_of("a_one"), 2u);
  EXPECT_TRUE(crypto::keys_to_retire(crypto::read_keyring_file(dir, master).value()).empty());
}

}  // namespace
}  // namespace muster::app
