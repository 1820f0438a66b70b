// Retention store conformance: legal holds, content kept under hold, end dates, and retention's
// deletions. Runs against every backend that instantiates StoreConformanceTest.
#include <gtest/gtest.h>

#include "store/testing/store_conformance.hpp"

namespace muster::store::conformance {
namespace {

domain::Conversation group(const std::string& id, const std::string& created_by) {
  domain::Conversation c;
  c.id = id;
  c.kind = domain::ConversationKind::Group;
  c.created_by = created_by;
  return c;
}

domain::Message message(const std::string& id, const std::string& conversation_id, const std::string& author,
                        UnixSeconds created_at, const std::string& text) {
  domain::Message m;
  m.id = id;
  m.conversation_id = conversation_id;
  m.client_id = "client-" + id;
  m.author_id = author;
  m.created_at = created_at;
  m.text = text;
  return m;
}

LegalHold hold_on(HoldKind kind, const std::string& target) {
  LegalHold h;
  h.kind = kind;
  h.target_id = target;
  h.reason = "litigation 42";
  h.set_by = "p_admin";
  h.set_at = 1000;
  return h;
}

TEST_P(StoreConformanceTest, KeptContentStaysWhileAHoldCoversItAndGoesAfterRelease) {
  auto author = add_person("Author");
  auto& r = stores().retention();
  ASSERT_TRUE(stores().conversations().insert(group("c_1", author.id)).ok());
  auto hold = hold_on(HoldKind::Person, author.id);
  ASSERT_TRUE(r.insert_hold(hold).ok());
  EXPECT_GT(hold.id, 0);

  KeptMessage kept{"m_1", "c_1", author.id, "the removed words", {"a_1", "a_2"}, "p_mod", 2000, "harassment"};
  ASSERT_TRUE(stores().transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(bool covered, r.covered_by_hold("c_1", author.id));
    if (!covered) return invalid("not covered");
    return r.keep_removed(kept);
  }).ok());
  auto read = r.kept("m_1");
  ASSERT_TRUE(read.ok() && read.value());
  EXPECT_EQ(read.value()->body, "the removed words");
  EXPECT_EQ(read.value()->attachment_ids, (std::vector<std::string>{"a_1", "a_2"}));
  EXPECT_EQ(read.value()->removed_by, "p_mod");
  EXPECT_EQ(read.value()->reason, "harassment");

  auto purged = r.purge_uncovered_kept(100);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(purged->first, 0) << "a hold covers it";
  ASSERT_TRUE(r.release_hold(hold.id, "p_admin", 3000).ok());
  EXPECT_EQ(r.release_hold(hold.id, "p_admin", 3001).error().code, ErrorCode::NotFound) << "released once";
  EXPECT_FALSE(r.covered_by_hold("c_1", author.id).value());
  purged = r.purge_uncovered_kept(100);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(purged->first, 1);
  EXPECT_EQ(purged->second, (std::vector<std::string>{"a_1", "a_2"})) << "their files may go now";
  EXPECT_FALSE(r.kept("m_1").value());

  auto listed = r.holds(true);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().released_at, std::optional<UnixSeconds>(3000));
  EXPECT_TRUE(r.holds(false)->empty());
}

TEST_P(StoreConformanceTest, ConversationHoldCoversEveryAuthor) {
  auto a = add_person("A");
  auto& r = stores().retention();
  auto hold = hold_on(HoldKind::Conversation, "c_9");
  ASSERT_TRUE(r.insert_hold(hold).ok());
  EXPECT_TRUE(r.covered_by_hold("c_9", a.id).value());
  EXPECT_FALSE(r.covered_by_hold("c_8", a.id).value());
}

