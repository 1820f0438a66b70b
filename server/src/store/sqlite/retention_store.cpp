// SQLite retention store: policies, holds, kept content, end dates, and retention's deletions.
#include "store/sqlite/retention_store.hpp"

#include <nlohmann/json.hpp>
#include <set>

namespace muster::store::sqlite {

namespace {

#define HOLD_COLUMNS "id, kind, target_id, reason, set_by, set_at, released_by, released_at"

LegalHold read_hold(const Statement& s) {
  LegalHold h;
  h.id = s.integer(0);
  h.kind = s.text(1) == "conversation" ? HoldKind::Conversation : HoldKind::Person;
  h.target_id = s.text(2);
  h.reason = s.text(3);
  h.set_by = s.text(4);
  h.set_at = s.integer(5);
  h.released_by = s.text(6);
  if (!s.is_null(7)) h.released_at = s.integer(7);
  return h;
}

std::vector<std::string> string_list(const std::string& json) {
  std::vector<std::string> out;
  auto parsed = nlohmann::json::parse(json, nullptr, false);
  if (parsed.is_array())
    for (auto& v : parsed)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

constexpr const char* kCoveredSql =
    "SELECT EXISTS (SELECT 1 FROM legal_holds WHERE released_at IS NULL AND ((kind = 'conversation' AND "
    "target_id = ?1) OR (kind = 'person' AND target_id = ?2)))";

class SqliteRetentionStore final : public RetentionStore {
 public:
  explicit SqliteRetentionStore(Database& db) : db_(db) {}

  Result<std::vector<RetentionPolicy>> policies() override {
    std::vector<RetentionPolicy> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT scope, keep_days, set_by, set_at FROM retention_policies"));
      return s.each_row([&](const Statement& row) {
        RetentionPolicy p;
        p.scope = row.text(0);
        if (!row.is_null(1)) p.keep_days = static_cast<int>(row.integer(1));
        p.set_by = row.text(2);
        p.set_at = row.integer(3);
        out.push_back(std::move(p));
      });
    }));
    return out;
  }

