// SQLite organization, session, invitation and audit stores, and the factory that opens them.
#include <cstdio>
#include <filesystem>
#include <unordered_map>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <spdlog/spdlog.h>

#include "core/mutex.hpp"
#include "store/audit_chain.hpp"
#include "store/files/disk_file_store.hpp"
#include "store/sqlite/attachment_store.hpp"
#include "store/sqlite/chat_stores.hpp"
#include "store/sqlite/committed_cache.hpp"
#include "store/sqlite/compliance_store.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/encrypted_vfs.hpp"
#include "store/sqlite/moderation_store.hpp"
#include "store/sqlite/oversight_store.hpp"
#include "store/sqlite/people_store.hpp"
#include "store/sqlite/plaintext_upgrade.hpp"
#include "store/sqlite/retention_store.hpp"
#include "store/sqlite/sqlite_stores.hpp"
#include "store/sqlite/two_factor_store.hpp"
#include "store/sqlite/attention_store.hpp"
#include "store/storage_health.hpp"

namespace muster::store::sqlite {

namespace {

// Runs a read that yields rows, handing each to `on_row`.
template <typename Bind, typename OnRow>
Status query_rows(Database& db, const char* sql, Bind bind, OnRow on_row) {
  return db.read([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto s, c.prepare(sql));
    bind(s);
    return s.each_row(on_row);
  });
}

class SqliteOrganizationStore final : public OrganizationStore {
 public:
  explicit SqliteOrganizationStore(Database& db) : db_(db) {}

  Result<std::optional<Organization>> get() override {
    std::optional<Organization> org;
    TRY(query_rows(
        db_, "SELECT name, default_language, field_visibility, custom_fields, created_at, policies, phone_region, "
        "search_keys_version FROM organization WHERE id = 1",
        [](Statement&) {},
        [&](const Statement& s) {
          Organization o;
          o.name = s.text(0);
          o.default_language = s.text(1);
          auto fields = nlohmann::json::parse(s.text(2), nullptr, false);
          if (fields.is_object())
            for (auto& [k, v] : fields.items())
              if (auto level = domain::parse_visibility(v.is_string() ? v.get<std::string>() : ""))
                o.visibility.fields[k] = *level;
          auto defs = nlohmann::json::parse(s.text(3), nullptr, false);
          if (defs.is_array())
            for (auto& d : defs)
              o.visibility.custom_fields.push_back(
                  {d.value("key", ""), d.value("label_en", ""), d.value("label_ar", ""),
                   domain::parse_visibility(d.value("visibility", "")).value_or(domain::Visibility::Everyone)});
          o.created_at = s.integer(4);
          // Stored by this server, so valid; a field it cannot read keeps its default.
          auto policies = nlohmann::json::parse(s.text(5), nullptr, false);
          if (auto parsed = domain::parse_policies(policies, {}); parsed.ok()) o.policies = parsed.value();
          o.phone_region = s.text(6);
          o.search_keys_version = s.text(7);
          org = std::move(o);
        }));
    return org;
  }

  Status put(const Organization& org) override {
    nlohmann::json fields = nlohmann::json::object();
    for (auto& [k, v] : org.visibility.fields) fields[k] = domain::to_string(v);
    nlohmann::json defs = nlohmann::json::array();
    for (auto& d : org.visibility.custom_fields)
      defs.push_back({{"key", d.key}, {"label_en", d.label_en}, {"label_ar", d.label_ar},
                      {"visibility", domain::to_string(d.visibility)}});
    return write_one(db_,
                     "INSERT INTO organization (id, name, default_language, field_visibility, custom_fields, created_at, "
                     "policies, phone_region, search_keys_version) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                     "ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                     "default_language = excluded.default_language, field_visibility = excluded.field_visibility, "
                     "custom_fields = excluded.custom_fields, policies = excluded.policies, "
                     "phone_region = excluded.phone_region, search_keys_version = excluded.search_keys_version",
                     [&](Statement& s) {
                       s.bind(1, org.name).bind(2, org.default_language).bind(3, fields.dump()).bind(4, defs.dump());
                       s.bind(5, org.created_at).bind(6, domain::policies_json(org.policies).dump());
                       s.bind(7, org.phone_region).bind(8, org.search_keys_version);
                     });
  }

