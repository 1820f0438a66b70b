#include <algorithm>
#include <nlohmann/json.hpp>

#include "store/sqlite/chat_stores.hpp"

namespace muster::store::sqlite {

using domain::Message;

namespace {

constexpr int kRemovedByModerator = 2;  // messages.deleted: 1 when its author deleted it

#define MESSAGE_COLUMNS                                                                                         \
  "id, conversation_id, seq, client_id, author_id, text, created_at, edited_at, deleted, reply_to, reply_count, " \
  "mentions, mentions_all, pinned, urgency"

Message read_message(const Statement& s) {
  Message m;
  m.id = s.text(0);
  m.conversation_id = s.text(1);
  m.seq = s.integer(2);
  m.client_id = s.text(3);
  m.author_id = s.text(4);
  m.text = s.text(5);
  m.created_at = s.integer(6);
  if (!s.is_null(7)) m.edited_at = s.integer(7);
  m.deleted = s.integer(8) != 0;
  m.removed_by_moderator = s.integer(8) == kRemovedByModerator;
  m.reply_to = s.optional_text(9);
  m.reply_count = static_cast<int>(s.integer(10));
  auto mentions = nlohmann::json::parse(s.text(11), nullptr, false);
  if (mentions.is_array())
    for (auto& id : mentions)
      if (id.is_string()) m.mentions.push_back(id.get<std::string>());
  m.mentions_all = s.integer(12) != 0;
  m.pinned = s.integer(13) != 0;
  auto urgency = s.integer(14);
  if (urgency == 1 || urgency == 2) m.urgency = static_cast<domain::Urgency>(urgency);
  return m;
}

class SqliteMessageStore final : public MessageStore {
 public:
  explicit SqliteMessageStore(Database& db) : db_(db) {}

  Status insert(Message& m) override {
    return db_.write([&](Connection& c) -> Status {
      // The next seq from the conversation's newest message: the index page the insert writes
      // anyway, where a counter in the conversation's row would dirty one more page per message.
      // The single writer makes it safe; the foreign key refuses an unknown conversation.
      ASSIGN_OR_RETURN(auto next, c.prepare("SELECT coalesce((SELECT seq FROM messages WHERE conversation_id = ?1 "
                                            "ORDER BY seq DESC LIMIT 1), 0) + 1"));
      next.bind(1, m.conversation_id);
      TRY(next.each_row([&](const Statement& row) { m.seq = row.integer(0); }));
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO messages (" MESSAGE_COLUMNS
                                         ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)"));
      bind(s, m);
      TRY(s.run());
      for (const auto& person : m.mentions) {
        ASSIGN_OR_RETURN(auto mention, c.prepare("INSERT OR IGNORE INTO mentions (person_id, conversation_id, seq) "
                                                 "VALUES (?1, ?2, ?3)"));
        mention.bind(1, person).bind(2, m.conversation_id).bind(3, m.seq);
        TRY(mention.run());
      }
      if (m.reply_to) {
        ASSIGN_OR_RETURN(auto parent, c.prepare("UPDATE messages SET reply_count = reply_count + 1 WHERE id = ?1"));
        parent.bind(1, *m.reply_to);
        TRY(parent.run());
      }
      return ok_status();
    });
  }

