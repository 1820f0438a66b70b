#include "store/sqlite/people_store.hpp"
#include "store/sqlite/search_terms.hpp"

#include "domain/text/arabic.hpp"
#include "domain/text/latin_spelling.hpp"

#include <algorithm>
#include <atomic>
#include <nlohmann/json.hpp>

namespace muster::store::sqlite {

using domain::Person;

namespace {

// One column list for every read of a person (read_person reads them by position).
#define PEOPLE_COLUMNS                                                                                            \
  "id, name, name_latin, job_title, department, location, manager_id, employee_id, phone, email, kind, company, " \
  "tags, custom, role, active, password_hash IS NOT NULL, language, created_at, updated_at, sort_key, photo_version"
constexpr const char* kColumns = PEOPLE_COLUMNS;
#define PEOPLE_SELECT(where) "SELECT " PEOPLE_COLUMNS " FROM people " where

constexpr const char* kInsert =
    "INSERT INTO people (id, name, name_latin, job_title, department, location, manager_id, employee_id, "
    "employee_key, phone, phone_key, email, kind, company, tags, custom, role, active, language, created_at, "
    "updated_at, sort_key, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags, s_phone) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,"
    "?30)";
constexpr const char* kUpdate =
    "UPDATE people SET name=?2, name_latin=?3, job_title=?4, department=?5, location=?6, manager_id=?7, "
    "employee_id=?8, employee_key=?9, phone=?10, phone_key=?11, email=?12, kind=?13, company=?14, tags=?15, "
    "custom=?16, role=?17, active=?18, language=?19, created_at=?20, updated_at=?21, sort_key=?22, s_names=?23, "
    "s_job_title=?24, s_department=?25, s_location=?26, s_employee_id=?27, s_email=?28, s_tags=?29, s_phone=?30 "
    "WHERE id=?1";

Person read_person(const Statement& row) {
  Person p;
  p.id = row.text(0);
  p.name = row.text(1);
  p.name_latin = row.text(2);
  p.job_title = row.text(3);
  p.department = row.text(4);
  p.location = row.text(5);
  p.manager_id = row.optional_text(6);
  p.employee_id = row.text(7);
  p.phone = row.text(8);
  p.email = row.text(9);
  p.kind = domain::parse_kind(row.text(10)).value_or(domain::PersonKind::Employee);
  p.company = row.text(11);
  auto tags = nlohmann::json::parse(row.text(12), nullptr, false);
  if (tags.is_array())
    for (auto& t : tags)
      if (t.is_string()) p.tags.push_back(t.get<std::string>());
  auto custom = nlohmann::json::parse(row.text(13), nullptr, false);
  if (custom.is_object())
    for (auto& [k, v] : custom.items())
      if (v.is_string()) p.custom[k] = v.get<std::string>();
  p.role = domain::parse_role(row.text(14)).value_or(domain::Role::Member);
  p.active = row.integer(15) != 0;
  p.has_account = row.integer(16) != 0;
  p.language = row.optional_text(17);
  p.created_at = row.integer(18);
  p.updated_at = row.integer(19);
  p.photo_version = row.text(21);  // 20 is sort_key
  return p;
}

void bind_person(Statement& s, const Person& p) {
  nlohmann::json custom = nlohmann::json::object();
  for (auto& [k, v] : p.custom) custom[k] = v;
  s.bind(1, p.id)
      .bind(2, p.name)
      .bind(3, p.name_latin)
      .bind(4, p.job_title)
      .bind(5, p.department)
      .bind(6, p.location)
      .bind_optional(7, p.manager_id)
      .bind_nonempty(8, p.employee_id)
      .bind_nonempty(9, p.employee_id.empty() ? "" : domain::employee_id_key(p.employee_id))
      .bind_nonempty(10, p.phone)
      .bind_nonempty(11, domain::phone_key(p.phone))
      .bind_nonempty(12, p.email)
      .bind(13, domain::to_string(p.kind))
      .bind(14, p.company)
      .bind(15, nlohmann::json(p.tags).dump())
      .bind(16, custom.dump())
      .bind(17, domain::to_string(p.role))
      .bind(18, p.active ? 1 : 0)
      .bind_optional(19, p.language)
      .bind(20, p.created_at)
      .bind(21, p.updated_at)
      .bind(22, domain::sort_key(p));
  auto search = domain::search_fields(p);
  s.bind(23, search.names)
      .bind(24, search.job_title)
      .bind(25, search.department)
      .bind(26, search.location)
      .bind(27, search.employee_id)
      .bind(28, search.email)
      .bind(29, search.tags)
      .bind(30, search.phone);
}

Error unique_error(const Error& e) {
  if (e.code != ErrorCode::Conflict) return e;
  if (e.message.find("people.email") != std::string::npos)
    return conflict("Another person already has this email address.", "email");
  if (e.message.find("people.phone_key") != std::string::npos)
    return conflict("Another person already has this phone number.", "phone");
  if (e.message.find("people.employee_key") != std::string::npos)
    return conflict("Another person already has this employee id.", "employee_id");
  return conflict("This person conflicts with another one.");
}

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

Status SqlitePeopleStore::insert(const Person& person) {
  auto status = db_.write([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto s, c.prepare(kInsert));
    bind_person(s, person);
    changed(person.id);
    return s.run();
  });
  if (!status.ok()) return unique_error(status.error());
  return status;
}

Status SqlitePeopleStore::update(const Person& person) {
  auto status = db_.write([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto s, c.prepare(kUpdate));
    bind_person(s, person);
    changed(person.id);
    TRY(s.run());
    if (c.changes() == 0) return not_found("No such person.");
    return ok_status();
  });
  if (!status.ok()) return unique_error(status.error());
  return status;
}