  Status put_policy(const RetentionPolicy& p) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO retention_policies (scope, keep_days, set_by, set_at) VALUES "
                                         "(?1, ?2, ?3, ?4) ON CONFLICT (scope) DO UPDATE SET keep_days = "
                                         "excluded.keep_days, set_by = excluded.set_by, set_at = excluded.set_at"));
      s.bind(1, p.scope);
      p.keep_days ? s.bind(2, *p.keep_days) : s.bind_null(2);
      s.bind(3, p.set_by).bind(4, p.set_at);
      return s.run();
    });
  }

  Status remove_policy(const std::string& scope) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("DELETE FROM retention_policies WHERE scope = ?1"));
      s.bind(1, scope);
      return s.run();
    });
  }

  Status insert_hold(LegalHold& h) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO legal_holds (kind, target_id, reason, set_by, set_at) VALUES "
                                         "(?1, ?2, ?3, ?4, ?5)"));
      s.bind(1, h.kind == HoldKind::Conversation ? "conversation" : "person").bind(2, h.target_id);
      s.bind(3, h.reason).bind(4, h.set_by).bind(5, h.set_at);
      TRY(s.run());
      h.id = sqlite3_last_insert_rowid(c.handle());
      return ok_status();
    });
  }

  Result<LegalHold> hold(std::int64_t id) override {
    std::optional<LegalHold> found;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " HOLD_COLUMNS " FROM legal_holds WHERE id = ?1"));
      s.bind(1, id);
      return s.each_row([&](const Statement& row) { found = read_hold(row); });
    }));
    if (!found) return not_found("No such legal hold.");
    return *found;
  }

  Result<std::vector<LegalHold>> holds(bool include_released) override {
    std::vector<LegalHold> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " HOLD_COLUMNS " FROM legal_holds WHERE ?1 = 1 OR released_at IS "
                                         "NULL ORDER BY id DESC LIMIT 1000"));
      s.bind(1, include_released ? 1 : 0);
      return s.each_row([&](const Statement& row) { out.push_back(read_hold(row)); });
    }));
    return out;
  }

  Status release_hold(std::int64_t id, const std::string& by, UnixSeconds at) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("UPDATE legal_holds SET released_by = ?2, released_at = ?3 WHERE id = ?1 "
                                         "AND released_at IS NULL"));
      s.bind(1, id).bind(2, by).bind(3, at);
      TRY(s.run());
      if (c.changes() == 0) return not_found("No such legal hold in force.");
      return ok_status();
    });
  }

  Result<bool> covered_by_hold(const std::string& conversation_id, const std::string& author_id) override {
    bool covered = false;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(covered, under_hold(c, conversation_id, author_id));
      return ok_status();
    }));
    return covered;
  }

  Status keep_removed(const KeptMessage& k) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT OR REPLACE INTO kept_messages (message_id, conversation_id, "
                                         "author_id, body, attachment_ids, removed_by, removed_at, reason) VALUES "
                                         "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
      s.bind(1, k.message_id).bind(2, k.conversation_id).bind(3, k.author_id).bind(4, k.body);
      s.bind(5, nlohmann::json(k.attachment_ids).dump()).bind(6, k.removed_by).bind(7, k.removed_at).bind(8, k.reason);
      TRY(s.run());
      for (const auto& id : k.attachment_ids) {
        ASSIGN_OR_RETURN(auto a, c.prepare("INSERT OR IGNORE INTO kept_attachments (attachment_id, message_id) "
                                           "VALUES (?1, ?2)"));
        a.bind(1, id).bind(2, k.message_id);
        TRY(a.run());
      }
      return ok_status();
    });
  }

  Result<std::optional<KeptMessage>> kept(const std::string& message_id) override {
    std::optional<KeptMessage> found;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT message_id, conversation_id, author_id, body, attachment_ids, "
                                         "removed_by, removed_at, reason FROM kept_messages WHERE message_id = ?1"));
      s.bind(1, message_id);
      return s.each_row([&](const Statement& row) {
        found = KeptMessage{row.text(0), row.text(1), row.text(2), row.text(3), string_list(row.text(4)), row.text(5), row.integer(6), row.text(7)};
      });
    }));
    return found;
  }

  Result<std::pair<int, std::vector<std::string>>> purge_uncovered_kept(int limit) override {
    int purged = 0;
    std::vector<std::string> files;
    TRY(db_.write([&](Connection& c) -> Status {
      std::vector<std::pair<std::string, std::string>> rows;  // message id, attachment ids
      {
        ASSIGN_OR_RETURN(auto s, c.prepare("SELECT k.message_id, k.attachment_ids FROM kept_messages k WHERE NOT "
                                           "EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL AND "
                                           "((h.kind = 'conversation' AND h.target_id = k.conversation_id) OR "
                                           "(h.kind = 'person' AND h.target_id = k.author_id))) LIMIT ?1"));
        s.bind(1, limit);
        TRY(s.each_row([&](const Statement& row) { rows.emplace_back(row.text(0), row.text(1)); }));
      }
      for (const auto& [message_id, attachments] : rows) {
        ASSIGN_OR_RETURN(auto del, c.prepare("DELETE FROM kept_messages WHERE message_id = ?1"));
        del.bind(1, message_id);
        TRY(del.run());
        ASSIGN_OR_RETURN(auto links, c.prepare("DELETE FROM kept_attachments WHERE message_id = ?1"));
        links.bind(1, message_id);
        TRY(links.run());
        for (const auto& id : string_list(attachments)) {
          ASSIGN_OR_RETURN(bool dropped, drop_if_unused(c, id));
          if (dropped) files.push_back(id);
        }
        ++purged;
      }
      return ok_status();
    }));
    return std::make_pair(purged, files);
  }

  Result<std::vector<std::string>> conversation_ids() override {
    std::vector<std::string> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT id FROM conversations ORDER BY seq"));
      return s.each_row([&](const Statement& row) { out.push_back(row.text(0)); });
    }));
    return out;
  }

  Result<ExpiryScan> expiry_candidates(const std::string& conversation_id, std::int64_t after_seq, UnixSeconds cutoff,
                                       int limit) override {
    ExpiryScan scan;
    scan.scanned_to = after_seq;
    TRY(db_.read([&](Connection& c) -> Status {
      std::set<std::string> held;
      {
        ASSIGN_OR_RETURN(auto s, c.prepare("SELECT target_id FROM legal_holds WHERE kind = 'person' AND "
                                           "released_at IS NULL"));
        TRY(s.each_row([&](const Statement& row) { held.insert(row.text(0)); }));
      }
      // Rows are read a few batches' worth at a time, so a run of held authors' messages costs
      // reads but never an empty write.
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT id, seq, author_id, created_at FROM messages WHERE "
                                         "conversation_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3"));
      s.bind(1, conversation_id).bind(2, after_seq).bind(3, limit * 4);
      int read = 0;
      bool stopped = false;
      TRY(s.each_row([&](const Statement& row) {
        if (stopped || static_cast<int>(scan.items.size()) >= limit) return;
        ++read;
        if (row.integer(3) >= cutoff) {
          stopped = true;
          return;
        }
        scan.scanned_to = row.integer(1);
        if (!held.count(row.text(2))) scan.items.push_back({row.text(0), row.integer(1)});
      }));
      scan.done = stopped || (read < limit * 4 && static_cast<int>(scan.items.size()) < limit);
      return ok_status();
    }));
    return scan;
  }

  Result<ExpiryResult> expire(const std::string& conversation_id, const std::vector<ExpiryCandidate>& batch,
                              UnixSeconds cutoff) override {
    ExpiryResult result;
    TRY(db_.write([&](Connection& c) -> Status {
      std::int64_t newest = 0;
      {
        ASSIGN_OR_RETURN(auto s, c.prepare("SELECT coalesce((SELECT seq FROM messages WHERE conversation_id = ?1 "
                                           "ORDER BY seq DESC LIMIT 1), 0)"));
        s.bind(1, conversation_id);
        TRY(s.each_row([&](const Statement& row) { newest = row.integer(0); }));
      }
      for (const auto& candidate : batch) TRY(expire_one(c, conversation_id, candidate, cutoff, newest, result));
      return ok_status();
    }));
    return result;
  }

  Status set_end_date(const std::string& person_id, const std::optional<EndDate>& end) override {
    return db_.write([&](Connection& c) -> Status {
      if (!end) {
        ASSIGN_OR_RETURN(auto s, c.prepare("DELETE FROM person_end_dates WHERE person_id = ?1"));
        s.bind(1, person_id);
        return s.run();
      }
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO person_end_dates (person_id, end_at, set_by, set_at) VALUES "
                                         "(?1, ?2, ?3, ?4) ON CONFLICT (person_id) DO UPDATE SET end_at = "
                                         "excluded.end_at, set_by = excluded.set_by, set_at = excluded.set_at"));
      s.bind(1, person_id).bind(2, end->end_at).bind(3, end->set_by).bind(4, end->set_at);
      return s.run();
    });
  }

  Result<std::optional<EndDate>> end_date(const std::string& person_id) override {
    std::optional<EndDate> found;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT person_id, end_at, set_by, set_at FROM person_end_dates WHERE "
                                         "person_id = ?1"));
      s.bind(1, person_id);
      return s.each_row([&](const Statement& row) {
        found = EndDate{row.text(0), row.integer(1), row.text(2), row.integer(3)};
      });
    }));
    return found;
  }

  Result<std::vector<EndDate>> due_end_dates(UnixSeconds now, int limit) override {
    std::vector<EndDate> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT person_id, end_at, set_by, set_at FROM person_end_dates WHERE "
                                         "end_at <= ?1 ORDER BY end_at LIMIT ?2"));
      s.bind(1, now).bind(2, limit);
      return s.each_row([&](const Statement& row) {
        out.push_back({row.text(0), row.integer(1), row.text(2), row.integer(3)});
      });
    }));
    return out;
  }

 private:
  // Is the conversation, or the author, under a legal hold in force?
  static Result<bool> under_hold(Connection& c, const std::string& conversation_id, const std::string& author_id) {
    bool covered = false;
    ASSIGN_OR_RETURN(auto s, c.prepare(kCoveredSql));
    s.bind(1, conversation_id).bind(2, author_id);
    TRY(s.each_row([&](const Statement& row) { covered = row.integer(0) != 0; }));
    return covered;
  }

  // Deletes the attachment's row unless a message or kept content (under a hold) still refers to
  // it; true when deleted, and then its files are the caller's to remove after the commit.
  static Result<bool> drop_if_unused(Connection& c, const std::string& id) {
    bool used = false;
    {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT EXISTS (SELECT 1 FROM message_attachments WHERE attachment_id = "
                                         "?1) OR EXISTS (SELECT 1 FROM kept_attachments WHERE attachment_id = ?1)"));
      s.bind(1, id);
      TRY(s.each_row([&](const Statement& row) { used = row.integer(0) != 0; }));
    }
    if (used) return false;
    ASSIGN_OR_RETURN(auto s, c.prepare("DELETE FROM attachments WHERE id = ?1"));
    s.bind(1, id);
    TRY(s.run());
    return true;
  }

  template <typename Bind>
  static Result<std::int64_t> run_counting(Connection& c, const char* sql, Bind bind) {
    ASSIGN_OR_RETURN(auto s, c.prepare(sql));
    bind(s);
    TRY(s.run());
    return c.changes();
  }

  static Status expire_one(Connection& c, const std::string& conversation_id, const ExpiryCandidate& candidate,
                           UnixSeconds cutoff, std::int64_t newest, ExpiryResult& result) {
    std::optional<std::int64_t> rowid;
    std::string author, mentions;
    UnixSeconds created_at = 0;
    bool deleted = false;
    {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT rowid_, author_id, mentions, created_at, deleted FROM messages "
                                         "WHERE id = ?1 AND conversation_id = ?2"));
      s.bind(1, candidate.id).bind(2, conversation_id);
      TRY(s.each_row([&](const Statement& row) {
        rowid = row.integer(0);
        author = row.text(1);
        mentions = row.text(2);
        created_at = row.integer(3);
        deleted = row.integer(4) != 0;
      }));
    }
    if (!rowid || created_at >= cutoff) return ok_status();
    bool hollow = candidate.seq >= newest;
    if (hollow && deleted) return ok_status();  // emptied already
    ASSIGN_OR_RETURN(bool covered, under_hold(c, conversation_id, author));
    if (covered) return ok_status();
    auto by_id = [&](Statement& s) { s.bind(1, candidate.id); };
    ASSIGN_OR_RETURN(auto edits, run_counting(c, "DELETE FROM message_edits WHERE message_id = ?1", by_id));
    ASSIGN_OR_RETURN(auto reactions, run_counting(c, "DELETE FROM reactions WHERE message_id = ?1", by_id));
    result.edits += static_cast<int>(edits);
    result.reactions += static_cast<int>(reactions);
    for (const auto& person : string_list(mentions)) {
      ASSIGN_OR_RETURN(auto s, c.prepare("DELETE FROM mentions WHERE person_id = ?1 AND conversation_id = ?2 AND "
                                         "seq = ?3"));
      s.bind(1, person).bind(2, conversation_id).bind(3, candidate.seq);
      TRY(s.run());
    }
    std::vector<std::string> attachments;
    {
      ASSIGN_OR_RETURN(auto s, c.prepare("DELETE FROM message_attachments WHERE message_id = ?1 RETURNING "
                                         "attachment_id"));
      s.bind(1, candidate.id);
      TRY(s.each_row([&](const Statement& row) { attachments.push_back(row.text(0)); }));
    }
    for (const auto& id : attachments) {
      ASSIGN_OR_RETURN(bool dropped, drop_if_unused(c, id));
      if (dropped) result.attachment_ids.push_back(id);  // else kept content refers to it: its file stays
    }
    {
      // The search index drops the entry when it follows this change (store/sqlite/message_search.cpp).
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO search_changes (message_rowid) VALUES (?1)"));
      s.bind(1, *rowid);
      TRY(s.run());
    }
    ASSIGN_OR_RETURN(auto s, c.prepare(hollow ? "UPDATE messages SET deleted = 1, text = '', mentions = '[]', "
                                                "mentions_all = 0, pinned = 0, edited_at = NULL WHERE id = ?1"
                                              : "DELETE FROM messages WHERE id = ?1"));
    s.bind(1, candidate.id);
    TRY(s.run());
    ++result.messages;
    return ok_status();
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<RetentionStore> make_retention_store(Database& db) {
  return std::make_unique<SqliteRetentionStore>(db);
}

}  // namespace muster::store::sqlite