  Status set_text(const Message& m) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("UPDATE messages SET text = ?6, edited_at = ?8, mentions = ?12, "
                                         "mentions_all = ?13 WHERE id = ?1 AND deleted = 0"));
      bind(s, m);
      TRY(s.run());
      if (c.changes() == 0) return not_found("No such message.");
      return ok_status();
    });
  }

  Status set_pinned(const std::string& id, bool pinned) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("UPDATE messages SET pinned = ?2 WHERE id = ?1 AND deleted = 0"));
      s.bind(1, id).bind(2, pinned ? 1 : 0);
      TRY(s.run());
      if (c.changes() == 0) return not_found("No such message.");
      return ok_status();
    });
  }

  Status mark_deleted(const std::string& id, bool by_moderator) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("UPDATE messages SET deleted = ?2, text = '', mentions = '[]', mentions_all = 0, "
                                         "pinned = 0 WHERE id = ?1 AND deleted = 0"));
      s.bind(1, id).bind(2, by_moderator ? kRemovedByModerator : 1);
      TRY(s.run());
      if (c.changes() == 0) return not_found("No such message.");
      return ok_status();
    });
  }

  Result<Message> get(const std::string& id) override {
    ASSIGN_OR_RETURN(auto found, get_many({id}));
    if (found.empty()) return not_found("No such message.");
    return found.front();
  }

  Result<std::vector<Message>> get_many(const std::vector<std::string>& ids) override {
    std::vector<Message> out;
    TRY(db_.read([&](Connection& c) -> Status {
      for (const auto& id : ids) {
        ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " MESSAGE_COLUMNS " FROM messages WHERE id = ?1"));
        s.bind(1, id);
        TRY(s.each_row([&](const Statement& row) { out.push_back(read_message(row)); }));
      }
      return ok_status();
    }));
    return out;
  }

  Result<std::vector<std::string>> authors(const std::string& conversation_id, std::int64_t after,
                                           std::int64_t up_to) override {
    std::vector<std::string> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT DISTINCT author_id FROM messages WHERE conversation_id = ?1 AND "
                                         "seq > ?2 AND seq <= ?3"));
      s.bind(1, conversation_id).bind(2, after).bind(3, up_to);
      return s.each_row([&](const Statement& row) { out.push_back(row.text(0)); });
    }));
    return out;
  }

  Result<std::optional<Message>> find_by_client_id(const std::string& conversation_id, const std::string& author_id,
                                                   const std::string& client_id) override {
    std::optional<Message> found;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " MESSAGE_COLUMNS " FROM messages WHERE conversation_id = ?1 AND "
                                         "author_id = ?2 AND client_id = ?3"));
      s.bind(1, conversation_id).bind(2, author_id).bind(3, client_id);
      return s.each_row([&](const Statement& row) { found = read_message(row); });
    }));
    return found;
  }

  Result<MessagePage> list(const std::string& conversation_id, std::optional<std::int64_t> before,
                           std::optional<std::int64_t> after, int limit,
                           const std::optional<std::string>& thread_of, std::int64_t visible_after) override {
    MessagePage page;
    bool ascending = after.has_value() && !before.has_value();
    TRY(db_.read([&](Connection& c) -> Status {
      const char* sql = ascending ? "SELECT " MESSAGE_COLUMNS " FROM messages WHERE conversation_id = ?1 AND seq > max(?2, ?6) "
                                    "AND seq < ?3 AND (?5 IS NULL OR reply_to = ?5) ORDER BY seq ASC LIMIT ?4"
                                  : "SELECT " MESSAGE_COLUMNS " FROM messages WHERE conversation_id = ?1 AND seq > max(?2, ?6) "
                                    "AND seq < ?3 AND (?5 IS NULL OR reply_to = ?5) ORDER BY seq DESC LIMIT ?4";
      ASSIGN_OR_RETURN(auto s, c.prepare(sql));
      s.bind(1, conversation_id).bind(2, after.value_or(0)).bind(3, before.value_or(INT64_MAX)).bind(4, limit + 1);
      s.bind_optional(5, thread_of);
      s.bind(6, visible_after);
      return s.each_row([&](const Statement& row) { page.items.push_back(read_message(row)); });
    }));
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.pop_back();
      page.has_more = true;
    }
    if (!ascending) std::reverse(page.items.begin(), page.items.end());
    return page;
  }

  Result<std::vector<Message>> pinned(const std::string& conversation_id) override {
    std::vector<Message> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " MESSAGE_COLUMNS " FROM messages WHERE conversation_id = ?1 AND "
                                         "pinned = 1 ORDER BY seq"));
      s.bind(1, conversation_id);
      return s.each_row([&](const Statement& row) { out.push_back(read_message(row)); });
    }));
    return out;
  }

  Status add_edit(const std::string& message_id, const std::string& old_text, UnixSeconds at) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO message_edits (message_id, text, edited_at) VALUES (?1,?2,?3)"));
      s.bind(1, message_id).bind(2, old_text).bind(3, at);
      return s.run();
    });
  }

  Result<std::vector<Edit>> edits(const std::string& message_id) override {
    std::vector<Edit> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT text, edited_at FROM message_edits WHERE message_id = ?1 ORDER BY id"));
      s.bind(1, message_id);
      return s.each_row([&](const Statement& row) { out.push_back({row.text(0), row.integer(1)}); });
    }));
    return out;
  }

  Status remove_edits(const std::string& message_id) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("DELETE FROM message_edits WHERE message_id = ?1"));
      s.bind(1, message_id);
      return s.run();
    });
  }

  Result<bool> set_reaction(const std::string& message_id, const std::string& person_id, const std::string& emoji,
                            bool present) override {
    bool changed = false;
    TRY(db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare(present ? "INSERT OR IGNORE INTO reactions (message_id, emoji, person_id, at) "
                                                   "VALUES (?1, ?2, ?3, strftime('%s','now'))"
                                                 : "DELETE FROM reactions WHERE message_id = ?1 AND emoji = ?2 AND "
                                                   "person_id = ?3"));
      s.bind(1, message_id).bind(2, emoji).bind(3, person_id);
      TRY(s.run());
      changed = c.changes() > 0;
      return ok_status();
    }));
    return changed;
  }

  Result<std::map<std::string, std::vector<Reaction>>> reactions(const std::vector<std::string>& message_ids,
                                                                 const std::string& viewer_id) override {
    std::map<std::string, std::vector<Reaction>> out;
    TRY(db_.read([&](Connection& c) -> Status {
      for (const auto& id : message_ids) {
        ASSIGN_OR_RETURN(auto s, c.prepare("SELECT emoji, person_id FROM reactions WHERE message_id = ?1 "
                                           "ORDER BY at, emoji, person_id"));
        s.bind(1, id);
        auto& list = out[id];
        TRY(s.each_row([&](const Statement& row) {
          std::string emoji = row.text(0), person = row.text(1);
          auto it = std::find_if(list.begin(), list.end(), [&](const Reaction& r) { return r.emoji == emoji; });
          if (it == list.end()) it = list.insert(list.end(), Reaction{emoji, 0, false, {}});
          ++it->count;
          it->mine = it->mine || person == viewer_id;
          it->person_ids.push_back(person);
        }));
      }
      return ok_status();
    }));
    return out;
  }

 private:
  static void bind(Statement& s, const Message& m) {
    s.bind(1, m.id).bind(2, m.conversation_id).bind(3, m.seq).bind(4, m.client_id).bind(5, m.author_id);
    s.bind(6, m.text).bind(7, m.created_at);
    m.edited_at ? s.bind(8, *m.edited_at) : s.bind_null(8);
    s.bind(9, m.deleted ? (m.removed_by_moderator ? kRemovedByModerator : 1) : 0).bind_optional(10, m.reply_to).bind(11, m.reply_count);
    s.bind(12, nlohmann::json(m.mentions).dump()).bind(13, m.mentions_all ? 1 : 0).bind(14, m.pinned ? 1 : 0);
    s.bind(15, static_cast<int>(m.urgency));
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<MessageStore> make_message_store(Database& db) { return std::make_unique<SqliteMessageStore>(db); }

}  // namespace muster::store::sqlite