Result<int> SqlitePeopleStore::refresh_search_keys() {
  std::vector<Person> everyone;
  TRY(db_.read([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto s, c.prepare(PEOPLE_SELECT("")));
    return s.each_row([&](const Statement& r) { everyone.push_back(read_person(r)); });
  }));
  int collisions = 0;
  TRY(db_.write([&](Connection& c) -> Status {
    // Keys are cleared first: the new ones may swap between people.
    ASSIGN_OR_RETURN(auto clear, c.prepare("UPDATE people SET phone_key = NULL"));
    TRY(clear.run());
    for (const auto& p : everyone) {
      changed(p.id);
      auto search = domain::search_fields(p);
      auto write = [&](const std::string& key) -> Status {
        static const char* kSql = "UPDATE people SET phone_key = ?2, s_names = ?3, s_phone = ?4 WHERE id = ?1";
        ASSIGN_OR_RETURN(auto s, c.prepare(kSql));
        s.bind(1, p.id).bind_nonempty(2, key).bind(3, search.names).bind(4, search.phone);
        return s.run();
      };
      auto written = write(domain::phone_key(p.phone));
      if (written.ok()) continue;
      if (written.error().code != ErrorCode::Conflict) return written.error();
      // Two people whose numbers are one number in E.164 (typed once with and once without the
      // country code): the later keeps its digits, so both still sign in as before.
      ++collisions;
      std::string digits;
      for (char ch : domain::normalize_for_search(p.phone))
        if (ch >= '0' && ch <= '9') digits += ch;
      TRY(write(digits));
    }
    return ok_status();
  }));
  return collisions;
}

Status SqlitePeopleStore::set_password(const std::string& person_id, const std::string& hash) {
  return db_.write([&](Connection& c) -> Status {
    static const char* kSql = "UPDATE people SET password_hash = ?2 WHERE id = ?1";
    ASSIGN_OR_RETURN(auto s, c.prepare(kSql));
    s.bind(1, person_id).bind(2, hash);
    changed(person_id);
    TRY(s.run());
    if (c.changes() == 0) return not_found("No such person.");
    return ok_status();
  });
}

Status SqlitePeopleStore::set_active(const std::string& person_id, bool active, UnixSeconds updated_at) {
  return db_.write([&](Connection& c) -> Status {
    static const char* kSql = "UPDATE people SET active = ?2, updated_at = ?3 WHERE id = ?1";
    ASSIGN_OR_RETURN(auto s, c.prepare(kSql));
    s.bind(1, person_id).bind(2, active ? 1 : 0).bind(3, updated_at);
    changed(person_id);
    TRY(s.run());
    if (c.changes() == 0) return not_found("No such person.");
    return ok_status();
  });
}

Status SqlitePeopleStore::set_language(const std::string& person_id, const std::optional<std::string>& language,
                                       UnixSeconds updated_at) {
  return db_.write([&](Connection& c) -> Status {
    static const char* kSql = "UPDATE people SET language = ?2, updated_at = ?3 WHERE id = ?1";
    ASSIGN_OR_RETURN(auto s, c.prepare(kSql));
    s.bind(1, person_id).bind_optional(2, language).bind(3, updated_at);
    changed(person_id);
    TRY(s.run());
    if (c.changes() == 0) return not_found("No such person.");
    return ok_status();
  });
}

