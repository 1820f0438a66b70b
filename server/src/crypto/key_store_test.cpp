#include "crypto/key_store.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "crypto/master_key.hpp"

namespace muster::crypto {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("muster-keys-test-" + std::to_string(std::random_device{}()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(MasterKey, DefaultKeyFileIsASiblingOfTheDataDirectory) {
  EXPECT_EQ(default_key_file("/srv/muster/var"), fs::path("/srv/muster/var.key"));
  EXPECT_EQ(default_key_file("/srv/muster/var/"), fs::path("/srv/muster/var.key"));
  EXPECT_EQ(default_key_file("var"), fs::current_path() / "var.key");
}

TEST(MasterKey, ParsesSixtyFourHexDigitsOnly) {
  auto key = generate_master_key();
  auto back = parse_master_key("  " + master_key_hex(key) + "\n");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->bytes, key.bytes);
  for (std::string bad : {std::string(""), std::string(63, 'a'), std::string(65, 'a'), std::string(64, 'g')})
    EXPECT_FALSE(parse_master_key(bad).ok()) << bad;
}

TEST(MasterKey, FileIsCreatedOwnerOnlyAndNeverReplaced) {
  TempDir dir;
  auto path = dir.path / "var.key";
  auto key = generate_master_key();
  ::umask(022);
  ASSERT_TRUE(write_master_key_file(path, key).ok());
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(read_master_key_file(path)->bytes, key.bytes);
  EXPECT_EQ(write_master_key_file(path, generate_master_key()).error().code, ErrorCode::Conflict);
  EXPECT_EQ(read_master_key_file(path)->bytes, key.bytes);
  EXPECT_EQ(read_master_key_file(dir.path / "absent.key").error().code, ErrorCode::NotFound);
}

TEST(MasterKey, FileReadableByOthersIsRefusedWithChmodAdvice) {
  TempDir dir;
  auto path = dir.path / "var.key";
  ASSERT_TRUE(write_master_key_file(path, generate_master_key()).ok());
  ::chmod(path.c_str(), 0640);
  auto read = read_master_key_file(path);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::PermissionDenied);
  EXPECT_NE(read.error().message.find("chmod 600"), std::string::npos);
}

TEST(MasterKey, ReadsFromADescriptorAsHexOrRawBytes) {
  auto key = generate_master_key();
  for (bool hex : {true, false}) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    std::string text = hex ? master_key_hex(key) + "\n" : std::string(key.bytes.begin(), key.bytes.end());
    ASSERT_EQ(::write(fds[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ::close(fds[1]);
    auto back = read_master_key_fd(fds[0]);
    ::close(fds[0]);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->bytes, key.bytes);
  }
}

TEST(KeyStore, CreatesReopensAndNeverHoldsAKeyInTheClear) {
  TempDir dir;
  auto master = generate_master_key();
  EXPECT_EQ(open_keyring(dir.path, master, false).error().code, ErrorCode::NotFound);
  EXPECT_FALSE(keyring_exists(dir.path)) << "opening without create writes nothing";
  auto created = open_keyring(dir.path, master, true);
  ASSERT_TRUE(created.ok()) << created.error().message;
  auto key = created.value()->current();
  auto reopened = open_keyring(dir.path, master, false);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened.value()->current().id, key.id);
  EXPECT_EQ(reopened.value()->current().bytes, key.bytes);
  std::string text = slurp(keyring_path(dir.path));
  std::string hex(2 * kDataKeyBytes + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), key.bytes.data(), key.bytes.size());
  hex.pop_back();
  EXPECT_EQ(text.find(hex), std::string::npos);
  EXPECT_EQ(text.find(std::string(key.bytes.begin(), key.bytes.end())), std::string::npos);
}

TEST(KeyStore, AWrongMasterKeyIsRefusedAndChangesNothing) {
  TempDir dir;
  auto master = generate_master_key();
  ASSERT_TRUE(open_keyring(dir.path, master, true).ok());
  std::string before = slurp(keyring_path(dir.path));
  auto wrong = open_keyring(dir.path, generate_master_key(), true);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::PermissionDenied);
  EXPECT_NE(wrong.error().message.find("not this data directory's key"), std::string::npos);
  EXPECT_EQ(slurp(keyring_path(dir.path)), before);
}

TEST(KeyStore, AnEditedKeyringDoesNotOpen) {
  TempDir dir;
  auto master = generate_master_key();
  ASSERT_TRUE(open_keyring(dir.path, master, true).ok());
  std::string text = slurp(keyring_path(dir.path));
  auto at = text.find("\"wrapped\": \"") + 12;
  text[at] = text[at] == '0' ? '1' : '0';
  std::ofstream(keyring_path(dir.path), std::ios::binary | std::ios::trunc) << text;
  EXPECT_FALSE(open_keyring(dir.path, master, false).ok());
  std::ofstream(keyring_path(dir.path), std::ios::binary | std::ios::trunc) << "{\"format\":";
  EXPECT_FALSE(open_keyring(dir.path, master, false).ok());
}

TEST(KeyStore, RotationAddsACurrentKeyAndRetirementIsRemembered) {
  TempDir dir;
  auto master = generate_master_key();
  auto first = open_keyring(dir.path, master, true).value()->current();
  auto second = rotate_data_key(dir.path, master);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->id, first.id + 1);
  auto file = read_keyring_file(dir.path, master);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->current, second->id);
  EXPECT_EQ(keys_to_retire(file.value()), std::vector<std::uint32_t>{first.id});
  ASSERT_TRUE(retire_all_but(dir.path, master, second->id).ok());
  file = read_keyring_file(dir.path, master);
  EXPECT_TRUE(keys_to_retire(file.value()).empty());
  EXPECT_TRUE(file->retired.count(first.id));
  // The retired key still opens what an old backup sealed with it.
  auto keyring = open_keyring(dir.path, master, false).value();
  EXPECT_EQ(keyring->find(first.id)->bytes, first.bytes);
  // save_keyring keeps the retired marks.
  ASSERT_TRUE(save_keyring(dir.path, *keyring, master).ok());
  EXPECT_TRUE(read_keyring_file(dir.path, master)->retired.count(first.id));
}

TEST(KeyStore, WritesAtomicallyLeavingNoTemporaryFile) {
  TempDir dir;
  auto master = generate_master_key();
  ASSERT_TRUE(open_keyring(dir.path, master, true).ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(rotate_data_key(dir.path, master).ok());
  std::set<std::string> names;
  for (auto& e : fs::directory_iterator(dir.path)) names.insert(e.path().filename().string());
  EXPECT_EQ(names, (std::set<std::string>{"keyring", "keyring.lock"}));
  EXPECT_EQ(read_keyring_file(dir.path, master)->keys.size(), 6u);
}

TEST(KeyStore, ConcurrentRotationsUnderTheLockLoseNone) {
  TempDir dir;
  auto master = generate_master_key();
  ASSERT_TRUE(open_keyring(dir.path, master, true).ok());
  std::vector<pid_t> children;
  for (int i = 0; i < 4; ++i) {
    pid_t pid = ::fork();
    if (pid == 0) {
      for (int j = 0; j < 5; ++j)
        if (!rotate_data_key(dir.path, master).ok()) ::_exit(1);
      ::_exit(0);
    }
    children.push_back(pid);
  }
  for (auto pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_EQ(status, 0);
  }
  EXPECT_EQ(read_keyring_file(dir.path, master)->keys.size(), 21u);
}

}  // namespace
}  // namespace muster::crypto
