// ChatService::send against real SQLite stores: authorization and fan-out come from the store's
// (cached) roster, so every membership change must count from the very next send.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "app/chat_fixture.hpp"

namespace muster::app {
namespace {

namespace fs = std::filesystem;
using domain::ConversationKind;
using domain::MemberRole;

using chat_testing::RecordingHub;
class ChatSendTest : public chat_testing::ChatFixture {};

using Ids = std::set<std::string>;

TEST_F(ChatSendTest, RemovedMemberCanNoLongerPostOrHearFromTheNextSendOn) {
  auto conv = group(ann_, {bob_.person.id, cat_.person.id});
  EXPECT_EQ(delivered(ann_, conv, "hello"), (Ids{ann_.person.id, bob_.person.id, cat_.person.id}));
  EXPECT_TRUE(send(cat_, conv, "me too").ok());

  ASSERT_TRUE(chat_->remove_member(ann_, conv, cat_.person.id).ok());
  auto refused = send(cat_, conv, "still here?");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::NotFound) << "a private conversation is not revealed";
  EXPECT_EQ(delivered(ann_, conv, "after"), (Ids{ann_.person.id, bob_.person.id}));

  ASSERT_TRUE(chat_->leave(bob_, conv).ok());
  EXPECT_FALSE(send(bob_, conv, "bye again").ok());
  EXPECT_EQ(delivered(ann_, conv, "alone"), (Ids{ann_.person.id}));
}

// The socket's way: sends handed over one after another are stored in that order, each answered
// only once it is readable, a retry answers with the stored message, and a refusal comes at once.
TEST_F(ChatSendTest, SendsWithoutWaitingAreStoredInOrderAndAnsweredAfterCommit) {
  auto conv = group(ann_, {bob_.person.id});
  std::mutex mutex;
  std::vector<std::pair<std::string, Result<SentMessage>>> answers;
  auto send_async = [&](const Actor& who, const std::string& client_id, const std::string& text) {
    NewMessage m;
    m.client_id = client_id;
    m.text = text;
    chat_->send_async(who, conv, m, [&, client_id](Result<SentMessage> sent) {
      // Answered after the commit: a reader already sees the message.
      if (sent.ok()) EXPECT_TRUE(stores_->messages().get(sent->view.message.id).ok()) << client_id;
      std::lock_guard lock(mutex);
      answers.emplace_back(client_id, std::move(sent));
    });
  };
  for (int i = 0; i < 20; ++i) send_async(ann_, "a-" + std::to_string(i), "number " + std::to_string(i));
  send_async(ann_, "a-3", "number 3, again");
  send_async(dan_, "d-1", "not a member");
  ASSERT_TRUE(stores_->transactor().flush().ok());

  std::lock_guard lock(mutex);
  ASSERT_EQ(answers.size(), 22u);
  std::map<std::string, const Result<SentMessage>*> by_client;
  for (const auto& [id, sent] : answers) by_client[id] = &sent;
  ASSERT_FALSE(by_client["d-1"]->ok());
  EXPECT_EQ(by_client["d-1"]->error().code, ErrorCode::NotFound);
  std::int64_t last_seq = 0;
  for (int i = 0; i < 20; ++i) {
    const auto& sent = *by_client["a-" + std::to_string(i)];
    ASSERT_TRUE(sent.ok()) << sent.error().message;
    EXPECT_GT(sent->view.message.seq, last_seq) << "stored in the order sent";
    last_seq = sent->view.message.seq;
    EXPECT_EQ(Json::parse(sent->json)["seq"], sent->view.message.seq);
  }
  // The retry was answered with the first "a-3", not stored twice.
  const auto& retry = answers[20].first == "a-3" ? answers[20].second : *by_client["a-3"];
  auto page = stores_->messages().list(conv, std::nullopt, std::nullopt, 100, std::nullopt, 0);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 20u) << "a retry never stores a duplicate";
  int created = 0;
  for (const auto& [id, sent] : answers) created += sent.ok() && sent->created;
  EXPECT_EQ(created, 20);
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->view.message.text, "number 3");
}

