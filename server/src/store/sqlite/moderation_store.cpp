#include "store/sqlite/moderation_store.hpp"
#include <nlohmann/json.hpp>

namespace muster::store::sqlite {

namespace {

#define REPORT_COLUMNS                                                                                      \
  "id, message_id, conversation_id, reporter_id, author_id, category, comment, status, created_at, "       \
  "resolved_by, resolved_at, note"

Report read_report(const Statement& s) {
  return {s.integer(0), s.text(1), s.text(2),    s.text(3),     s.text(4),  s.text(5),
          s.text(6),    s.text(7), s.integer(8), s.text(9), s.integer(10), s.text(11)};
}

class SqliteModerationStore final : public ModerationStore {
 public:
  explicit SqliteModerationStore(Database& db) : db_(db) {}

  Status insert_report(Report& r) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO reports (message_id, conversation_id, reporter_id, author_id, "
                                         "category, comment, status, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)"));
      s.bind(1, r.message_id).bind(2, r.conversation_id).bind(3, r.reporter_id).bind(4, r.author_id);
      s.bind(5, r.category).bind(6, r.comment).bind(7, r.status).bind(8, r.created_at);
      TRY(s.run());
      r.id = sqlite3_last_insert_rowid(c.handle());
      return ok_status();
    });
  }

  Result<Report> report(std::int64_t id) override {
    std::optional<Report> found;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " REPORT_COLUMNS " FROM reports WHERE id = ?1"));
      s.bind(1, id);
      return s.each_row([&](const Statement& row) { found = read_report(row); });
    }));
    if (!found) return not_found("No such report.");
    return *found;
  }

  Result<std::optional<Report>> open_report(const std::string& message_id, const std::string& reporter_id) override {
    std::optional<Report> found;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " REPORT_COLUMNS " FROM reports WHERE message_id = ?1 AND "
                                         "reporter_id = ?2 AND status = 'open'"));
      s.bind(1, message_id).bind(2, reporter_id);
      return s.each_row([&](const Statement& row) { found = read_report(row); });
    }));
    return found;
  }

  Result<std::vector<Report>> reports(const ReportQuery& q) override {
    // Assembled from fixed fragments; every value is bound.
    std::string sql = "SELECT " REPORT_COLUMNS " FROM reports WHERE 1=1";
    std::vector<std::string> binds;
    if (!q.status.empty()) sql += " AND status = ?", binds.push_back(q.status);
    if (!q.all_conversations) {
      sql += " AND conversation_id IN (SELECT value FROM json_each(?))";
      binds.push_back(nlohmann::json(q.conversation_ids).dump());
    }
    if (q.before_id) sql += " AND id < " + std::to_string(*q.before_id);
    sql += " ORDER BY id DESC LIMIT " + std::to_string(q.limit);
    std::vector<Report> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare_once(sql));
      for (size_t i = 0; i < binds.size(); ++i) s.bind(static_cast<int>(i + 1), binds[i]);
      return s.each_row([&](const Statement& row) { out.push_back(read_report(row)); });
    }));
    return out;
  }

  Result<std::vector<Report>> resolve(const std::string& message_id, const std::string& status, const std::string& by,
                                      UnixSeconds at, const std::string& note) override {
    std::vector<Report> out;
    TRY(db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("UPDATE reports SET status = ?2, resolved_by = ?3, resolved_at = ?4, note = ?5 "
                                         "WHERE message_id = ?1 AND status = 'open' RETURNING " REPORT_COLUMNS));
      s.bind(1, message_id).bind(2, status).bind(3, by).bind(4, at).bind(5, note);
      return s.each_row([&](const Statement& row) { out.push_back(read_report(row)); });
    }));
    return out;
  }

  Status suspend(const Suspension& x) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT OR REPLACE INTO posting_suspensions (person_id, conversation_id, "
                                         "until, set_by, reason) VALUES (?1,?2,?3,?4,?5)"));
      s.bind(1, x.person_id).bind(2, x.conversation_id).bind(3, x.until).bind(4, x.set_by).bind(5, x.reason);
      return s.run();
    });
  }

  Result<std::optional<Suspension>> suspension(const std::string& person_id, const std::string& conversation_id,
                                               UnixSeconds now) override {
    std::optional<Suspension> found;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT person_id, conversation_id, until, set_by, reason FROM "
                                         "posting_suspensions WHERE person_id = ?1 AND conversation_id IN ('', ?2) "
                                         "AND until > ?3 ORDER BY until DESC LIMIT 1"));
      s.bind(1, person_id).bind(2, conversation_id).bind(3, now);
      return s.each_row([&](const Statement& row) {
        found = Suspension{row.text(0), row.text(1), row.integer(2), row.text(3), row.text(4)};
      });
    }));
    return found;
  }

  Result<UnixSeconds> latest_suspension_end() override {
    UnixSeconds latest = 0;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT COALESCE(MAX(until), 0) FROM posting_suspensions"));
      return s.each_row([&](const Statement& row) { latest = row.integer(0); });
    }));
    return latest;
  }

  Status add_notice(Notice& n) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO notices (person_id, kind, body_json, at) VALUES (?1,?2,?3,?4)"));
      s.bind(1, n.person_id).bind(2, n.kind).bind(3, n.body_json).bind(4, n.at);
      TRY(s.run());
      n.id = sqlite3_last_insert_rowid(c.handle());
      return ok_status();
    });
  }

  Result<std::vector<Notice>> notices(const std::string& person_id, int limit) override {
    std::vector<Notice> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT id, person_id, kind, body_json, at FROM notices WHERE person_id = ?1 "
                                         "ORDER BY id DESC LIMIT ?2"));
      s.bind(1, person_id).bind(2, limit);
      return s.each_row([&](const Statement& row) {
        out.push_back({row.integer(0), row.text(1), row.text(2), row.text(3), row.integer(4)});
      });
    }));
    return out;
  }

  Result<std::vector<domain::ContentRule>> content_rules() override {
    std::vector<domain::ContentRule> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT id, name, kind, action, words, pattern, enabled FROM content_rules "
                                         "ORDER BY rowid"));
      return s.each_row([&](const Statement& row) {
        domain::ContentRule r;
        r.id = row.text(0);
        r.name = row.text(1);
        r.kind = domain::parse_content_rule_kind(row.text(2)).value_or(domain::ContentRuleKind::Words);
        r.action = domain::parse_content_rule_action(row.text(3)).value_or(domain::ContentRuleAction::Flag);
        auto words = nlohmann::json::parse(row.text(4), nullptr, false);
        if (words.is_array())
          for (const auto& w : words)
            if (w.is_string()) r.words.push_back(w.get<std::string>());
        r.pattern = row.text(5);
        r.enabled = row.integer(6) != 0;
        out.push_back(std::move(r));
      });
    }));
    return out;
  }

  Status put_content_rule(const domain::ContentRule& r, UnixSeconds at) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO content_rules (id, name, kind, action, words, pattern, enabled, "
                                         "created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8) ON CONFLICT(id) DO UPDATE SET "
                                         "name = ?2, kind = ?3, action = ?4, words = ?5, pattern = ?6, enabled = ?7"));
      s.bind(1, r.id).bind(2, r.name).bind(3, std::string(domain::to_string(r.kind)));
      s.bind(4, std::string(domain::to_string(r.action))).bind(5, nlohmann::json(r.words).dump());
      s.bind(6, r.pattern).bind(7, r.enabled ? 1 : 0).bind(8, at);
      return s.run();
    });
  }

  Status delete_content_rule(const std::string& id) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("DELETE FROM content_rules WHERE id = ?1"));
      s.bind(1, id);
      TRY(s.run());
      if (c.changes() == 0) return not_found("No such content rule.");
      return ok_status();
    });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<ModerationStore> make_moderation_store(Database& db) {
  return std::make_unique<SqliteModerationStore>(db);
}

}  // namespace muster::store::sqlite
