// A ChatService on real SQLite stores in a temporary directory, with a hub that records what is
// published: the fixture of the chat use-case tests.
#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>
#include <random>
#include <set>

#include "app/chat_service.hpp"
#include "store/sqlite/sqlite_stores.hpp"

namespace muster::app::chat_testing {

namespace fs = std::filesystem;
using domain::ConversationKind;
using domain::MemberRole;

// Records what is published, as the hub would number and deliver it.
class RecordingHub final : public realtime::Hub {
 public:
  struct Event {
    std::vector<std::string> recipients;
    Json body;
  };
  std::int64_t attach(const std::string&, const std::string&, std::weak_ptr<realtime::Connection>) override {
    return 0;
  }
  void detach(const std::string&, const std::string&, const realtime::Connection*) override {}
  void close_session(const std::string&) override {}
  void close_person(const std::string&) override {}
  void publish(const std::vector<std::string>& person_ids, realtime::SharedText event) override {
    std::lock_guard lock(mutex_);
    events_.push_back({person_ids, Json::parse(*event)});
  }
  void publish_ephemeral(const std::vector<std::string>&, realtime::SharedText) override {}
  realtime::Replay replay(const std::string&, std::int64_t, std::int64_t) override { return {}; }
  std::vector<std::string> watch_presence(const realtime::Connection*, std::weak_ptr<realtime::Connection>,
                                          const std::vector<std::string>&) override {
    return {};
  }
  bool online(const std::string&) override { return false; }

  // Recipients of the message.created event of `message_id` (empty when there was none).
  std::set<std::string> created_recipients(const std::string& message_id) {
    std::lock_guard lock(mutex_);
    for (const auto& e : events_)
      if (e.body.value("kind", "") == "message.created" && e.body["message"].value("id", "") == message_id)
        return {e.recipients.begin(), e.recipients.end()};
    return {};
  }
  std::vector<Event> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::vector<Event> events_;
};

class ChatFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("muster-chat-test-" + std::to_string(std::random_device{}()));
    auto opened = store::sqlite::open_stores(dir_.string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    stores_ = std::move(opened).value();
    chat_ = std::make_unique<ChatService>(*stores_, hub_);
    ann_ = person("Ann");
    bob_ = person("Bob");
    cat_ = person("Cat");
    dan_ = person("Dan");
  }
  void TearDown() override {
    chat_.reset();
    stores_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  Actor person(const std::string& name) {
    Actor a;
    a.person.id = "p_" + name;
    a.person.name = name;
    a.person.created_at = a.person.updated_at = 1'700'000'000;
    EXPECT_TRUE(stores_->people().insert(a.person).ok());
    a.session_id = "s_" + name;
    return a;
  }

  std::string group(const Actor& creator, std::vector<std::string> members,
                    ConversationKind kind = ConversationKind::Group, bool is_public = false) {
    NewConversation nc;
    nc.kind = kind;
    nc.name = "Room";
    nc.is_public = is_public;
    nc.member_ids = std::move(members);
    auto created = chat_->create(creator, nc);
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created->first.conversation.id;
  }

  Result<SentMessage> send(const Actor& who, const std::string& conv, const std::string& text,
                           std::string client_id = "") {
    NewMessage m;
    m.client_id = client_id.empty() ? "cid-" + std::to_string(++sent_) : client_id;
    m.text = text;
    return chat_->send(who, conv, m);
  }

  // Sends, expects success, and returns who heard about it.
  std::set<std::string> delivered(const Actor& who, const std::string& conv, const std::string& text) {
    auto sent = send(who, conv, text);
    EXPECT_TRUE(sent.ok()) << sent.error().message;
    if (!sent.ok()) return {};
    EXPECT_TRUE(sent->created);
    return hub_.created_recipients(sent->view.message.id);
  }

  fs::path dir_;
  std::unique_ptr<store::Stores> stores_;
  RecordingHub hub_;
  std::unique_ptr<ChatService> chat_;
  Actor ann_, bob_, cat_, dan_;
  int sent_ = 0;
};

}  // namespace muster::app::chat_testing