TEST_F(ChatSendTest, AddedMemberCanPostAndHearsFromTheNextSendOn) {
  auto conv = group(ann_, {bob_.person.id});
  EXPECT_EQ(delivered(ann_, conv, "before"), (Ids{ann_.person.id, bob_.person.id}));
  EXPECT_FALSE(send(dan_, conv, "let me in").ok());

  ASSERT_TRUE(chat_->add_members(ann_, conv, {dan_.person.id}).ok());
  EXPECT_EQ(delivered(ann_, conv, "welcome"), (Ids{ann_.person.id, bob_.person.id, dan_.person.id}));
  EXPECT_EQ(delivered(dan_, conv, "thanks"), (Ids{ann_.person.id, bob_.person.id, dan_.person.id}));
}

TEST_F(ChatSendTest, JoiningAPublicChannelLetsYouPostAtOnce) {
  auto conv = group(ann_, {bob_.person.id}, ConversationKind::Channel, true);
  EXPECT_EQ(delivered(ann_, conv, "hi"), (Ids{ann_.person.id, bob_.person.id}));
  auto refused = send(cat_, conv, "can I?");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied) << "a public channel says: join first";
  ASSERT_TRUE(chat_->join(cat_, conv).ok());
  EXPECT_EQ(delivered(cat_, conv, "joined"), (Ids{ann_.person.id, bob_.person.id, cat_.person.id}));
}

TEST_F(ChatSendTest, ArchivingAndPostingRightsCountAtOnce) {
  auto conv = group(ann_, {bob_.person.id}, ConversationKind::Announcement);
  auto refused = send(bob_, conv, "news?");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied);
  ASSERT_TRUE(chat_->set_member_role(ann_, conv, bob_.person.id, std::nullopt, true).ok());
  EXPECT_TRUE(send(bob_, conv, "news!").ok()) << "made a poster";
  ASSERT_TRUE(chat_->set_member_role(ann_, conv, bob_.person.id, std::nullopt, false).ok());
  EXPECT_FALSE(send(bob_, conv, "more news").ok()) << "no longer a poster";

  ConversationChange archive;
  archive.archived = true;
  ASSERT_TRUE(chat_->update(ann_, conv, archive).ok());
  auto archived = send(ann_, conv, "anyone?");
  ASSERT_FALSE(archived.ok());
  EXPECT_EQ(archived.error().code, ErrorCode::PermissionDenied);
  archive.archived = false;
  ASSERT_TRUE(chat_->update(ann_, conv, archive).ok());
  EXPECT_TRUE(send(ann_, conv, "back").ok());
}

TEST_F(ChatSendTest, ARetryReturnsTheStoredMessageEvenOnceItCouldNotBePosted) {
  auto conv = group(ann_, {bob_.person.id});
  auto first = send(bob_, conv, "once", "same-id");
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->created);
  auto again = send(bob_, conv, "once", "same-id");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->view.message.id, first->view.message.id);
  EXPECT_EQ(again->view.message.seq, first->view.message.seq);

  ConversationChange archive;
  archive.archived = true;
  ASSERT_TRUE(chat_->update(ann_, conv, archive).ok());
  auto archived = send(bob_, conv, "once", "same-id");
  ASSERT_TRUE(archived.ok()) << archived.error().message;
  EXPECT_FALSE(archived->created);
  EXPECT_EQ(archived->view.message.id, first->view.message.id);

  int created = 0;
  for (const auto& e : hub_.events()) created += e.body.value("kind", "") == "message.created";
  EXPECT_EQ(created, 1) << "a retry publishes nothing";
  auto page = chat_->messages(ann_, conv, std::nullopt, std::nullopt, 50, std::nullopt);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 1u) << "stored once";
  EXPECT_EQ(page->items.front().seq, 1) << "the retry's rolled-back insert took no seq";
  EXPECT_FALSE(send(bob_, conv, "new text").ok()) << "archived: only retries are answered";
}

