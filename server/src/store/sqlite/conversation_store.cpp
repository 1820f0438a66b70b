#include <algorithm>
#include <nlohmann/json.hpp>

#include "store/sqlite/chat_stores.hpp"
#include "store/sqlite/committed_cache.hpp"

namespace muster::store::sqlite {

using domain::Conversation;
using domain::Member;

namespace {

// A conversation's last seq and last activity come from its newest message (one seek in the
// (conversation_id, seq) index each), so sending a message writes no conversation row. Messages
// carry whole seconds, so activity does too; within a second the newest message (rowid) orders.
#define LATEST_MESSAGE(column) \
  "(SELECT " column " FROM messages WHERE conversation_id = c.id ORDER BY seq DESC LIMIT 1)"
#define CONVERSATION_COLUMNS                                                                                    \
  "c.id, c.kind, c.name, c.description, c.is_public, c.archived, coalesce(c.direct_key, ''), c.created_by, " \
  "c.created_at, coalesce(" LATEST_MESSAGE("seq") ", 0), "                                                   \
  "max(c.last_activity_at / 1000, coalesce(" LATEST_MESSAGE("created_at") ", 0)) * 1000 AS activity, "   \
  "c.rule_json IS NOT NULL, c.history"
// Columns of CONVERSATION_COLUMNS: what a joined query reads after them starts here.
constexpr int kConversationColumns = 13;
#define LOG_COLUMNS "id, person_id, change, actor_id, at, reason, conversation_id"
#define MEMBER_COLUMNS                                                                                        \
  "m.conversation_id, m.person_id, m.role, m.can_post, m.joined_at, m.added_by, m.last_read_seq, "            \
  "m.delivered_seq, m.notification_level, m.muted, m.pinned, m.joined_seq"

Conversation read_conversation(const Statement& s, int at = 0) {
  Conversation c;
  c.id = s.text(at + 0);
  c.kind = domain::parse_conversation_kind(s.text(at + 1)).value_or(domain::ConversationKind::Group);
  c.name = s.text(at + 2);
  c.description = s.text(at + 3);
  c.is_public = s.integer(at + 4) != 0;
  c.archived = s.integer(at + 5) != 0;
  c.direct_key = s.text(at + 6);
  c.created_by = s.text(at + 7);
  c.created_at = s.integer(at + 8);
  c.last_seq = s.integer(at + 9);
  c.last_activity_ms = s.integer(at + 10);
  c.smart = s.integer(at + 11) != 0;
  c.history = domain::parse_history_visibility(s.text(at + 12)).value_or(domain::HistoryVisibility::Full);
  return c;
}

Member read_member(const Statement& s, int at = 0) {
  Member m;
  m.conversation_id = s.text(at + 0);
  m.person_id = s.text(at + 1);
  m.role = domain::parse_member_role(s.text(at + 2)).value_or(domain::MemberRole::Member);
  m.can_post = s.integer(at + 3) != 0;
  m.joined_at = s.integer(at + 4);
  m.added_by = s.text(at + 5);
  m.last_read_seq = s.integer(at + 6);
  m.delivered_seq = s.integer(at + 7);
  m.notification_level = domain::parse_notification_level(s.text(at + 8)).value_or(domain::NotificationLevel::All);
  m.muted = s.integer(at + 9) != 0;
  m.pinned = s.integer(at + 10) != 0;
  m.joined_seq = s.integer(at + 11);
  return m;
}

class SqliteConversationStore final : public ConversationStore {
 public:
  explicit SqliteConversationStore(Database& db) : db_(db) {}