Result<std::optional<Person>> SqlitePeopleStore::find_one(const char* sql, const std::string& key) {
  std::optional<Person> found;
  TRY(db_.read([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto s, c.prepare(sql));
    s.bind(1, key);
    ASSIGN_OR_RETURN(bool row, s.step());
    if (row) found = read_person(s);
    return ok_status();
  }));
  return found;
}

Result<Person> SqlitePeopleStore::get(const std::string& id) {
  return cache_.get(id, [&]() -> Result<Person> {
    ASSIGN_OR_RETURN(auto found, find_one(PEOPLE_SELECT("WHERE id = ?1"), id));
    if (!found) return not_found("No such person.");
    return *found;
  });
}

Result<std::string> SqlitePeopleStore::password_hash(const std::string& id) {
  std::string hash;
  TRY(db_.read([&](Connection& c) -> Status {
    static const char* kSql = "SELECT coalesce(password_hash, '') FROM people WHERE id = ?1";
    ASSIGN_OR_RETURN(auto s, c.prepare(kSql));
    s.bind(1, id);
    ASSIGN_OR_RETURN(bool row, s.step());
    if (!row) return not_found("No such person.");
    hash = s.text(0);
    return ok_status();
  }));
  return hash;
}

Result<Person> SqlitePeopleStore::find_by_login(const std::string& login) {
  std::vector<Person> matches;
  TRY(db_.read([&](Connection& c) -> Status {
    static const char* kSql = PEOPLE_SELECT("WHERE email = ?1 OR employee_key = ?2 OR phone_key = ?3 LIMIT 2");
    ASSIGN_OR_RETURN(auto s, c.prepare(kSql));
    s.bind(1, domain::email_key(login)).bind(2, domain::employee_id_key(login)).bind_nonempty(3, domain::phone_key(login));
    return s.each_row([&](const Statement& row) { matches.push_back(read_person(row)); });
  }));
  if (matches.size() != 1) return not_found("No such login.");
  return matches.front();
}

Result<std::optional<Person>> SqlitePeopleStore::find_by_employee_id(const std::string& employee_id) {
  return find_one(PEOPLE_SELECT("WHERE employee_key = ?1"), domain::employee_id_key(employee_id));
}

Result<std::optional<Person>> SqlitePeopleStore::find_by_email(const std::string& email) {
  return find_one(PEOPLE_SELECT("WHERE email = ?1"), domain::email_key(email));
}

namespace {

// A WHERE fragment and its bound values, in order.
struct Condition {
  std::string sql;
  std::vector<std::string> binds;
  void add(const std::string& fragment, std::vector<std::string> values = {}) {
    sql += " AND " + fragment;
    binds.insert(binds.end(), values.begin(), values.end());
  }
};

// The alternatives one term matches: itself and, for a Latin name, its spelling key (Ahmad finds
// Ahmed: both are indexed in s_names).
std::vector<std::string> spellings(const std::string& term) {
  auto key = domain::spelling_key(term);
  if (key != term && code_points(key) >= 3) return {term, key};
  return {term};
}

// Every term in a visible column, by LIKE (a substring, as the trigram index matches it).
Condition like_terms(const PeopleQuery& q, const std::vector<std::string>& columns) {
  Condition c;
  for (const auto& term : q.terms) {
    std::string any;
    std::vector<std::string> values;
    for (const auto& spelling : code_points(term) >= 3 ? spellings(term) : std::vector<std::string>{term})
      for (const auto& column : columns) {
        any += (any.empty() ? "" : " OR ") + column + " LIKE ? ESCAPE '\\'";
        values.push_back(like_pattern(spelling));
      }
    c.add("(" + any + ")", values);
  }
  return c;
}

// Terms of three characters or more through the trigram index, shorter ones by LIKE (trigrams
// cannot find them).
Condition indexed_terms(const PeopleQuery& q, const std::vector<std::string>& columns) {
  std::string column_filter = "{";
  for (const auto& c : columns) column_filter += (column_filter.size() > 1 ? " " : "") + c;
  column_filter += "} : ";
  std::string match;
  PeopleQuery short_terms = q;
  short_terms.terms.clear();
  for (const auto& term : q.terms) {
    if (code_points(term) < 3) {
      short_terms.terms.push_back(term);
      continue;
    }
    auto alternatives = spellings(term);
    std::string either = alternatives.size() == 1
                             ? fts_phrase(term)
                             : "(" + fts_phrase(alternatives[0]) + " OR " + fts_phrase(alternatives[1]) + ")";
    match += (match.empty() ? "" : " AND ") + column_filter + either;
  }
  Condition c = like_terms(short_terms, columns);
  if (!match.empty()) c.add("seq IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ?)", {match});
  return c;
}

}  // namespace