 private:
  Database& db_;
};

#define SESSION_COLUMNS "id, person_id, token_digest, csrf_token, kind, device, ip, created_at, last_seen_at, expires_at"

Session read_session(const Statement& s) {
  return {s.text(0), s.text(1),    s.text(2),    s.text(3),    s.text(4),
          s.text(5), s.text(6),    s.integer(7), s.integer(8), s.integer(9)};
}

// Sessions are cached by token digest (every request looks its own up); a write by session id
// learns the digest from the row it changes.
class SqliteSessionStore final : public SessionStore {
 public:
  explicit SqliteSessionStore(Database& db) : db_(db) {}

  Status insert(const Session& x) override {
    return write_one(db_, "INSERT INTO sessions (" SESSION_COLUMNS ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
                     [&](Statement& s) {
                       s.bind(1, x.id).bind(2, x.person_id).bind(3, x.token_digest).bind(4, x.csrf_token);
                       s.bind(5, x.kind).bind(6, x.device).bind(7, x.ip).bind(8, x.created_at);
                       s.bind(9, x.last_seen_at).bind(10, x.expires_at);
                       cache_.changed(x.token_digest);
                     });
  }

  Result<Session> find_by_digest(const std::string& digest) override {
    auto pending = pending_uses();
    ASSIGN_OR_RETURN(auto session, cache_.get(digest, [&]() -> Result<Session> {
      std::optional<Session> found;
      TRY(query_rows(
          db_, "SELECT " SESSION_COLUMNS " FROM sessions WHERE token_digest = ?1", [&](Statement& s) { s.bind(1, digest); },
          [&](const Statement& s) { found = read_session(s); }));
      if (!found) return not_found("No such session.");
      return *found;
    }));
    return with_pending_use(std::move(session), pending);
  }

  Result<std::vector<Session>> list_for_person(const std::string& person_id) override {
    auto pending = pending_uses();
    std::vector<Session> out;
    TRY(query_rows(
        db_, "SELECT " SESSION_COLUMNS " FROM sessions WHERE person_id = ?1 ORDER BY last_seen_at DESC",
        [&](Statement& s) { s.bind(1, person_id); },
        [&](const Statement& s) { out.push_back(with_pending_use(read_session(s), pending)); }));
    return out;
  }

  // Written with the next group commit, not waited for; until then the use is kept here, so a
  // session check or the idle sweep in between sees it (with_pending_use).
  Status touch(const std::string& id, UnixSeconds at) override {
    {
      MutexLock lock(pending_mutex_);
      auto& latest = pending_uses_[id];
      latest = std::max(latest, at);
    }
    db_.submit(
        [this, id, at](Connection& c) -> Status {
          ASSIGN_OR_RETURN(auto s, c.prepare("UPDATE sessions SET last_seen_at = max(last_seen_at, ?2) WHERE id = ?1 RETURNING token_digest"));
          s.bind(1, id).bind(2, at);
          return s.each_row([&](const Statement& row) { cache_.changed(row.text(0)); });
        },
        [this, id, at](Status) {
          MutexLock lock(pending_mutex_);
          if (auto it = pending_uses_.find(id); it != pending_uses_.end() && it->second <= at) pending_uses_.erase(it);
        });
    return ok_status();
  }

  Status remove(const std::string& id) override {
    TRY(change("DELETE FROM sessions WHERE id = ?1 RETURNING id, token_digest", [&](Statement& s) { s.bind(1, id); }));
    return ok_status();
  }

  Result<std::vector<std::string>> remove_all_for_person(const std::string& person_id) override {
    return change("DELETE FROM sessions WHERE person_id = ?1 RETURNING id, token_digest",
                  [&](Statement& s) { s.bind(1, person_id); });
  }

