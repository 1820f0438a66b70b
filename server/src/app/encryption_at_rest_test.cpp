// Encryption at rest through the whole store: messages, names, phone numbers and the search index
// (in its normalized form too) never reach the data directory in plaintext, and an existing
// plaintext data directory is encrypted in place on the first start with keys.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "app/chat_fixture.hpp"
#include "domain/person.hpp"
#include "domain/text/arabic.hpp"
#include "store/sqlite/sqlite_stores.hpp"

namespace muster::app {
namespace {

namespace fs = std::filesystem;
using chat_testing::RecordingHub;

const std::string kLatinBody = "PangolinLanternSecret-4419";
const std::string kArabicBody = "أُرسلت الوثيقة السرّية إلى الإدارة";
const std::string kArabicName = "سلمى القحطاني";
const std::string kPhone = "+966501234567";

std::vector<std::string> files_holding(const fs::path& dir, const std::string& needle) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (bytes.find(needle) != std::string::npos) out.push_back(entry.path().filename().string());
  }
  return out;
}

class EncryptionAtRest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("muster-at-rest-" + std::to_string(std::random_device{}()));
  }
  void TearDown() override {
    close();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void open(std::shared_ptr<crypto::Keyring> keyring) {
    auto opened = store::sqlite::open_stores(dir_.string(), std::move(keyring));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    stores_ = std::move(opened).value();
    chat_ = std::make_unique<ChatService>(*stores_, hub_);
  }
  void close() {
    chat_.reset();
    stores_.reset();
  }
  Actor person(const std::string& id, const std::string& name, const std::string& phone) {
    Actor a;
    a.person.id = id;
    a.person.name = name;
    a.person.phone = phone;
    a.person.created_at = a.person.updated_at = 1'700'000'000;
    EXPECT_TRUE(stores_->people().insert(a.person).ok());
    a.session_id = "s_" + id;
    return a;
  }
  // Writes the distinctive strings everywhere the store keeps them: a person, messages, the index.
  void write_secrets() {
    ann_ = person("p_ann", kArabicName, kPhone);
    auto bob = person("p_bob", "Bob", "");
    NewConversation nc;
    nc.kind = domain::ConversationKind::Group;
    nc.name = "Room";
    nc.member_ids = {bob.person.id};
    auto created = chat_->create(ann_, nc);
    ASSERT_TRUE(created.ok()) << created.error().message;
    conversation_ = created->first.conversation.id;
    for (int i = 0; i < 50; ++i) {
      NewMessage m;
      m.client_id = "c" + std::to_string(i);
      m.text = (i % 2 ? kLatinBody : kArabicBody) + " " + std::to_string(i);
      ASSERT_TRUE(chat_->send(ann_, conversation_, m).ok());
    }
    expect_found(kLatinBody);  // waits until the index holds them
  }
  void expect_found(const std::string& query) {
    MessageSearchFilter filter;
    filter.q = query;
    auto found = chat_->search(ann_, filter);
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_FALSE(found->items.empty()) << query;
  }
  void expect_no_plaintext() {
    for (const auto& needle : {kLatinBody, kArabicBody, kArabicName, kPhone, domain::phone_key(kPhone),
                               domain::normalize_for_search(kArabicBody), domain::normalize_for_search(kLatinBody),
                               domain::normalize_for_search(kArabicName)})
      EXPECT_EQ(files_holding(dir_, needle), std::vector<std::string>{}) << needle;
  }

  fs::path dir_;
  RecordingHub hub_;
  std::unique_ptr<store::Stores> stores_;
  std::unique_ptr<ChatService> chat_;
  Actor ann_;
  std::string conversation_;
};

std::shared_ptr<crypto::Keyring> new_keyring() {
  return std::make_shared<crypto::Keyring>(std::vector<crypto::DataKey>{crypto::generate_data_key(1)}, 1);
}

TEST_F(EncryptionAtRest, NothingReadableLandsInTheDataDirectoryAndEverythingIsFoundAgain) {
  auto keyring = new_keyring();
  open(keyring);
  write_secrets();
  expect_no_plaintext();  // while running: database, WAL, search.db and its WAL
  close();
  expect_no_plaintext();
  open(keyring);
  expect_found(kLatinBody);
  expect_found(kArabicBody);
  auto found = stores_->people().find_by_login(kPhone);
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_EQ(found->name, kArabicName);
}

TEST_F(EncryptionAtRest, APlaintextDataDirectoryIsEncryptedOnTheFirstStartWithKeys) {
  open(nullptr);
  write_secrets();
  close();
  ASSERT_FALSE(files_holding(dir_, kLatinBody).empty());  // plaintext before
  auto keyring = new_keyring();
  open(keyring);
  expect_no_plaintext();
  expect_found(kArabicBody);
  close();
  expect_no_plaintext();
}

TEST_F(EncryptionAtRest, AWrongKeyOrNoKeyStopsTheStartAndChangesNothing) {
  open(new_keyring());
  write_secrets();
  close();
  std::map<std::string, std::uintmax_t> sizes;
  for (const auto& e : fs::directory_iterator(dir_)) sizes[e.path().filename().string()] = fs::file_size(e.path());
  auto wrong = store::sqlite::open_stores(dir_.string(), new_keyring());
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("wrong master key"), std::string::npos) << wrong.error().message;
  auto none = store::sqlite::open_stores(dir_.string(), nullptr);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("is encrypted"), std::string::npos) << none.error().message;
  std::map<std::string, std::uintmax_t> after;
  for (const auto& e : fs::directory_iterator(dir_)) after[e.path().filename().string()] = fs::file_size(e.path());
  EXPECT_EQ(after, sizes);
}

}  // namespace
}  // namespace muster::app