// How many rows, in directory order, a search first reads directly before it asks the trigram
// index: a common term ("riyadh", "engineering") has its first page among them, and answering from
// there costs ~1 ms where the index would first list each of its 20,000 matches. A term that is
// not common pays for the rows read in vain (≈ 5 µs each).
std::atomic<int> direct_probe_rows{500};

Result<std::vector<Person>> SqlitePeopleStore::search(const PeopleQuery& q) {
  // Assembled from fixed fragments only; every value is bound.
  // Only the columns this viewer may see take part: a hidden email must not find its owner.
  std::vector<std::string> columns = {"s_names"};
  for (const auto& field : domain::hideable_search_fields())
    if (std::find(q.fields.begin(), q.fields.end(), field) != q.fields.end()) columns.push_back("s_" + field);

  Condition rows;  // everything but the search terms
  if (!q.department.empty()) rows.add("department = ?", {q.department});
  if (!q.location.empty()) rows.add("location = ?", {q.location});
  if (!q.tag.empty()) rows.add("EXISTS (SELECT 1 FROM json_each(people.tags) WHERE value = ?)", {q.tag});
  if (q.active) rows.add(*q.active ? "active = 1" : "active = 0");
  if (!q.contacts_of.empty())
    rows.add("(id = ? OR id IN (SELECT m2.person_id FROM members m1 JOIN members m2 "
             "ON m2.conversation_id = m1.conversation_id WHERE m1.person_id = ?))",
             {q.contacts_of, q.contacts_of});
  if (!q.after_id.empty())
    // A row value, not an OR: with bound values only this form lets SQLite start the index scan at the cursor.
    rows.add("(sort_key, id) > (?, ?)", {q.after_sort_key, q.after_id});
  const std::string order = " ORDER BY sort_key, id";

  std::vector<Person> out;
  auto run = [&](const std::string& sql, const std::vector<std::string>& binds) -> Status {
    out.clear();
    return db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare_once(sql));
      for (size_t i = 0; i < binds.size(); ++i) s.bind(static_cast<int>(i + 1), binds[i]);
      return s.each_row([&](const Statement& row) { out.push_back(read_person(row)); });
    });
  };
  auto concat = [](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };

  if (!q.terms.empty() && direct_probe_rows.load() > 0) {
    // The rows in order up to the direct_probe_rows-th (a bound read from the sort index alone),
    // read directly and stopping at a page: when there is a whole page, it is the answer (every
    // row before its last is among them).
    std::vector<std::string> bound;
    TRY(db_.read([&](Connection& c) -> Status {
      static const char* kSql = "SELECT sort_key, id FROM people WHERE active = ?1 ORDER BY sort_key, id LIMIT 1 OFFSET ?2";
      ASSIGN_OR_RETURN(auto s, c.prepare(kSql));
      s.bind(1, q.active.value_or(true) ? 1 : 0).bind(2, direct_probe_rows.load());
      ASSIGN_OR_RETURN(bool row, s.step());
      if (row) bound = {s.text(0), s.text(1)};
      return ok_status();
    }));
    if (!bound.empty() && q.after_id.empty()) {  // else: few enough people, or a later page, for the index
      auto terms = like_terms(q, columns);
      std::string probe = std::string("SELECT ") + kColumns + " FROM people WHERE 1=1" + terms.sql + rows.sql +
                          " AND (sort_key, id) <= (?, ?)" + order + " LIMIT " +
                          std::to_string(q.limit);
      TRY(run(probe, concat(concat(terms.binds, rows.binds), bound)));
      if (static_cast<int>(out.size()) == q.limit) return out;
    }
  }
  auto terms = indexed_terms(q, columns);
  std::string sql = std::string("SELECT ") + kColumns + " FROM people WHERE 1=1" + terms.sql + rows.sql + order +
                    " LIMIT " + std::to_string(q.limit);
  TRY(run(sql, concat(terms.binds, rows.binds)));
  return out;
}