  Result<std::vector<Session>> list_all() override {
    auto pending = pending_uses();
    std::vector<Session> out;
    TRY(query_rows(
        db_, "SELECT " SESSION_COLUMNS " FROM sessions", [](Statement&) {},
        [&](const Statement& s) { out.push_back(with_pending_use(read_session(s), pending)); }));
    return out;
  }

  Status add_tombstone(const Session& x, UnixSeconds at) override {
    return write_one(db_,
                     "INSERT OR REPLACE INTO session_tombstones (token_digest, session_id, person_id, ended_at, expires_at) "
                     "VALUES (?1,?2,?3,?4,?5)",
                     [&](Statement& s) {
                       s.bind(1, x.token_digest).bind(2, x.id).bind(3, x.person_id).bind(4, at).bind(5, x.expires_at);
                     });
  }

  Result<bool> has_tombstone(const std::string& digest, UnixSeconds now) override {
    bool found = false;
    TRY(query_rows(
        db_, "SELECT 1 FROM session_tombstones WHERE token_digest = ?1 AND expires_at > ?2",
        [&](Statement& s) { s.bind(1, digest).bind(2, now); }, [&](const Statement&) { found = true; }));
    return found;
  }

  Status remove_tombstones_before(UnixSeconds now) override {
    return write_one(db_, "DELETE FROM session_tombstones WHERE expires_at <= ?1", [&](Statement& s) { s.bind(1, now); });
  }

 private:
  // A write whose statement returns (id, token_digest) of every row it changed: their cached
  // sessions go. Returns the ids.
  Result<std::vector<std::string>> change(const char* sql, const std::function<void(Statement&)>& bind) {
    std::vector<std::string> ids;
    TRY(db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare(sql));
      bind(s);
      return s.each_row([&](const Statement& row) {
        ids.push_back(row.text(0));
        cache_.changed(row.text(1));
      });
    }));
    return ids;
  }

  Database& db_;
  CommittedCache<Session> cache_{db_, 100'000};
  Mutex pending_mutex_;
  std::unordered_map<std::string, UnixSeconds> pending_uses_ GUARDED_BY(pending_mutex_);  // session id -> last use

  // The uses not yet written, taken *before* a read: a use whose write commits after that is still
  // among them, and one that committed before is in the read's snapshot. Taken after the read (as
  // before), a write committing in between left the read's older snapshot without it either way.
  std::unordered_map<std::string, UnixSeconds> pending_uses() {
    MutexLock lock(pending_mutex_);
    return pending_uses_;
  }

  static Session with_pending_use(Session session, const std::unordered_map<std::string, UnixSeconds>& pending) {
    if (auto it = pending.find(session.id); it != pending.end()) session.last_seen_at = std::max(session.last_seen_at, it->second);
    return session;
  }
};

class SqliteInvitationStore final : public InvitationStore {
 public:
  explicit SqliteInvitationStore(Database& db) : db_(db) {}

  Status replace(const Invitation& inv) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto del, c.prepare("DELETE FROM invitations WHERE person_id = ?1 AND used_at IS NULL"));
      del.bind(1, inv.person_id);
      TRY(del.run());
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO invitations (token_digest, person_id, created_at, expires_at) "
                                         "VALUES (?1, ?2, ?3, ?4)"));
      s.bind(1, inv.token_digest).bind(2, inv.person_id).bind(3, inv.created_at).bind(4, inv.expires_at);
      return s.run();
    });
  }

  Result<Invitation> find(const std::string& digest) override {
    std::optional<Invitation> found;
    TRY(query_rows(
        db_, "SELECT token_digest, person_id, created_at, expires_at, used_at FROM invitations WHERE token_digest = ?1",
        [&](Statement& s) { s.bind(1, digest); },
        [&](const Statement& s) {
          Invitation inv{s.text(0), s.text(1), s.integer(2), s.integer(3), std::nullopt};
          if (!s.is_null(4)) inv.used_at = s.integer(4);
          found = inv;
        }));
    if (!found) return not_found("This invitation link is not valid.");
    return *found;
  }

  Status mark_used(const std::string& digest, UnixSeconds at) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("UPDATE invitations SET used_at = ?2 WHERE token_digest = ?1 AND used_at IS NULL"));
      s.bind(1, digest).bind(2, at);
      TRY(s.run());
      if (c.changes() == 0) return Error{ErrorCode::Gone, "This invitation link has already been used."};
      return ok_status();
    });
  }

 private:
  Database& db_;
};

