// Oversight's list of conversations in one statement (docs/architecture.md, "Oversight"). The
// inner query ranks the conversations that pass the filters by last activity — one seek in the
// messages' (conversation_id, seq) index each — and keeps one page; only that page's rows then
// look up members, owners and names. It reads no message text, no description, no file.
#include "store/sqlite/oversight_store.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace muster::store::sqlite {

namespace {

// Externals, as domain::is_external sees them; people_externals (014) indexes exactly this.
#define EXTERNAL "(p.kind = 'external' OR p.role = 'external')"

// ?1 kind, ?2 archived, ?3 id, ?4 name (lower case), ?5 normalized name, ?6 has externals,
// ?7/?8 the cursor (activity ms, seq), ?9 limit. A NULL parameter means "any".
// The inner LIMIT -1 keeps the ranked rows a co-routine, so each activity is computed once.
constexpr const char* kPageSql =
    "WITH page AS MATERIALIZED ("
    " SELECT seq, activity FROM ("
    "  SELECT c.seq AS seq, max(c.last_activity_at / 1000, coalesce((SELECT created_at FROM messages"
    "   WHERE conversation_id = c.id ORDER BY seq DESC LIMIT 1), 0)) * 1000 AS activity"
    "  FROM conversations c"
    "  WHERE (?1 IS NULL OR c.kind = ?1) AND (?2 IS NULL OR c.archived = ?2) AND (?3 IS NULL OR c.id = ?3)"
    "   AND (?4 IS NULL OR instr(lower(c.name), ?4) > 0"
    "    OR (c.kind = 'direct' AND c.id IN (SELECT m.conversation_id FROM people p CROSS JOIN members m"
    "     ON m.person_id = p.id WHERE instr(p.s_names, ?5) > 0)))"
    "   AND (?6 IS NULL OR (c.id IN (SELECT m.conversation_id FROM people p CROSS JOIN members m"
    "     ON m.person_id = p.id WHERE " EXTERNAL ")) = ?6)"
    "  LIMIT -1)"
    " WHERE ?7 IS NULL OR (activity, seq) < (?7, ?8)"
    " ORDER BY activity DESC, seq DESC LIMIT ?9) "
    "SELECT c.id, c.kind, c.name, c.is_public, c.archived, coalesce(c.direct_key, ''), c.created_by, c.created_at,"
    " coalesce((SELECT seq FROM messages WHERE conversation_id = c.id ORDER BY seq DESC LIMIT 1), 0),"
    " page.activity, c.rule_json IS NOT NULL, page.seq,"
    " (SELECT count(*) FROM members WHERE conversation_id = c.id),"
    " (SELECT count(*) FROM people p CROSS JOIN members m ON m.person_id = p.id AND m.conversation_id = c.id"
    "  WHERE " EXTERNAL "),"
    " (SELECT json_group_array(json_array(m.person_id, p.name)) FROM members m JOIN people p ON p.id = m.person_id"
    "  WHERE m.conversation_id = c.id AND m.role = 'owner'),"
    " coalesce((SELECT name FROM people WHERE id = c.created_by), ''),"
    " CASE WHEN c.kind = 'direct' THEN (SELECT json_group_array(json_array(m.person_id, p.name)) FROM members m"
    "  JOIN people p ON p.id = m.person_id WHERE m.conversation_id = c.id) END "
    "FROM page JOIN conversations c ON c.seq = page.seq ORDER BY page.activity DESC, page.seq DESC";

std::vector<PersonRef> people_of(const std::optional<std::string>& json) {
  std::vector<PersonRef> out;
  if (!json) return out;
  auto list = nlohmann::json::parse(*json, nullptr, false);
  if (!list.is_array()) return out;
  for (const auto& pair : list)
    if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string())
      out.push_back({pair[0].get<std::string>(), pair[1].get<std::string>()});
  std::sort(out.begin(), out.end(), [](const PersonRef& a, const PersonRef& b) { return a.name < b.name; });
  return out;
}

OversightRow read_row(const Statement& s) {
  OversightRow r;
  auto& c = r.conversation;
  c.id = s.text(0);
  c.kind = domain::parse_conversation_kind(s.text(1)).value_or(domain::ConversationKind::Group);
  c.name = s.text(2);
  c.is_public = s.integer(3) != 0;
  c.archived = s.integer(4) != 0;
  c.direct_key = s.text(5);
  c.created_by = s.text(6);
  c.created_at = s.integer(7);
  c.last_seq = s.integer(8);
  c.last_activity_ms = s.integer(9);
  c.smart = s.integer(10) != 0;
  r.seq = s.integer(11);
  r.member_count = static_cast<int>(s.integer(12));
  r.external_count = static_cast<int>(s.integer(13));
  r.owners = people_of(s.optional_text(14));
  r.creator_name = s.text(15);
  r.participants = people_of(s.optional_text(16));
  return r;
}

class SqliteOversightStore final : public OversightStore {
 public:
  explicit SqliteOversightStore(Database& db) : db_(db) {}

  Result<std::vector<OversightRow>> conversations(const OversightQuery& q) override {
    std::vector<OversightRow> out;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare(kPageSql));
      if (q.kind) s.bind(1, domain::to_string(*q.kind));
      else s.bind_null(1);
      s.bind_optional(2, q.archived);
      s.bind_nonempty(3, q.id);
      s.bind_nonempty(4, q.name);
      s.bind(5, q.name_norm.empty() ? q.name : q.name_norm);
      s.bind_optional(6, q.has_externals);
      if (q.after) s.bind(7, q.after->first).bind(8, q.after->second);
      else s.bind_null(7).bind_null(8);
      s.bind(9, q.limit);
      return s.each_row([&](const Statement& row) { out.push_back(read_row(row)); });
    }));
    return out;
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<OversightStore> make_oversight_store(Database& db) { return std::make_unique<SqliteOversightStore>(db); }

const char* oversight_page_sql() { return kPageSql; }

}  // namespace muster::store::sqlite
