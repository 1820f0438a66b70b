// SQLite attention store (migration 018).
#include "store/sqlite/attention_store.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace muster::store::sqlite {

// Only what the policy and a push need, all of it in the two indexes of migration 023.
const char* const kPushAudienceSql =
    "SELECT m.person_id, m.notification_level, m.muted, s.id, s.endpoint, s.p256dh, s.auth FROM members m "
    "JOIN push_subscriptions s ON s.person_id = m.person_id WHERE m.conversation_id = ?1 ORDER BY m.person_id";
// One statement for all of them, each found by the primary key. CROSS JOIN keeps the array outside:
// the planner would otherwise walk the conversation's members and scan the whole array for each.
const char* const kReadPositionsSql =
    "SELECT j.key, m.last_read_seq FROM json_each(?2) j CROSS JOIN members m ON m.person_id = j.value AND "
    "m.conversation_id = ?1";

namespace {

const char* scope_name(HoursScope scope) {
  switch (scope) {
    case HoursScope::Person: return "person";
    case HoursScope::Department: return "department";
    case HoursScope::Location: return "location";
    case HoursScope::Organization: break;
  }
  return "organization";
}

#define SUBSCRIPTION_COLUMNS "id, person_id, session_id, endpoint, p256dh, auth, device, created_at, last_used_at"

PushSubscription read_subscription(const Statement& row) {
  PushSubscription s{row.text(0), row.text(1), row.text(2), row.text(3), row.text(4),
                     row.text(5), row.text(6), row.integer(7), std::nullopt};
  if (!row.is_null(8)) s.last_used_at = row.integer(8);
  return s;
}

class SqliteAttentionStore final : public AttentionStore {
 public:
  explicit SqliteAttentionStore(Database& db) : db_(db) {}

  Status put_subscription(const PushSubscription& s) override {
    return write_one(db_,
                           "INSERT OR REPLACE INTO push_subscriptions (" SUBSCRIPTION_COLUMNS
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           [&](Statement& st) {
                             st.bind(1, s.id).bind(2, s.person_id).bind(3, s.session_id).bind(4, s.endpoint);
                             st.bind(5, s.p256dh).bind(6, s.auth).bind(7, s.device).bind(8, s.created_at);
                             s.last_used_at ? st.bind(9, *s.last_used_at) : st.bind_null(9);
                           });
  }