TEST_F(ChatSendTest, MentionsNameMembersOnlyAsTheyAreNow) {
  auto conv = group(ann_, {bob_.person.id});
  std::string text = "@[Bob](p_Bob) and @[Dan](p_Dan) and @[Ann](p_Ann)";
  auto sent = send(ann_, conv, text);
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->view.message.mentions, std::vector<std::string>{"p_Bob"}) << "not Dan (no member), not the author";
  ASSERT_TRUE(chat_->add_members(ann_, conv, {dan_.person.id}).ok());
  auto again = send(ann_, conv, text);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->view.message.mentions, (std::vector<std::string>{"p_Bob", "p_Dan"}));
}

TEST_F(ChatSendTest, TheAnswerAndTheEventCarryTheSameJsonAsMessageJson) {
  auto conv = group(ann_, {bob_.person.id});
  auto parent = send(bob_, conv, "parent");
  ASSERT_TRUE(parent.ok());
  NewMessage m;
  m.client_id = "json-check";
  m.text = "«سلام» \"quoted\" \\ back\tslash, emoji 🎉 and @[Bob](p_Bob) @all";
  m.reply_to = parent->view.message.id;
  auto sent = chat_->send(ann_, conv, m);
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  EXPECT_EQ(sent->view.message.seq, 2);
  EXPECT_EQ(sent->json, ChatService::message_json(sent->view).dump(-1, ' ', false, Json::error_handler_t::replace));
  auto body = Json::parse(sent->json);
  EXPECT_EQ(body["seq"], 2);
  EXPECT_EQ(body["text"], m.text);
  EXPECT_EQ(body["reply_to"], parent->view.message.id);
  EXPECT_EQ(body["mentions_all"], true);
  auto events = hub_.events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().body, (Json{{"kind", "message.created"}, {"message", body}}));
}

TEST_F(ChatSendTest, ASentMessageIsFoundBySearchAtOnce) {
  auto conv = group(ann_, {bob_.person.id});
  ASSERT_TRUE(send(ann_, conv, "the quarterly forecast is ready").ok());
  MessageSearchFilter f;
  f.q = "forecast";
  auto found = chat_->search(bob_, f);
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items.front().message.text, "the quarterly forecast is ready");
  EXPECT_TRUE(chat_->search(cat_, f)->items.empty()) << "not a member";
}

// The index lives in search.db and follows the messages: edits and deletions count from the next
// search, and a lost index file is rebuilt from the messages when the stores open again.
TEST_F(ChatSendTest, SearchFollowsEditsAndDeletionsAndRebuildsALostIndex) {
  auto conv = group(ann_, {bob_.person.id});
  auto first = send(ann_, conv, "the quarterly forecast is ready");
  auto second = send(ann_, conv, "lunch at noon");
  ASSERT_TRUE(first.ok() && second.ok());
  auto texts = [&](const std::string& q) {
    MessageSearchFilter f;
    f.q = q;
    auto found = chat_->search(bob_, f);
    EXPECT_TRUE(found.ok()) << found.error().message;
    std::set<std::string> out;
    if (found.ok())
      for (const auto& v : found->items) out.insert(v.message.text);
    return out;
  };
  ASSERT_TRUE(chat_->edit(ann_, first->view.message.id, "the yearly budget is ready").ok());
  EXPECT_TRUE(texts("forecast").empty()) << "the old text is gone from the index";
  EXPECT_EQ(texts("budget"), (std::set<std::string>{"the yearly budget is ready"}));
  ASSERT_TRUE(chat_->remove(ann_, second->view.message.id).ok());
  EXPECT_TRUE(texts("lunch").empty());

  chat_.reset();
  stores_.reset();
  ASSERT_TRUE(fs::remove(dir_ / "search.db"));
  fs::remove(dir_ / "search.db-wal");
  fs::remove(dir_ / "search.db-shm");
  auto reopened = store::sqlite::open_stores(dir_.string());
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  stores_ = std::move(reopened).value();
  chat_ = std::make_unique<ChatService>(*stores_, hub_);
  EXPECT_EQ(texts("ready"), (std::set<std::string>{"the yearly budget is ready"}));
  EXPECT_TRUE(texts("lunch").empty()) << "a deleted message stays out of a rebuilt index";
}

