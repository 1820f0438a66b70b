#include "store/files/disk_file_store.hpp"

#include <gtest/gtest.h>

#include <random>

#include "store/sqlite/sqlite_stores.hpp"

namespace muster::store::files {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("muster-files-test-" + std::to_string(std::random_device{}()));
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

TEST(DiskFileStore, FansOutByTheRandomPartOfTheKey) {
  auto p = file_path("/data/files", "a_Xy9kQ2");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->string(), "/data/files/Xy/9k/a_Xy9kQ2");
  auto thumb = file_path("/data/files", "a_Xy9kQ2.thumb");
  ASSERT_TRUE(thumb.ok());
  EXPECT_EQ(thumb->parent_path(), p->parent_path());
  for (const std::string& bad : std::vector<std::string>{"", "../etc/passwd", "a/b", ".hidden", "a b", "a\\b", std::string(101, 'a')})
    EXPECT_FALSE(file_path("/data/files", bad).ok()) << bad;
}

TEST(DiskFileStore, PutReadRemove) {
  TempDir dir;
  auto store = make_disk_file_store(dir.path);
  std::string bytes("binary\0data\xff", 12);
  ASSERT_TRUE(store->put("a_abcdef", bytes).ok());
  auto back = store->read("a_abcdef");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), bytes);
  // Only the file itself remains: no temporary files.
  int files = 0;
  for (auto& e : fs::recursive_directory_iterator(dir.path))
    if (e.is_regular_file()) {
      ++files;
      EXPECT_EQ(e.path().filename(), "a_abcdef");
    }
  EXPECT_EQ(files, 1);
  ASSERT_TRUE(store->put("a_abcdef", "replaced").ok());
  EXPECT_EQ(store->read("a_abcdef").value(), "replaced");
  ASSERT_TRUE(store->remove("a_abcdef").ok());
  EXPECT_EQ(store->read("a_abcdef").error().code, ErrorCode::NotFound);
  EXPECT_TRUE(store->remove("a_abcdef").ok()) << "removing an absent file is fine";
  EXPECT_EQ(store->put("../x", "no").error().code, ErrorCode::InvalidArgument);
}

TEST(SqliteAttachmentStore, LinksOnceAndRemovesWithTheMessage) {
  TempDir dir;
  auto opened = sqlite::open_stores(dir.path.string());
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto& stores = *opened.value();
  domain::Person p;
  p.id = "p_1";
  p.name = "Sara";
  p.email = "sara@example.com";
  ASSERT_TRUE(stores.people().insert(p).ok());
  for (std::string id : {"a_1", "a_2", "a_3"}) {
    domain::Attachment a;
    a.id = id;
    a.uploader_id = "p_1";
    a.name = id + ".png";
    a.content_type = "image/png";
    a.size = 10;
    a.width = 4;
    a.height = 3;
    a.has_thumbnail = true;
    a.created_at = 100;
    ASSERT_TRUE(stores.attachments().insert(a).ok());
  }
  auto got = stores.attachments().get("a_1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->width, 4);
  EXPECT_FALSE(got->message_id.has_value());
  EXPECT_EQ(stores.attachments().get("a_none").error().code, ErrorCode::NotFound);

  ASSERT_TRUE(stores.attachments().link("m_1", {"a_2", "a_1"}).ok());
  EXPECT_EQ(stores.attachments().link("m_2", {"a_1"}).error().code, ErrorCode::Conflict) << "posted once only";
  EXPECT_EQ(stores.attachments().get("a_1")->message_id, "m_1");
  auto listed = stores.attachments().for_messages({"m_1", "m_2"});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->count("m_1"), 1u);
  EXPECT_EQ(listed->at("m_1").size(), 2u);
  EXPECT_EQ(listed->at("m_1")[0].id, "a_2") << "in posting order";
  EXPECT_EQ(listed->count("m_2"), 0u);

  auto unposted = stores.attachments().remove_unposted(200, 10);
  ASSERT_TRUE(unposted.ok());
  EXPECT_EQ(unposted.value(), std::vector<std::string>{"a_3"});
  auto removed = stores.attachments().remove_for_message("m_1");
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(removed->size(), 2u);
  EXPECT_EQ(stores.attachments().get("a_1").error().code, ErrorCode::NotFound);
  EXPECT_TRUE(stores.attachments().for_messages({"m_1"})->empty());
}

}  // namespace
}  // namespace muster::store::files