class SqliteAuditStore final : public AuditStore {
 public:
  explicit SqliteAuditStore(Database& db) : db_(db) {}

  // Chained in the writer's transaction: the head read and the insert are one step, and the
  // single writer orders appends, so two entries never follow the same predecessor.
  Status append(const AuditEntry& given) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto last, c.prepare(kHeadSql));
      std::int64_t seq = 0;
      std::string prev = audit_chain_genesis();
      ASSIGN_OR_RETURN(bool found, last.step());
      if (found) {
        seq = last.integer(0);
        prev = last.text(1);
      }
      ASSIGN_OR_RETURN(auto next, c.prepare(
          "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0), "
          "COALESCE((SELECT MAX(id) FROM audit_log), 0)) + 1"));
      ASSIGN_OR_RETURN(bool got, next.step());
      AuditEntry e = given;
      e.id = got ? next.integer(0) : 1;
      ASSIGN_OR_RETURN(auto s, c.prepare(
          "INSERT INTO audit_log (id, at, actor_id, actor_name, action, target_type, target_id, ip, details, seq, "
          "prev_hash, hash) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)"));
      s.bind(1, e.id).bind(2, e.at).bind(3, e.actor_id).bind(4, e.actor_name).bind(5, e.action);
      s.bind(6, e.target_type).bind(7, e.target_id).bind(8, e.ip).bind(9, e.details_json);
      s.bind(10, seq + 1).bind(11, prev).bind(12, audit_entry_hash(prev, e));
      return s.run();
    });
  }

  Result<std::vector<AuditEntry>> list(const AuditQuery& q) override {
    std::vector<AuditEntry> out;
    TRY(query_rows(
        db_,
        "SELECT id, at, actor_id, actor_name, action, target_type, target_id, ip, details FROM audit_log "
        "WHERE (?1 = '' OR actor_id = ?1) AND (?2 = '' OR action = ?2) AND (?3 IS NULL OR at >= ?3) "
        "AND (?4 IS NULL OR at <= ?4) AND (?5 IS NULL OR id < ?5) ORDER BY id DESC LIMIT ?6",
        [&](Statement& s) {
          s.bind(1, q.actor_id).bind(2, q.action);
          q.since ? s.bind(3, *q.since) : s.bind_null(3);
          q.until ? s.bind(4, *q.until) : s.bind_null(4);
          q.before_id ? s.bind(5, *q.before_id) : s.bind_null(5);
          s.bind(6, q.limit);
        },
        [&](const Statement& s) {
          out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.text(7),
                         s.text(8)});
        }));
    return out;
  }

  Result<std::pair<std::int64_t, std::string>> head() override {
    std::pair<std::int64_t, std::string> out{0, audit_chain_genesis()};
    TRY(query_rows(db_, kHeadSql, [](Statement&) {},
                   [&](const Statement& s) { out = {s.integer(0), s.text(1)}; }));
    return out;
  }

  Result<AuditChainReport> verify() override {
    AuditChainVerifier verifier;
    TRY(query_rows(
        db_,
        "SELECT id, at, actor_id, actor_name, action, target_type, target_id, ip, details, seq, prev_hash, hash "
        "FROM audit_log ORDER BY seq, id",
        [](Statement&) {},
        [&](const Statement& s) {
          AuditChainRow row;
          row.entry = {s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.text(7),
                       s.text(8)};
          if (!s.is_null(9)) row.seq = s.integer(9);
          row.prev_hash = s.text(10);
          row.hash = s.text(11);
          verifier.add(row);  // after a break the rest is only read through
        }));
    return verifier.report();
  }

 private:
  static constexpr const char* kHeadSql = "SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1";
  Database& db_;
};

