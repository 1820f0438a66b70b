// The backup format end to end on real files: round trip, every flipped byte, truncation, wrong
// key or passphrase, and a restore that fails leaving nothing behind.
#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "backup/backup.hpp"
#include "crypto/crypto.hpp"
#include "store/files/disk_file_store.hpp"
#include "store/sqlite/sqlite_stores.hpp"

namespace muster::backup {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

BackupSecret key_secret(char fill = 'k') {
  BackupSecret s;
  s.kind = KeyKind::KeyFile;
  s.bytes.assign(kKeyBytes, fill);
  return s;
}

BackupSecret passphrase(const std::string& text) {
  BackupSecret s;
  s.kind = KeyKind::Passphrase;
  s.bytes = text;
  s.opslimit = crypto_pwhash_OPSLIMIT_MIN;
  s.memlimit = crypto_pwhash_MEMLIMIT_MIN;
  return s;
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::init().ok());
    root_ = fs::temp_directory_path() / ("muster-backup-test-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // A small backup written directly (no database): entries of the given sizes.
  fs::path small_backup(const BackupSecret& secret, std::uint32_t chunk, std::vector<size_t> sizes) {
    fs::path out = root_ / "small.mbk";
    auto w = BackupWriter::create(out, secret, {{"format", 1}}, chunk);
    EXPECT_TRUE(w.ok()) << (w.ok() ? "" : w.error().message);
    std::string db(sizes[0], '\0');
    for (size_t i = 0; i < db.size(); ++i) db[i] = static_cast<char>(i * 7);
    EXPECT_TRUE(w.value()->add_bytes(kDatabaseEntry, "muster.db", db).ok());
    for (size_t i = 1; i < sizes.size(); ++i)
      EXPECT_TRUE(w.value()->add_bytes(kFileEntry, "files/ab/cd/a_" + std::to_string(i), std::string(sizes[i], 'x')).ok());
    EXPECT_TRUE(w.value()->commit().ok());
    return out;
  }

  fs::path root_;
};

TEST_F(BackupTest, RoundTripKeepsEveryEntryAndItsBytes) {
  auto secret = key_secret();
  auto out = small_backup(secret, 512, {3000, 0, 700, 1});
  auto summary = read_backup(out, secret, nullptr);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->database_bytes, 3000u);
  EXPECT_EQ(summary->files, 3u);
  ASSERT_EQ(summary->entries.size(), 4u);
  EXPECT_EQ(summary->entries[2].name, "files/ab/cd/a_2");
  EXPECT_EQ(summary->entries[2].size, 700u);
  EXPECT_FALSE(summary->has_keyring);
  // Nothing of the content is readable in the file.
  EXPECT_EQ(slurp(out).find(std::string(50, 'x')), std::string::npos);
  EXPECT_EQ(slurp(out).find("files/ab/cd"), std::string::npos);
}

TEST_F(BackupTest, EveryFlippedByteIsDetected) {
  auto secret = key_secret();
  auto out = small_backup(secret, 256, {600, 300, 40});
  std::string bytes = slurp(out);
  ASSERT_GT(bytes.size(), 1000u);
  fs::path bad = root_ / "bad.mbk";
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string copy = bytes;
    copy[i] = static_cast<char>(copy[i] ^ (1 << (i % 8)));
    spit(bad, copy);
    auto summary = read_backup(bad, secret, nullptr);
    ASSERT_FALSE(summary.ok()) << "flipped byte " << i << " of " << bytes.size() << " went unnoticed";
  }
}

TEST_F(BackupTest, TruncationIsDetectedAndNamed) {
  auto secret = key_secret();
  auto out = small_backup(secret, 256, {600, 300, 40});
  std::string bytes = slurp(out);
  fs::path cut = root_ / "cut.mbk";
  for (size_t n = 0; n < bytes.size(); n += (n < kHeaderBytes + 10 ? 1 : 7)) {
    spit(cut, bytes.substr(0, n));
    auto summary = read_backup(cut, secret, nullptr);
    ASSERT_FALSE(summary.ok()) << "cut at " << n;
    if (n >= kMagic.size()) {
      EXPECT_NE(summary.error().message.find("truncated"), std::string::npos) << n << ": " << summary.error().message;
    }
  }
  // A whole chunk missing at the end (a cut on a chunk boundary) too.
  size_t chunk = 256 + crypto_secretstream_xchacha20poly1305_ABYTES;
  spit(cut, bytes.substr(0, bytes.size() - chunk));
  auto summary = read_backup(cut, secret, nullptr);
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.error().message.find("truncated"), std::string::npos) << summary.error().message;
  // And a byte appended.
  spit(cut, bytes + "x");
  EXPECT_FALSE(read_backup(cut, secret, nullptr).ok());
}

TEST_F(BackupTest, DamageIsNamedAsDamage) {
  auto secret = key_secret();
  auto out = small_backup(secret, 256, {600});
  std::string bytes = slurp(out);
  bytes[kHeaderBytes + 300] ^= 1;
  spit(out, bytes);
  auto summary = read_backup(out, secret, nullptr);
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.error().message.find("damaged"), std::string::npos) << summary.error().message;
}

