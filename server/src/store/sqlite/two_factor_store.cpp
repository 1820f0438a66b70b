// SQLite two-factor store (migration 016). Secrets are stored as they are: the database file as a
// whole is encrypted at rest (docs/security.md).
#include "store/sqlite/two_factor_store.hpp"

namespace muster::store::sqlite {

namespace {

class SqliteTwoFactorStore final : public TwoFactorStore {
 public:
  explicit SqliteTwoFactorStore(Database& db) : db_(db) {}

  Result<TwoFactorState> get(const std::string& person_id) override {
    TwoFactorState state;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT secret, pending_secret, enabled_at, pending_at, last_step, "
                                         "(SELECT count(*) FROM two_factor_recovery_codes r WHERE r.person_id = "
                                         "t.person_id AND r.used_at IS NULL) FROM two_factor t WHERE person_id = ?1"));
      s.bind(1, person_id);
      return s.each_row([&](const Statement& row) {
        state.secret = row.text(0);
        state.pending_secret = row.text(1);
        if (!row.is_null(2)) state.enabled_at = row.integer(2);
        if (!row.is_null(3)) state.pending_at = row.integer(3);
        state.last_step = row.integer(4);
        state.recovery_codes_left = static_cast<int>(row.integer(5));
      });
    }));
    return state;
  }

  Status set_pending(const std::string& person_id, const std::string& secret, UnixSeconds at) override {
    return write_one(db_, "INSERT INTO two_factor (person_id, pending_secret, pending_at) VALUES (?1, ?2, ?3) "
               "ON CONFLICT (person_id) DO UPDATE SET pending_secret = excluded.pending_secret, "
               "pending_at = excluded.pending_at",
               [&](Statement& s) { s.bind(1, person_id).bind(2, secret).bind(3, at); });
  }

  Status enable(const std::string& person_id, const std::string& secret, std::int64_t step, UnixSeconds at) override {
    return changes_one("UPDATE two_factor SET secret = pending_secret, pending_secret = '', pending_at = NULL, "
                       "enabled_at = ?3, last_step = ?4 WHERE person_id = ?1 AND pending_secret = ?2 AND ?2 <> ''",
                       [&](Statement& s) { s.bind(1, person_id).bind(2, secret).bind(3, at).bind(4, step); },
                       Error{ErrorCode::Conflict, "Start setting up two-factor sign-in again."});
  }

  Status use_step(const std::string& person_id, std::int64_t step) override {
    return changes_one("UPDATE two_factor SET last_step = ?2 WHERE person_id = ?1 AND enabled_at IS NOT NULL AND "
                       "last_step < ?2",
                       [&](Statement& s) { s.bind(1, person_id).bind(2, step); },
                       Error{ErrorCode::Conflict, "That code was already used. Wait for the next one."});
  }

  Status replace_recovery_codes(const std::string& person_id, const std::vector<std::string>& digests,
                                UnixSeconds at) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto del, c.prepare("DELETE FROM two_factor_recovery_codes WHERE person_id = ?1"));
      del.bind(1, person_id);
      TRY(del.run());
      for (const auto& digest : digests) {
        ASSIGN_OR_RETURN(auto ins, c.prepare("INSERT INTO two_factor_recovery_codes (person_id, digest, created_at) "
                                             "VALUES (?1, ?2, ?3)"));
        ins.bind(1, person_id).bind(2, digest).bind(3, at);
        TRY(ins.run());
      }
      return ok_status();
    });
  }

  Status use_recovery_code(const std::string& person_id, const std::string& digest, UnixSeconds at) override {
    return changes_one("UPDATE two_factor_recovery_codes SET used_at = ?3 WHERE person_id = ?1 AND digest = ?2 AND "
                       "used_at IS NULL",
                       [&](Statement& s) { s.bind(1, person_id).bind(2, digest).bind(3, at); },
                       not_found("That recovery code is not valid or was already used."));
  }

  Status remove(const std::string& person_id) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto codes, c.prepare("DELETE FROM two_factor_recovery_codes WHERE person_id = ?1"));
      codes.bind(1, person_id);
      TRY(codes.run());
      ASSIGN_OR_RETURN(auto row, c.prepare("DELETE FROM two_factor WHERE person_id = ?1"));
      row.bind(1, person_id);
      return row.run();
    });
  }

  Result<std::vector<std::string>> enabled_among(const std::vector<std::string>& person_ids) override {
    std::vector<std::string> out;
    TRY(db_.read([&](Connection& c) -> Status {
      for (const auto& id : person_ids) {
        ASSIGN_OR_RETURN(auto s, c.prepare("SELECT 1 FROM two_factor WHERE person_id = ?1 AND enabled_at IS NOT NULL"));
        s.bind(1, id);
        ASSIGN_OR_RETURN(bool found, s.step());
        if (found) out.push_back(id);
      }
      return ok_status();
    }));
    return out;
  }

  Result<UnixSeconds> note_required(const std::string& person_id, UnixSeconds now) override {
    UnixSeconds since = now;
    TRY(db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO two_factor_required (person_id, since) VALUES (?1, ?2) "
                                         "ON CONFLICT (person_id) DO UPDATE SET since = since RETURNING since"));
      s.bind(1, person_id).bind(2, now);
      return s.each_row([&](const Statement& row) { since = row.integer(0); });
    }));
    return since;
  }

  Status forget_required(const std::string& person_id) override {
    return write_one(db_, "DELETE FROM two_factor_required WHERE person_id = ?1", [&](Statement& s) { s.bind(1, person_id); });
  }

 private:
  // A write that must change exactly one row; `otherwise` when it changed none.
  template <typename Bind>
  Status changes_one(const char* sql, Bind bind, Error otherwise) {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare(sql));
      bind(s);
      TRY(s.run());
      if (c.changes() == 0) return otherwise;
      return ok_status();
    });
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<TwoFactorStore> make_two_factor_store(Database& db) {
  return std::make_unique<SqliteTwoFactorStore>(db);
}

}  // namespace muster::store::sqlite