// The one-time step of migration 015: entries written before the chain existed are chained in id
// order. Only while no entry is chained yet, so a row slipped in later (with the triggers dropped)
// is never adopted into the chain but reported by verification.
Status chain_existing_audit_entries(Database& db) {
  return db.write([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto chained, c.prepare("SELECT 1 FROM audit_log WHERE hash IS NOT NULL LIMIT 1"));
    ASSIGN_OR_RETURN(bool any, chained.step());
    if (any) return ok_status();
    std::vector<AuditEntry> entries;
    ASSIGN_OR_RETURN(auto rows, c.prepare(
        "SELECT id, at, actor_id, actor_name, action, target_type, target_id, ip, details FROM audit_log ORDER BY id"));
    TRY(rows.each_row([&](const Statement& s) {
      entries.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.text(7),
                         s.text(8)});
    }));
    std::string prev = audit_chain_genesis();
    std::int64_t seq = 0;
    for (const auto& e : entries) {
      std::string hash = audit_entry_hash(prev, e);
      ASSIGN_OR_RETURN(auto u, c.prepare("UPDATE audit_log SET seq = ?2, prev_hash = ?3, hash = ?4 WHERE id = ?1"));
      u.bind(1, e.id).bind(2, ++seq).bind(3, prev).bind(4, hash);
      TRY(u.run());
      prev = std::move(hash);
    }
    if (seq > 0) spdlog::info("audit log chained entries={}", seq);
    return ok_status();
  });
}

class SqliteTransactor final : public Transactor {
 public:
  explicit SqliteTransactor(Database& db) : db_(db) {}
  Status in_transaction(const std::function<Status()>& work) override {
    return db_.write([&](Connection&) { return work(); });
  }
  void submit(std::function<Status()> work, std::function<void(Status)> done) override {
    db_.submit([work = std::move(work)](Connection&) { return work(); }, std::move(done));
  }
  void after_commit(std::function<void()> effect) override { db_.after_commit(std::move(effect)); }

 private:
  Database& db_;
};

class SqliteStores final : public Stores {
 public:
  SqliteStores(std::unique_ptr<Database> db, std::unique_ptr<MessageSearch> search, std::unique_ptr<FileStore> files)
      : db_(std::move(db)),
        org_(*db_),
        people_(*db_),
        sessions_(*db_),
        invitations_(*db_),
        audit_(*db_),
        conversations_(make_conversation_store(*db_)),
        messages_(make_message_store(*db_)),
        message_search_(std::move(search)),
        attachments_(make_attachment_store(*db_)),
        moderation_(make_moderation_store(*db_)),
        oversight_(make_oversight_store(*db_)),
        retention_(make_retention_store(*db_)),
        two_factor_(make_two_factor_store(*db_)),
        attention_(make_attention_store(*db_)),

        compliance_(make_compliance_store(*db_)),
        files_(std::move(files)),
        tx_(*db_) {}
  // The writer stores what is still queued while every store its work may use still exists.
  ~SqliteStores() override { db_->stop(); }
  OrganizationStore& organization() override { return org_; }
  PeopleStore& people() override { return people_; }
  SessionStore& sessions() override { return sessions_; }
  InvitationStore& invitations() override { return invitations_; }
  AuditStore& audit() override { return audit_; }
  ConversationStore& conversations() override { return *conversations_; }
  MessageStore& messages() override { return *messages_; }
  MessageSearch& message_search() override { return *message_search_; }
  AttachmentStore& attachments() override { return *attachments_; }
  FileStore& files() override { return *files_; }
  ModerationStore& moderation() override { return *moderation_; }
  OversightStore& oversight() override { return *oversight_; }
  RetentionStore& retention() override { return *retention_; }
  TwoFactorStore& two_factor() override { return *two_factor_; }
  AttentionStore& attention() override { return *attention_; }