// Adding people is one member.added event for the members already there (naming the people only
// in a small batch) and one to each added person: adding 10,000 people to a channel must not send
// each member 10,000 events, nor a list of 10,000 ids.
TEST_F(ChatSendTest, AddingPeopleIsOneEventForTheMembersAndOneForEachNewcomer) {
  auto conv = group(ann_, {bob_.person.id});
  auto added_events = [&](size_t from) {
    std::vector<RecordingHub::Event> out;
    auto events = hub_.events();
    for (size_t i = from; i < events.size(); ++i)
      if (events[i].body.value("kind", "") == "member.added") out.push_back(events[i]);
    return out;
  };
  auto before = hub_.events().size();
  ASSERT_TRUE(chat_->add_members(ann_, conv, {cat_.person.id, dan_.person.id}).ok());
  auto added = added_events(before);
  ASSERT_EQ(added.size(), 3u);
  EXPECT_EQ(Ids(added[0].recipients.begin(), added[0].recipients.end()), (Ids{ann_.person.id, bob_.person.id}));
  EXPECT_EQ(added[0].body["added"], 2);
  EXPECT_EQ(added[0].body["person_ids"], Json::array({cat_.person.id, dan_.person.id}));
  EXPECT_EQ(added[1].recipients, std::vector<std::string>{cat_.person.id});
  EXPECT_EQ(added[1].body["person_ids"], Json::array({cat_.person.id}));
  EXPECT_EQ(added[2].recipients, std::vector<std::string>{dan_.person.id});

  std::vector<std::string> crowd;
  for (int i = 0; i < 101; ++i) crowd.push_back(person("Crowd" + std::to_string(i)).person.id);
  before = hub_.events().size();
  ASSERT_TRUE(chat_->add_members(ann_, conv, crowd).ok());
  added = added_events(before);
  ASSERT_EQ(added.size(), 102u);
  EXPECT_EQ(added[0].recipients.size(), 4u);
  EXPECT_EQ(added[0].body["added"], 101);
  EXPECT_FALSE(added[0].body.contains("person_ids")) << "a large batch is counted, not listed";
}

TEST_F(ChatSendTest, DeletingAMessageForgetsItsEarlierVersions) {
  auto conv = group(ann_, {bob_.person.id});
  auto sent = send(ann_, conv, "the safe code is 4711");
  ASSERT_TRUE(sent.ok());
  const auto& id = sent->view.message.id;
  ASSERT_TRUE(chat_->edit(ann_, id, "the safe code is 4712").ok());
  ASSERT_TRUE(chat_->edit(ann_, id, "ask me for the safe code").ok());
  auto kept = stores_->messages().edits(id);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->size(), 2u) << "edits keep the earlier versions";

  ASSERT_TRUE(chat_->remove(ann_, id).ok());
  auto after = stores_->messages().edits(id);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->empty()) << "the earlier versions are gone from the database, not only hidden";
  auto stored = stores_->messages().get(id);
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->deleted);
  EXPECT_EQ(stored->text, "");
}

// Sends from many threads share group commits: every message gets its own seq and its events
// leave in seq order.
TEST_F(ChatSendTest, ConcurrentSendsPublishInSeqOrder) {
  auto conv = group(ann_, {bob_.person.id, cat_.person.id});
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      const Actor& who = t % 3 == 0 ? ann_ : t % 3 == 1 ? bob_ : cat_;
      for (int i = 0; i < 20; ++i) {
        NewMessage m;
        m.client_id = "t" + std::to_string(t) + "-" + std::to_string(i);
        m.text = "message " + m.client_id;
        EXPECT_TRUE(chat_->send(who, conv, m).ok());
      }
    });
  for (auto& t : threads) t.join();
  std::vector<std::int64_t> seqs;
  for (const auto& e : hub_.events())
    if (e.body.value("kind", "") == "message.created") seqs.push_back(e.body["message"]["seq"].get<std::int64_t>());
  ASSERT_EQ(seqs.size(), 120u);
  for (size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], static_cast<std::int64_t>(i + 1));
}

}  // namespace
}  // namespace muster::app