TEST_P(StoreConformanceTest, ExpireDeletesOldMessagesSparesHeldAuthorsAndEmptiesTheNewest) {
  auto a = add_person("A"), b = add_person("B");
  auto& r = stores().retention();
  auto& messages = stores().messages();
  ASSERT_TRUE(stores().conversations().insert(group("c_1", a.id)).ok());
  std::vector<domain::Message> ms = {message("m_1", "c_1", a.id, 100, "first"), message("m_2", "c_1", b.id, 200, "held"),
                                     message("m_3", "c_1", a.id, 300, "third"), message("m_4", "c_1", a.id, 400, "newest")};
  for (auto& m : ms) ASSERT_TRUE(messages.insert(m).ok());
  ASSERT_TRUE(messages.add_edit("m_1", "first draft", 150).ok());
  ASSERT_TRUE(messages.set_reaction("m_1", b.id, "👍", true).ok());
  auto hold = hold_on(HoldKind::Person, b.id);
  ASSERT_TRUE(r.insert_hold(hold).ok());

  auto scan = r.expiry_candidates("c_1", 0, 350, 10);
  ASSERT_TRUE(scan.ok());
  ASSERT_EQ(scan->items.size(), 2u) << "m_2's author is under hold";
  EXPECT_EQ(scan->items[0].id, "m_1");
  EXPECT_EQ(scan->items[1].id, "m_3");
  EXPECT_TRUE(scan->done) << "stopped at m_4, newer than the cutoff";
  auto done = r.expire("c_1", scan->items, 350);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->messages, 2);
  EXPECT_EQ(done->edits, 1);
  EXPECT_EQ(done->reactions, 1);
  EXPECT_EQ(messages.get("m_1").error().code, ErrorCode::NotFound);
  EXPECT_EQ(messages.get("m_3").error().code, ErrorCode::NotFound);
  EXPECT_TRUE(messages.edits("m_1")->empty());
  EXPECT_EQ(messages.get("m_2")->text, "held");
  EXPECT_EQ(messages.get("m_4")->text, "newest");

  // Expired too, the newest is emptied, not removed: the next message still gets seq 5.
  done = r.expire("c_1", {{"m_4", 4}, {"m_2", 2}}, 1000);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->messages, 1) << "m_2 is still held, checked again in the transaction";
  auto newest = messages.get("m_4");
  ASSERT_TRUE(newest.ok());
  EXPECT_TRUE(newest->deleted);
  EXPECT_EQ(newest->text, "");
  auto next = message("m_5", "c_1", a.id, 2000, "after");
  ASSERT_TRUE(messages.insert(next).ok());
  EXPECT_EQ(next.seq, 5);
}

TEST_P(StoreConformanceTest, ExpireKeepsAnAttachmentThatKeptContentRefersTo) {
  auto a = add_person("A");
  auto& r = stores().retention();
  auto& messages = stores().messages();
  ASSERT_TRUE(stores().conversations().insert(group("c_1", a.id)).ok());
  for (const char* id : {"a_kept", "a_plain"}) {
    domain::Attachment att;
    att.id = id;
    att.uploader_id = a.id;
    att.name = "photo.png";
    att.content_type = "image/png";
    att.size = 10;
    att.created_at = 50;
    ASSERT_TRUE(stores().attachments().insert(att).ok());
  }
  auto m1 = message("m_1", "c_1", a.id, 100, "with files");
  auto m2 = message("m_2", "c_1", a.id, 900, "newest");
  ASSERT_TRUE(messages.insert(m1).ok());
  ASSERT_TRUE(messages.insert(m2).ok());
  ASSERT_TRUE(stores().attachments().link("m_1", {"a_kept", "a_plain"}).ok());
  // Content a moderator removed under a (since released) hold still names a_kept.
  ASSERT_TRUE(r.keep_removed({"m_0", "c_1", a.id, "removed", {"a_kept"}, "p_mod", 60, "spam"}).ok());

  auto done = r.expire("c_1", {{"m_1", 1}}, 500);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->messages, 1);
  EXPECT_EQ(done->attachment_ids, (std::vector<std::string>{"a_plain"})) << "only a_plain's file may go";
  EXPECT_TRUE(stores().attachments().get("a_kept").ok()) << "kept content refers to it";
  EXPECT_FALSE(stores().attachments().get("a_plain").ok());
  EXPECT_TRUE(r.kept("m_0").value()) << "expiring messages leaves kept content alone";
}

TEST_P(StoreConformanceTest, EndDatesAreDueOnceTheirTimeComes) {
  auto a = add_person("A"), b = add_person("B");
  auto& r = stores().retention();
  ASSERT_TRUE(r.set_end_date(a.id, EndDate{a.id, 500, "p_admin", 1}).ok());
  ASSERT_TRUE(r.set_end_date(b.id, EndDate{b.id, 900, "p_admin", 1}).ok());
  EXPECT_EQ(r.due_end_dates(600, 10)->size(), 1u);
  ASSERT_TRUE(r.set_end_date(a.id, EndDate{a.id, 700, "p_admin", 2}).ok()) << "moved";
  EXPECT_TRUE(r.due_end_dates(600, 10)->empty());
  ASSERT_TRUE(r.set_end_date(b.id, std::nullopt).ok()) << "cleared";
  EXPECT_FALSE(r.end_date(b.id).value());
  EXPECT_EQ(r.end_date(a.id).value()->end_at, 700);
}

}  // namespace
}  // namespace muster::store::conformance