  Status insert(const Conversation& conv) override {
    return db_.write([&](Connection& c) -> Status {
      changed(conv.id);
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO conversations (id, kind, name, description, is_public, "
                                         "archived, direct_key, created_by, created_at, last_activity_at, history) "
                                         "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"));
      s.bind(1, conv.id).bind(2, domain::to_string(conv.kind)).bind(3, conv.name).bind(4, conv.description);
      s.bind(5, conv.is_public ? 1 : 0).bind(6, conv.archived ? 1 : 0).bind_nonempty(7, conv.direct_key);
      s.bind(8, conv.created_by).bind(9, conv.created_at).bind(10, conv.last_activity_ms);
      s.bind(11, domain::to_string(conv.history));
      return s.run();
    });
  }

  // The last seq and activity are derived from the messages: never written here.
  Status update(const std::string& id, const ConversationFields& f) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("UPDATE conversations SET name = coalesce(?2, name), "
                                         "description = coalesce(?3, description), is_public = coalesce(?4, is_public), "
                                         "archived = coalesce(?5, archived), history = coalesce(?6, history) WHERE id = ?1"));
      changed(id);
      s.bind(1, id).bind_optional(2, f.name).bind_optional(3, f.description);
      s.bind_optional(4, f.is_public);
      s.bind_optional(5, f.archived);
      if (f.history) s.bind(6, domain::to_string(*f.history));
      else s.bind_null(6);
      TRY(s.run());
      if (c.changes() == 0) return not_found("No such conversation.");
      return ok_status();
    });
  }

  Result<Conversation> get(const std::string& id) override {
    std::optional<Conversation> found;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " CONVERSATION_COLUMNS " FROM conversations c WHERE c.id = ?1"));
      s.bind(1, id);
      return s.each_row([&](const Statement& row) { found = read_conversation(row); });
    }));
    if (!found) return not_found("No such conversation.");
    return *found;
  }

  Result<std::optional<Conversation>> find_direct(const std::string& key) override {
    std::optional<Conversation> found;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s,
                       c.prepare("SELECT " CONVERSATION_COLUMNS " FROM conversations c WHERE c.direct_key = ?1"));
      s.bind(1, key);
      return s.each_row([&](const Statement& row) { found = read_conversation(row); });
    }));
    return found;
  }

  Result<std::vector<ConversationWithMe>> list_for_person(const std::string& person_id) override {
    std::vector<ConversationWithMe> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " CONVERSATION_COLUMNS ", " MEMBER_COLUMNS
                                         " FROM members m JOIN conversations c ON c.id = m.conversation_id "
                                         "WHERE m.person_id = ?1 ORDER BY m.pinned DESC, activity DESC, "
                                         "coalesce(" LATEST_MESSAGE("rowid_") ", 0) DESC, c.seq DESC"));
      s.bind(1, person_id);
      return s.each_row([&](const Statement& row) { out.push_back({read_conversation(row), read_member(row, kConversationColumns)}); });
    }));
    return out;
  }

  Result<std::vector<Conversation>> public_channels(int limit) override {
    std::vector<Conversation> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " CONVERSATION_COLUMNS " FROM conversations c "
                                         "WHERE c.is_public = 1 AND c.archived = 0 ORDER BY c.name LIMIT ?1"));
      s.bind(1, limit);
      return s.each_row([&](const Statement& row) { out.push_back(read_conversation(row)); });
    }));
    return out;
  }

  Result<std::optional<Member>> member(const std::string& conversation_id, const std::string& person_id) override {
    std::optional<Member> found;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " MEMBER_COLUMNS
                                         " FROM members m WHERE m.conversation_id = ?1 AND m.person_id = ?2"));
      s.bind(1, conversation_id).bind(2, person_id);
      return s.each_row([&](const Statement& row) { found = read_member(row); });
    }));
    return found;
  }

  Result<std::vector<Member>> members(const std::string& conversation_id) override {
    std::vector<Member> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " MEMBER_COLUMNS
                                         " FROM members m WHERE m.conversation_id = ?1 ORDER BY m.joined_at, m.person_id"));
      s.bind(1, conversation_id);
      return s.each_row([&](const Statement& row) { out.push_back(read_member(row)); });
    }));
    return out;
  }

  Result<std::map<std::string, std::string>> member_names(const std::string& conversation_id) override {
    std::map<std::string, std::string> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT m.person_id, p.name FROM members m JOIN people p ON p.id = m.person_id "
                                         "WHERE m.conversation_id = ?1"));
      s.bind(1, conversation_id);
      return s.each_row([&](const Statement& row) { out.emplace(row.text(0), row.text(1)); });
    }));
    return out;
  }

  Result<int> member_count(const std::string& conversation_id) override {
    int n = 0;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT count(*) FROM members WHERE conversation_id = ?1"));
      s.bind(1, conversation_id);
      return s.each_row([&](const Statement& row) { n = static_cast<int>(row.integer(0)); });
    }));
    return n;
  }

  Result<int> external_count(const std::string& conversation_id) override {
    int n = 0;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT count(*) FROM members m JOIN people p ON p.id = m.person_id "
                                         "WHERE m.conversation_id = ?1 AND (p.kind = 'external' OR p.role = 'external')"));
      s.bind(1, conversation_id);
      return s.each_row([&](const Statement& row) { n = static_cast<int>(row.integer(0)); });
    }));
    return n;
  }

  Result<std::map<std::string, std::string>> external_members(const std::string& conversation_id) override {
    std::map<std::string, std::string> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT p.id, p.company FROM members m JOIN people p ON p.id = m.person_id "
                                         "WHERE m.conversation_id = ?1 AND (p.kind = 'external' OR p.role = 'external')"));
      s.bind(1, conversation_id);
      return s.each_row([&](const Statement& row) { out.emplace(row.text(0), row.text(1)); });
    }));
    return out;
  }

  Result<bool> share_a_conversation(const std::string& a, const std::string& b) override {
    bool found = false;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT 1 FROM members m1 JOIN members m2 ON m2.conversation_id = "
                                         "m1.conversation_id AND m2.person_id = ?2 WHERE m1.person_id = ?1 LIMIT 1"));
      s.bind(1, a).bind(2, b);
      return s.each_row([&](const Statement&) { found = true; });
    }));
    return found;
  }

  Result<std::shared_ptr<const Roster>> roster(const std::string& conversation_id) override {
    return rosters_.get(conversation_id, [&] { return read_roster(conversation_id); });
  }

  Status put_member(const Member& m) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare(
                                   "INSERT OR REPLACE INTO members (conversation_id, person_id, role, can_post, "
                                   "joined_at, added_by, last_read_seq, delivered_seq, notification_level, muted, "
                                   "pinned, joined_seq) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11, coalesce((SELECT "
                                   "seq FROM messages WHERE conversation_id = ?1 ORDER BY seq DESC LIMIT 1), 0))"));
      changed(m.conversation_id);
      s.bind(1, m.conversation_id).bind(2, m.person_id).bind(3, domain::to_string(m.role)).bind(4, m.can_post ? 1 : 0);
      s.bind(5, m.joined_at).bind(6, m.added_by).bind(7, m.last_read_seq).bind(8, m.delivered_seq);
      s.bind(9, domain::to_string(m.notification_level)).bind(10, m.muted ? 1 : 0).bind(11, m.pinned ? 1 : 0);
      return s.run();
    });
  }

  Status update_member(const std::string& conversation_id, const std::string& person_id,
                       const MemberFields& f) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("UPDATE members SET role = coalesce(?3, role), can_post = coalesce(?4, can_post), "
                                         "notification_level = coalesce(?5, notification_level), "
                                         "muted = coalesce(?6, muted), pinned = coalesce(?7, pinned) "
                                         "WHERE conversation_id = ?1 AND person_id = ?2"));
      if (f.role || f.can_post) changed(conversation_id);  // the roster holds rights, not settings
      s.bind(1, conversation_id).bind(2, person_id);
      if (f.role) s.bind(3, domain::to_string(*f.role));
      else s.bind_null(3);
      s.bind_optional(4, f.can_post);
      if (f.notification_level) s.bind(5, domain::to_string(*f.notification_level));
      else s.bind_null(5);
      s.bind_optional(6, f.muted);
      s.bind_optional(7, f.pinned);
      TRY(s.run());
      if (c.changes() == 0) return not_found("That person is not a member.");
      return ok_status();
    });
  }

  Status remove_member(const std::string& conversation_id, const std::string& person_id) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("DELETE FROM members WHERE conversation_id = ?1 AND person_id = ?2"));
      changed(conversation_id);
      s.bind(1, conversation_id).bind(2, person_id);
      return s.run();
    });
  }

  Status log_membership(const std::string& conversation_id, const MembershipChange& m) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO membership_log (conversation_id, person_id, change, actor_id, "
                                         "at, reason) VALUES (?1,?2,?3,?4,?5,?6)"));
      s.bind(1, conversation_id).bind(2, m.person_id).bind(3, m.change).bind(4, m.actor_id).bind(5, m.at);
      s.bind(6, m.reason);
      return s.run();
    });
  }

  Result<std::vector<MembershipChange>> membership_log(const std::string& conversation_id, std::int64_t before,
                                                       int limit) override {
    return read_log("SELECT " LOG_COLUMNS " FROM membership_log WHERE conversation_id = ?1 AND (?2 = 0 OR id < ?2) "
                    "ORDER BY id DESC LIMIT ?3",
                    conversation_id, before, limit);
  }

  Result<std::vector<MembershipChange>> person_membership_log(const std::string& person_id, int limit) override {
    return read_log("SELECT " LOG_COLUMNS " FROM membership_log WHERE person_id = ?1 AND ?2 = 0 "
                    "ORDER BY id DESC LIMIT ?3",
                    person_id, 0, limit);
  }

  Status set_rule(const std::string& conversation_id, const std::optional<std::string>& rule_json) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("UPDATE conversations SET rule_json = ?2 WHERE id = ?1"));
      changed(conversation_id);
      s.bind(1, conversation_id).bind_optional(2, rule_json);
      TRY(s.run());
      if (c.changes() == 0) return not_found("No such conversation.");
      return ok_status();
    });
  }

  Result<std::optional<std::string>> rule(const std::string& conversation_id) override {
    std::optional<std::string> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT rule_json FROM conversations WHERE id = ?1"));
      s.bind(1, conversation_id);
      return s.each_row([&](const Statement& row) {
        if (!row.is_null(0)) out = row.text(0);
      });
    }));
    return out;
  }

  Result<std::vector<SmartGroup>> smart_groups() override {
    std::vector<SmartGroup> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT id, rule_json FROM conversations WHERE rule_json IS NOT NULL "
                                         "AND archived = 0 ORDER BY id"));
      return s.each_row([&](const Statement& row) { out.push_back({row.text(0), row.text(1)}); });
    }));
    return out;
  }

  Status set_exception(const std::string& conversation_id, const std::string& person_id,
                       const std::optional<MembershipException>& e) override {
    return db_.write([&](Connection& c) -> Status {
      if (!e) {
        ASSIGN_OR_RETURN(auto s, c.prepare("DELETE FROM membership_exceptions WHERE conversation_id = ?1 AND person_id = ?2"));
        s.bind(1, conversation_id).bind(2, person_id);
        return s.run();
      }
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT OR REPLACE INTO membership_exceptions (conversation_id, person_id, "
                                         "mode, set_by, at) VALUES (?1,?2,?3,?4,?5)"));
      s.bind(1, conversation_id).bind(2, person_id).bind(3, e->mode == ExceptionMode::Include ? "include" : "exclude");
      s.bind(4, e->set_by).bind(5, e->at);
      return s.run();
    });
  }

  Result<std::vector<MembershipException>> exceptions(const std::string& conversation_id) override {
    std::vector<MembershipException> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT person_id, mode, set_by, at FROM membership_exceptions "
                                         "WHERE conversation_id = ?1 ORDER BY at, person_id"));
      s.bind(1, conversation_id);
      return s.each_row([&](const Statement& row) {
        auto mode = row.text(1) == "include" ? ExceptionMode::Include : ExceptionMode::Exclude;
        out.push_back({row.text(0), mode, row.text(2), row.integer(3)});
      });
    }));
    return out;
  }

  Result<std::vector<CatchUpRow>> catch_up(const std::string& person_id, int limit) override {
    std::vector<CatchUpRow> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " CONVERSATION_COLUMNS ", " MEMBER_COLUMNS ", d.joined_at IS m.joined_at "
                                         "FROM members m JOIN conversations c ON c.id = m.conversation_id "
                                         "LEFT JOIN catch_up_done d ON d.person_id = m.person_id AND "
                                         "d.conversation_id = m.conversation_id "
                                         "WHERE m.person_id = ?1 AND m.added_by != ?1 AND c.kind != 'direct' "
                                         "ORDER BY m.joined_at DESC, c.seq DESC LIMIT ?2"));
      s.bind(1, person_id).bind(2, limit);
      constexpr int kDone = kConversationColumns + 12;
      return s.each_row([&](const Statement& row) {
        out.push_back({read_conversation(row), read_member(row, kConversationColumns), row.integer(kDone) != 0});
      });
    }));
    return out;
  }

  Status mark_caught_up(const std::string& person_id, const std::vector<std::string>& conversation_ids) override {
    return db_.write([&](Connection& c) -> Status {
      for (const auto& id : conversation_ids) {
        ASSIGN_OR_RETURN(auto s, c.prepare("INSERT OR REPLACE INTO catch_up_done (person_id, conversation_id, joined_at) "
                                           "SELECT person_id, conversation_id, joined_at FROM members "
                                           "WHERE conversation_id = ?2 AND person_id = ?1"));
        s.bind(1, person_id).bind(2, id);
        TRY(s.run());
      }
      return ok_status();
    });
  }

  Result<bool> advance_read(const std::string& conversation_id, const std::string& person_id,
                            std::int64_t seq) override {
    return advance(
        "UPDATE members SET last_read_seq = ?3, delivered_seq = max(delivered_seq, ?3) "
        "WHERE conversation_id = ?1 AND person_id = ?2 AND last_read_seq < ?3",
        conversation_id, person_id, seq);
  }

  Result<bool> advance_delivered(const std::string& conversation_id, const std::string& person_id,
                                 std::int64_t seq) override {
    return advance(
        "UPDATE members SET delivered_seq = ?3 WHERE conversation_id = ?1 AND person_id = ?2 AND delivered_seq < ?3",
        conversation_id, person_id, seq);
  }

  Result<ReceiptFloor> receipt_floor(const std::string& conversation_id) override {
    ReceiptFloor floor;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT coalesce(min(delivered_seq), 0), coalesce(min(last_read_seq), 0) "
                                         "FROM members WHERE conversation_id = ?1"));
      s.bind(1, conversation_id);
      return s.each_row([&](const Statement& row) {
        floor.delivered = row.integer(0);
        floor.read = row.integer(1);
      });
    }));
    return floor;
  }

  Result<bool> floor_held_by_others(const std::string& conversation_id, const std::string& person_id,
                                    std::int64_t delivered, std::int64_t read) override {
    bool held = false;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare(
                                   "SELECT EXISTS (SELECT 1 FROM members WHERE conversation_id = ?1 AND person_id != ?2 "
                                   "AND delivered_seq <= ?3) AND EXISTS (SELECT 1 FROM members WHERE conversation_id = ?1 "
                                   "AND person_id != ?2 AND last_read_seq <= ?4)"));
      s.bind(1, conversation_id).bind(2, person_id).bind(3, delivered).bind(4, read);
      return s.each_row([&](const Statement& row) { held = row.integer(0) != 0; });
    }));
    return held;
  }

  Result<Counts> counts(const std::string& conversation_id, const std::string& person_id,
                        std::int64_t after_seq) override {
    Counts counts;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare(
                                   "SELECT (SELECT count(*) FROM messages WHERE conversation_id = ?1 AND seq > ?3 "
                                   "AND author_id != ?2 AND deleted = 0), "
                                   "(SELECT count(*) FROM mentions WHERE person_id = ?2 AND conversation_id = ?1 "
                                   "AND seq > ?3) + (SELECT count(*) FROM messages WHERE conversation_id = ?1 AND "
                                   "seq > ?3 AND mentions_all = 1 AND author_id != ?2 AND deleted = 0)"));
      s.bind(1, conversation_id).bind(2, person_id).bind(3, after_seq);
      return s.each_row([&](const Statement& row) {
        counts.unread = static_cast<int>(row.integer(0));
        counts.mentions = static_cast<int>(row.integer(1));
      });
    }));
    return counts;
  }

 private:
  Result<std::vector<MembershipChange>> read_log(const char* sql, const std::string& key, std::int64_t before,
                                                 int limit) {
    std::vector<MembershipChange> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare(sql));
      s.bind(1, key).bind(2, before).bind(3, limit);
      return s.each_row([&](const Statement& row) {
        out.push_back({row.integer(0), row.text(1), row.text(2), row.text(3), row.integer(4), row.text(5), row.text(6)});
      });
    }));
    return out;
  }

  Result<bool> advance(const char* sql, const std::string& conversation_id, const std::string& person_id,
                       std::int64_t seq) {
    bool moved = false;
    TRY(db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare(sql));
      s.bind(1, conversation_id).bind(2, person_id).bind(3, seq);
      TRY(s.run());
      moved = c.changes() > 0;
      return ok_status();
    }));
    return moved;
  }

  // Inside the write that changes a conversation's members or fields.
  void changed(const std::string& conversation_id) { rosters_.changed(conversation_id); }

  Result<std::shared_ptr<const Roster>> read_roster(const std::string& conversation_id) {
    // Conversation and members in one statement, so in one snapshot.
    auto r = std::make_shared<Roster>();
    bool found = false;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " CONVERSATION_COLUMNS ", m.person_id, m.role, m.can_post, m.joined_seq "
                                         "FROM conversations c LEFT JOIN members m ON m.conversation_id = c.id "
                                         "WHERE c.id = ?1 ORDER BY m.person_id COLLATE BINARY"));
      s.bind(1, conversation_id);
      return s.each_row([&](const Statement& row) {
        if (!found) r->conversation = read_conversation(row), found = true;
        constexpr int at = kConversationColumns;
        if (row.is_null(at)) return;
        auto role = domain::parse_member_role(row.text(at + 1)).value_or(domain::MemberRole::Member);
        r->person_ids.push_back(row.text(at));
        r->rights.push_back({role, row.integer(at + 2) != 0, row.integer(at + 3)});
      });
    }));
    if (!found) return not_found("No such conversation.");
    // BINARY collation sorts by bytes, as std::string compares: Roster::member relies on it.
    if (!std::is_sorted(r->person_ids.begin(), r->person_ids.end())) return internal_error("roster out of order");
    // They change with every message: not part of a roster.
    r->conversation.last_seq = 0;
    r->conversation.last_activity_ms = 0;
    return std::shared_ptr<const Roster>(std::move(r));
  }

  Database& db_;
  // Bounded by members (about 80 bytes each); past a million it starts over.
  CommittedCache<std::shared_ptr<const Roster>> rosters_{
      db_, 1'000'000, [](const std::shared_ptr<const Roster>& r) { return r->person_ids.size(); }};
};

}  // namespace

std::unique_ptr<ConversationStore> make_conversation_store(Database& db) {
  return std::make_unique<SqliteConversationStore>(db);
}

}  // namespace muster::store::sqlite