  ComplianceStore& compliance() override { return *compliance_; }
  Transactor& transactor() override { return tx_; }
  // The database answers, and the disk takes writes. While a write failed for want of space, a
  // small file written and removed beside the database tells when space has returned.
  bool ready() override {
    if (!db_->read([](Connection& c) { return c.exec("SELECT 1"); }).ok()) return false;
    if (!storage_health().disk_full()) return true;
    if (!space_probe(std::filesystem::path(db_->path()).parent_path() / ".space-probe")) return false;
    storage_health().wrote();
    return true;
  }

 private:
  std::unique_ptr<Database> db_;
  SqliteOrganizationStore org_;
  SqlitePeopleStore people_;
  SqliteSessionStore sessions_;
  SqliteInvitationStore invitations_;
  SqliteAuditStore audit_;
  std::unique_ptr<ConversationStore> conversations_;
  std::unique_ptr<MessageStore> messages_;
  std::unique_ptr<MessageSearch> message_search_;
  std::unique_ptr<AttachmentStore> attachments_;
  std::unique_ptr<ModerationStore> moderation_;
  std::unique_ptr<OversightStore> oversight_;
  std::unique_ptr<RetentionStore> retention_;
  std::unique_ptr<TwoFactorStore> two_factor_;
  std::unique_ptr<AttentionStore> attention_;

  std::unique_ptr<ComplianceStore> compliance_;
  std::unique_ptr<FileStore> files_;
  SqliteTransactor tx_;
};

// Before anything opens them: plaintext files of an older version become encrypted ones, and a
// file that is not what the keys (or their absence) expect stops the start with a clear message.
Status prepare_database_file(const std::string& path, const std::shared_ptr<crypto::Keyring>& keyring) {
  if (!keyring) {
    if (is_empty_file(path) || is_plaintext_database(path)) return ok_status();
    return Error{ErrorCode::Unavailable, path + " is encrypted: start Muster with its master key"};
  }
  if (is_plaintext_database(path)) {
    const std::string name = std::filesystem::path(path).filename().string();
    int last_percent = -1;
    TRY(encrypt_plaintext_database(path, keyring, [&](std::uint64_t done, std::uint64_t total) {
      int percent = total ? static_cast<int>(done * 100 / total) : 100;
      if (percent == last_percent) return;
      last_percent = percent;
      std::fprintf(stderr, "encrypting %s: %d %% (%llu of %llu MB)\n", name.c_str(), percent,
                   static_cast<unsigned long long>(done >> 20), static_cast<unsigned long long>(total >> 20));
    }));
  }
  return check_database_key(path, *keyring);
}

}  // namespace

std::vector<std::string> database_files(const std::string& data_dir) {
  std::filesystem::path dir(data_dir);
  return {(dir / "muster.db").string(), (dir / "search.db").string()};
}

Result<std::unique_ptr<Stores>> open_stores(const std::string& data_dir, std::shared_ptr<crypto::Keyring> keyring) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Error{ErrorCode::Unavailable, "cannot create data directory " + data_dir + ": " + ec.message()};
  auto files = database_files(data_dir);
  for (const auto& file : files) TRY(prepare_database_file(file, keyring));
  ASSIGN_OR_RETURN(auto db, Database::open(files[0], 4, keyring));
  TRY(chain_existing_audit_entries(*db));
  ASSIGN_OR_RETURN(auto search, open_message_search(*db, files[1], keyring));
  std::filesystem::path dir(data_dir);
  if (keyring) {
    auto sealed = files::seal_plaintext_files(dir / "files", *keyring, [](size_t done, size_t total) {
      if (done == 1 || done == total || done % 100 == 0) spdlog::info("encrypting existing files done={} of={}", done, total);
    });
    if (!sealed.ok()) return sealed.error();
  }
  auto file_store = files::make_disk_file_store(dir / "files", std::move(keyring));
  return std::unique_ptr<Stores>(new SqliteStores(std::move(db), std::move(search), std::move(file_store)));
}

}  // namespace muster::store::sqlite