Result<std::shared_ptr<const std::vector<Person>>> SqlitePeopleStore::all() {
  return everyone_.get("", [&]() -> Result<std::shared_ptr<const std::vector<Person>>> {
    auto out = std::make_shared<std::vector<Person>>();
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto n, c.prepare("SELECT count(*) FROM people"));
      ASSIGN_OR_RETURN(bool row, n.step());
      if (row) out->reserve(static_cast<size_t>(n.integer(0)));
      static const char* kSql = PEOPLE_SELECT("ORDER BY sort_key, id");
      ASSIGN_OR_RETURN(auto s, c.prepare(kSql));
      return s.each_row([&](const Statement& r) { out->push_back(read_person(r)); });
    }));
    return std::shared_ptr<const std::vector<Person>>(std::move(out));
  });
}

Status SqlitePeopleStore::set_photo(const std::string& person_id, const std::optional<PersonPhoto>& photo,
                                    UnixSeconds updated_at) {
  return db_.write([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto person, c.prepare("UPDATE people SET photo_version = ?2, updated_at = ?3 WHERE id = ?1"));
    person.bind(1, person_id).bind(2, photo ? photo->version : std::string()).bind(3, updated_at);
    changed(person_id);
    TRY(person.run());
    if (c.changes() == 0) return not_found("No such person.");
    if (!photo) {
      ASSIGN_OR_RETURN(auto s, c.prepare("DELETE FROM person_photos WHERE person_id = ?1"));
      s.bind(1, person_id);
      return s.run();
    }
    static const char* kSql =
        "INSERT OR REPLACE INTO person_photos (person_id, version, large, small, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)";
    ASSIGN_OR_RETURN(auto s, c.prepare(kSql));
    s.bind(1, person_id).bind(2, photo->version).bind_blob(3, photo->large).bind_blob(4, photo->small).bind(5, updated_at);
    return s.run();
  });
}

Result<std::optional<std::string>> SqlitePeopleStore::photo(const std::string& person_id, const std::string& version,
                                                           PhotoSize size) {
  std::optional<std::string> bytes;
  TRY(db_.read([&](Connection& c) -> Status {
    const char* sql = size == PhotoSize::Large ? "SELECT large FROM person_photos WHERE person_id = ?1 AND version = ?2"
                                               : "SELECT small FROM person_photos WHERE person_id = ?1 AND version = ?2";
    ASSIGN_OR_RETURN(auto s, c.prepare(sql));
    s.bind(1, person_id).bind(2, version);
    ASSIGN_OR_RETURN(bool row, s.step());
    if (row) bytes = s.blob(0);
    return ok_status();
  }));
  return bytes;
}

Result<std::vector<std::pair<std::string, std::string>>> SqlitePeopleStore::photo_versions() {
  std::vector<std::pair<std::string, std::string>> out;
  TRY(db_.read([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto s, c.prepare("SELECT id, photo_version FROM people WHERE photo_version != ''"));
    return s.each_row([&](const Statement& row) { out.emplace_back(row.text(0), row.text(1)); });
  }));
  return out;
}

void SqlitePeopleStore::changed(const std::string& person_id) {
  cache_.changed(person_id);
  everyone_.changed("");
}

Result<std::vector<Facet>> SqlitePeopleStore::facets(const char* sql) {
  std::vector<Facet> out;
  TRY(db_.read([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto s, c.prepare(sql));
    return s.each_row([&](const Statement& row) { out.push_back({row.text(0), static_cast<int>(row.integer(1))}); });
  }));
  return out;
}

Result<std::vector<Facet>> SqlitePeopleStore::departments() {
  return facets(
      "SELECT department, count(*) FROM people WHERE active = 1 AND department != '' GROUP BY department ORDER BY "
      "department");
}

Result<std::vector<Facet>> SqlitePeopleStore::locations() {
  return facets(
      "SELECT location, count(*) FROM people WHERE active = 1 AND location != '' GROUP BY location ORDER BY location");
}

Result<int> SqlitePeopleStore::count() {
  int n = 0;
  TRY(db_.read([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto s, c.prepare("SELECT count(*) FROM people"));
    ASSIGN_OR_RETURN(bool row, s.step());
    if (row) n = static_cast<int>(s.integer(0));
    return ok_status();
  }));
  return n;
}

}  // namespace muster::store::sqlite