  Result<std::vector<PushSubscription>> subscriptions(const std::string& person_id) override {
    std::vector<PushSubscription> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " SUBSCRIPTION_COLUMNS
                                         " FROM push_subscriptions WHERE person_id = ?1 ORDER BY created_at, id"));
      s.bind(1, person_id);
      return s.each_row([&](const Statement& row) { out.push_back(read_subscription(row)); });
    }));
    return out;
  }

  Result<std::vector<std::string>> subscribed_people() override {
    std::vector<std::string> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT DISTINCT person_id FROM push_subscriptions"));
      return s.each_row([&](const Statement& row) { out.push_back(row.text(0)); });
    }));
    return out;
  }

  Status push_audience(const std::string& conversation_id, std::vector<PushAudienceRow>& rows) override {
    size_t n = 0;
    auto read = db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare(kPushAudienceSql));
      s.bind(1, conversation_id);
      return s.each_row([&](const Statement& row) {
        if (n == rows.size()) rows.emplace_back();
        PushAudienceRow& r = rows[n++];
        r.person_id.assign(row.text_view(0));
        r.level = domain::parse_notification_level(row.text_view(1)).value_or(domain::NotificationLevel::All);
        r.muted = row.integer(2) != 0;
        r.subscription.id.assign(row.text_view(3));
        r.subscription.endpoint.assign(row.text_view(4));
        r.subscription.p256dh.assign(row.text_view(5));
        r.subscription.auth.assign(row.text_view(6));
        r.subscription.person_id.assign(r.person_id);
      });
    });
    rows.resize(n);  // also when the read failed part way: no row is left over from before
    return read;
  }

  Result<std::vector<std::int64_t>> read_positions(const std::string& conversation_id,
                                                   const std::vector<std::string>& person_ids) override {
    std::vector<std::int64_t> out(person_ids.size(), 0);
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare(kReadPositionsSql));
      s.bind(1, conversation_id).bind(2, nlohmann::json(person_ids).dump());
      return s.each_row([&](const Statement& row) { out[static_cast<size_t>(row.integer(0))] = row.integer(1); });
    }));
    return out;
  }

  Status remove_subscription(const std::string& id) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("DELETE FROM push_subscriptions WHERE id = ?1"));
      s.bind(1, id);
      TRY(s.run());
      return c.changes() == 0 ? Status(not_found("No such push subscription.")) : ok_status();
    });
  }

  Status remove_subscriptions_of(const std::string& person_id) override {
    return write_one(db_, "DELETE FROM push_subscriptions WHERE person_id = ?1",
                           [&](Statement& s) { s.bind(1, person_id); });
  }

  Status note_push_delivered(const std::string& id, UnixSeconds at) override {
    return write_one(db_, "UPDATE push_subscriptions SET last_used_at = max(coalesce(last_used_at, 0), ?2) "
                                "WHERE id = ?1",
                           [&](Statement& s) { s.bind(1, id).bind(2, at); });
  }

  Result<std::string> vapid_private_key(const std::string& candidate, UnixSeconds at) override {
    std::string key;
    TRY(db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto insert, c.prepare("INSERT OR IGNORE INTO push_vapid_key (id, private_key, created_at) "
                                              "VALUES (1, ?1, ?2)"));
      insert.bind(1, candidate).bind(2, at);
      TRY(insert.run());
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT private_key FROM push_vapid_key WHERE id = 1"));
      return s.each_row([&](const Statement& row) { key = row.text(0); });
    }));
    return key;
  }

  Result<std::optional<std::string>> hours(HoursScope scope, const std::string& key) override {
    std::optional<std::string> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT hours FROM working_hours WHERE scope = ?1 AND key = ?2"));
      s.bind(1, scope_name(scope)).bind(2, key);
      return s.each_row([&](const Statement& row) { out = row.text(0); });
    }));
    return out;
  }

  Result<std::vector<std::pair<std::string, std::string>>> all_hours(HoursScope scope) override {
    std::vector<std::pair<std::string, std::string>> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT key, hours FROM working_hours WHERE scope = ?1 ORDER BY key"));
      s.bind(1, scope_name(scope));
      return s.each_row([&](const Statement& row) { out.emplace_back(row.text(0), row.text(1)); });
    }));
    return out;
  }

  Status put_hours(HoursScope scope, const std::string& key, const std::optional<std::string>& json,
                   UnixSeconds at) override {
    if (!json)
      return write_one(db_, "DELETE FROM working_hours WHERE scope = ?1 AND key = ?2",
                             [&](Statement& s) { s.bind(1, scope_name(scope)).bind(2, key); });
    return write_one(db_, "INSERT OR REPLACE INTO working_hours (scope, key, hours, updated_at) "
                                "VALUES (?1, ?2, ?3, ?4)",
                           [&](Statement& s) { s.bind(1, scope_name(scope)).bind(2, key).bind(3, *json).bind(4, at); });
  }

  Status set_do_not_disturb(const std::string& person_id, std::optional<UnixSeconds> until) override {
    if (!until)
      return write_one(db_, "DELETE FROM do_not_disturb WHERE person_id = ?1",
                             [&](Statement& s) { s.bind(1, person_id); });
    return write_one(db_, "INSERT OR REPLACE INTO do_not_disturb (person_id, until) VALUES (?1, ?2)",
                           [&](Statement& s) { s.bind(1, person_id).bind(2, *until); });
  }

  Result<std::vector<std::pair<std::string, UnixSeconds>>> all_do_not_disturb(UnixSeconds now) override {
    std::vector<std::pair<std::string, UnixSeconds>> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT person_id, until FROM do_not_disturb WHERE until > ?1"));
      s.bind(1, now);
      return s.each_row([&](const Statement& row) { out.emplace_back(row.text(0), row.integer(1)); });
    }));
    return out;
  }

  Status hold(const std::vector<HeldNotification>& held, UnixSeconds at) override {
    return db_.write([&](Connection& c) -> Status {
      for (const auto& h : held) {
        // A hold already digested gives way to a new one, forgetting what the digest covered.
        ASSIGN_OR_RETURN(auto renew, c.prepare("UPDATE attention_holds SET since = ?2, digest_at = NULL "
                                               "WHERE person_id = ?1 AND digest_at IS NOT NULL"));
        renew.bind(1, h.person_id).bind(2, at);
        TRY(renew.run());
        if (c.changes() > 0) {
          ASSIGN_OR_RETURN(auto stale, c.prepare("DELETE FROM attention_held WHERE person_id = ?1"));
          stale.bind(1, h.person_id);
          TRY(stale.run());
        }
        ASSIGN_OR_RETURN(auto open, c.prepare("INSERT OR IGNORE INTO attention_holds (person_id, since) VALUES (?1, ?2)"));
        open.bind(1, h.person_id).bind(2, at);
        TRY(open.run());
        ASSIGN_OR_RETURN(auto count, c.prepare("INSERT INTO attention_held (person_id, conversation_id, messages, "
                                               "mentions, last_seq) VALUES (?1, ?2, 1, ?3, ?4) ON CONFLICT DO UPDATE "
                                               "SET messages = messages + 1, mentions = mentions + excluded.mentions, "
                                               "last_seq = max(last_seq, excluded.last_seq)"));
        count.bind(1, h.person_id).bind(2, h.conversation_id).bind(3, h.mention ? 1 : 0).bind(4, h.seq);
        TRY(count.run());
      }
      return ok_status();
    });
  }

  Result<std::vector<AttentionHold>> open_holds() override {
    std::vector<AttentionHold> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT person_id, since FROM attention_holds WHERE digest_at IS NULL"));
      return s.each_row([&](const Statement& row) { out.push_back({row.text(0), row.integer(1), std::nullopt}); });
    }));
    return out;
  }

  Result<std::optional<AttentionHold>> latest_hold(const std::string& person_id) override {
    std::optional<AttentionHold> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT since, digest_at FROM attention_holds WHERE person_id = ?1"));
      s.bind(1, person_id);
      return s.each_row([&](const Statement& row) {
        out = AttentionHold{person_id, row.integer(0), std::nullopt};
        if (!row.is_null(1)) out->digest_at = row.integer(1);
      });
    }));
    return out;
  }

  Result<std::vector<HeldConversation>> held_conversations(const std::string& person_id) override {
    std::vector<HeldConversation> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT conversation_id, messages, mentions, last_seq FROM attention_held "
                                         "WHERE person_id = ?1"));
      s.bind(1, person_id);
      return s.each_row([&](const Statement& row) {
        out.push_back({row.text(0), static_cast<int>(row.integer(1)), static_cast<int>(row.integer(2)), row.integer(3)});
      });
    }));
    return out;
  }

  Status mark_digest_sent(const std::string& person_id, UnixSeconds at) override {
    return write_one(db_, "UPDATE attention_holds SET digest_at = ?2 WHERE person_id = ?1",
                           [&](Statement& s) { s.bind(1, person_id).bind(2, at); });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<AttentionStore> make_attention_store(Database& db) { return std::make_unique<SqliteAttentionStore>(db); }

}  // namespace muster::store::sqlite
