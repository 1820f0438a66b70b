// SQLite compliance store: the officer capability and the compliance view of messages. Reads run
// on a reader connection; a message's edits and attachments are looked up as it streams past.
#include "store/sqlite/compliance_store.hpp"

namespace muster::store::sqlite {

namespace {

#define COMPLIANCE_COLUMNS                                                                                   \
  "SELECT m.id, m.conversation_id, c.name, m.seq, m.author_id, coalesce(p.name, ''), m.created_at, "        \
  "m.edited_at, m.text, m.deleted, k.body, k.removed_by, k.removed_at, k.reason FROM messages m "            \
  "JOIN conversations c ON c.id = m.conversation_id LEFT JOIN people p ON p.id = m.author_id "              \
  "LEFT JOIN kept_messages k ON k.message_id = m.id "

// ?1 the conversation or person, ?2/?3 the range, ?4 the limit (-1: all).
constexpr const char* kByConversation = COMPLIANCE_COLUMNS
    "WHERE m.conversation_id = ?1 AND m.created_at >= ?2 AND m.created_at < ?3 ORDER BY m.seq LIMIT ?4";
// Messages are stored in time order (time-ordered ids), so rowid order is time order; compliance
// reads are rare, so a person's messages are found by a scan instead of an index every send pays.
constexpr const char* kByAuthor = COMPLIANCE_COLUMNS
    "WHERE m.author_id = ?1 AND m.created_at >= ?2 AND m.created_at < ?3 ORDER BY m.rowid_ LIMIT ?4";

constexpr int kAuthorDeleted = 1;
constexpr int kModeratorRemoved = 2;

ComplianceMessage read_message(const Statement& s) {
  ComplianceMessage m;
  m.id = s.text(0);
  m.conversation_id = s.text(1);
  m.conversation_name = s.text(2);
  m.seq = s.integer(3);
  m.author_id = s.text(4);
  m.author_name = s.text(5);
  m.created_at = s.integer(6);
  if (!s.is_null(7)) m.edited_at = s.integer(7);
  m.text = s.text(8);
  auto deleted = s.integer(9);
  m.state = deleted == kModeratorRemoved ? "removed" : deleted == kAuthorDeleted ? "deleted" : "posted";
  if (!s.is_null(10)) {
    m.kept = true;
    m.text = s.text(10);
    m.removed_by = s.text(11);
    m.removed_at = s.integer(12);
    m.removal_reason = s.text(13);
  }
  return m;
}

Status add_details(Connection& c, ComplianceMessage& m) {
  ASSIGN_OR_RETURN(auto edits, c.prepare("SELECT text, edited_at FROM message_edits WHERE message_id = ?1 ORDER BY id"));
  edits.bind(1, m.id);
  TRY(edits.each_row([&](const Statement& s) { m.edits.push_back({s.text(0), s.integer(1)}); }));
  ASSIGN_OR_RETURN(auto files, c.prepare(
      "SELECT a.id, a.name, a.content_type, a.size FROM message_attachments l JOIN attachments a ON a.id = l.attachment_id "
      "WHERE l.message_id = ?1 ORDER BY l.position"));
  files.bind(1, m.id);
  return files.each_row([&](const Statement& s) { m.attachments.push_back({s.text(0), s.text(1), s.text(2), s.integer(3)}); });
}

class SqliteComplianceStore final : public ComplianceStore {
 public:
  explicit SqliteComplianceStore(Database& db) : db_(db) {}

  Status grant(const std::string& person_id, const std::string& by, UnixSeconds at) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare(
          "INSERT OR IGNORE INTO compliance_officers (person_id, granted_by, granted_at) VALUES (?1, ?2, ?3)"));
      s.bind(1, person_id).bind(2, by).bind(3, at);
      return s.run();
    });
  }

  Result<bool> revoke(const std::string& person_id) override {
    bool removed = false;
    TRY(db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("DELETE FROM compliance_officers WHERE person_id = ?1"));
      s.bind(1, person_id);
      TRY(s.run());
      removed = c.changes() > 0;
      return ok_status();
    }));
    return removed;
  }

  Result<bool> is_officer(const std::string& person_id) override {
    bool found = false;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT 1 FROM compliance_officers WHERE person_id = ?1"));
      s.bind(1, person_id);
      ASSIGN_OR_RETURN(found, s.step());
      return ok_status();
    }));
    return found;
  }

  Result<std::vector<ComplianceOfficer>> officers() override {
    std::vector<ComplianceOfficer> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare(
          "SELECT o.person_id, coalesce(p.name, ''), o.granted_by, o.granted_at FROM compliance_officers o "
          "LEFT JOIN people p ON p.id = o.person_id ORDER BY o.granted_at, o.person_id"));
      return s.each_row([&](const Statement& r) { out.push_back({r.text(0), r.text(1), r.text(2), r.integer(3)}); });
    }));
    return out;
  }

  Status each_message(const ComplianceScope& scope, std::size_t limit,
                      const std::function<Status(const ComplianceMessage&)>& each) override {
    return db_.read([&](Connection& c) -> Status {
      bool by_conversation = !scope.conversation_id.empty();
      ASSIGN_OR_RETURN(auto s, c.prepare(by_conversation ? kByConversation : kByAuthor));
      s.bind(1, by_conversation ? scope.conversation_id : scope.person_id);
      s.bind(2, scope.from).bind(3, scope.to).bind(4, limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
      while (true) {
        ASSIGN_OR_RETURN(bool row, s.step());
        if (!row) return ok_status();
        auto m = read_message(s);
        TRY(add_details(c, m));
        TRY(each(m));
      }
    });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<ComplianceStore> make_compliance_store(Database& db) {
  return std::make_unique<SqliteComplianceStore>(db);
}

}  // namespace muster::store::sqlite