TEST_F(BackupTest, WrongKeyAndWrongPassphraseAreRefusedByName) {
  auto out = small_backup(key_secret('a'), 512, {100});
  auto wrong = read_backup(out, key_secret('b'), nullptr);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().message, "Wrong backup key: it does not open this backup.");
  auto kind = read_backup(out, passphrase("correct horse battery"), nullptr);
  ASSERT_FALSE(kind.ok());
  EXPECT_NE(kind.error().message.find("key file, not a passphrase"), std::string::npos);

  auto with_pass = small_backup(passphrase("correct horse battery"), 512, {100});
  EXPECT_TRUE(read_backup(with_pass, passphrase("correct horse battery"), nullptr).ok());
  auto bad = read_backup(with_pass, passphrase("correct horse batterY"), nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "Wrong passphrase: it does not open this backup.");
}

TEST_F(BackupTest, NotABackupIsSaidSo) {
  spit(root_ / "x", "SQLite format 3\0 and more");
  auto r = read_backup(root_ / "x", key_secret(), nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "This is not a Muster backup file.");
}

TEST_F(BackupTest, KeyringTravelsAndIsHandedToTheRestore) {
  crypto::Keyring keys({crypto::generate_data_key(1), crypto::generate_data_key(2)}, 2);
  auto decoded = decode_keyring(encode_keyring(keys));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded.value()->current().id, 2u);
  EXPECT_EQ(decoded.value()->find(1)->bytes, keys.find(1)->bytes);

  // A real store with a file, backed up with the keyring, restored into a new directory.
  fs::path data = root_ / "data";
  auto secret = key_secret();
  BackupOptions options;
  options.data_dir = data;
  options.out = root_ / "full.mbk";
  options.keyring = std::make_shared<crypto::Keyring>(std::vector<crypto::DataKey>{keys.find(1).value(), keys.find(2).value()}, 2);
  {
    auto stores = store::sqlite::open_stores(data.string(), options.keyring);  // an encrypted store
    ASSERT_TRUE(stores.ok());
  }
  auto made = make_backup(options, secret);
  ASSERT_TRUE(made.ok()) << made.error().message;
  // The snapshot copy is gone from the data directory.
  for (auto& entry : fs::directory_iterator(data)) EXPECT_EQ(entry.path().filename().string().find("backup"), std::string::npos);

  std::optional<crypto::DataKey> restored_key;
  RestoreOptions restore;
  restore.backup = options.out;
  restore.data_dir = root_ / "restored";
  // Without a writer for the keys the restore refuses, and leaves nothing.
  auto refused = restore_backup(restore, secret);
  ASSERT_FALSE(refused.ok());
  EXPECT_FALSE(fs::exists(restore.data_dir));
  for (auto& entry : fs::directory_iterator(root_)) EXPECT_EQ(entry.path().filename().string().find("restore"), std::string::npos);

  restore.write_keyring = [&](const fs::path& dir, const crypto::Keyring& k) {
    restored_key = k.find(1);
    std::ofstream(dir / "keyring") << "wrapped";
    return ok_status();
  };
  auto summary = restore_backup(restore, secret);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_TRUE(summary->has_keyring);
  ASSERT_TRUE(restored_key);
  EXPECT_EQ(restored_key->bytes, keys.find(1)->bytes);
  EXPECT_TRUE(fs::exists(restore.data_dir / "keyring"));
  EXPECT_TRUE(fs::exists(restore.data_dir / "muster.db"));
  // The restored pages open with the restored keys (the same keys, wrapped anew).
  auto reopened = store::sqlite::open_stores(restore.data_dir.string(), options.keyring);
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
}

TEST_F(BackupTest, RestoreRefusesANonEmptyTargetAndADamagedBackupLeavesNothing) {
  fs::path data = root_ / "data";
  {
    auto stores = store::sqlite::open_stores(data.string());
    ASSERT_TRUE(stores.ok());
  }
  auto secret = key_secret();
  BackupOptions options;
  options.data_dir = data;
  options.out = root_ / "b.mbk";
  ASSERT_TRUE(make_backup(options, secret).ok());

  RestoreOptions restore;
  restore.backup = options.out;
  restore.data_dir = data;  // not empty
  auto refused = restore_backup(restore, secret);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("not empty"), std::string::npos);

  std::string bytes = slurp(options.out);
  bytes[bytes.size() - 40] ^= 4;  // damage in the last chunk: found only after entries were written
  spit(root_ / "damaged.mbk", bytes);
  restore.backup = root_ / "damaged.mbk";
  restore.data_dir = root_ / "empty";
  fs::create_directories(restore.data_dir);
  auto damaged = restore_backup(restore, secret);
  ASSERT_FALSE(damaged.ok());
  EXPECT_TRUE(fs::is_empty(restore.data_dir));
  for (auto& entry : fs::directory_iterator(root_)) EXPECT_EQ(entry.path().filename().string().find(".restore"), std::string::npos);

  restore.backup = options.out;
  ASSERT_TRUE(restore_backup(restore, secret).ok());  // an empty directory is fine
  EXPECT_TRUE(fs::exists(restore.data_dir / "muster.db"));
}

}  // namespace
}  // namespace muster::backup
