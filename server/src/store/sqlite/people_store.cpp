#include "store/sqlite/people_store.hpp"
#include "store/sqlite/people_rank.hpp"
#include "store/sqlite/search_terms.hpp"

#include "domain/text/arabic.hpp"
#include "domain/text/latin_spelling.hpp"

#include <algorithm>
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
    "updated_at, sort_key, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags, s_phone, rank) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,"
    "?30,?31)";
constexpr const char* kUpdate =
    "UPDATE people SET name=?2, name_latin=?3, job_title=?4, department=?5, location=?6, manager_id=?7, "
    "employee_id=?8, employee_key=?9, phone=?10, phone_key=?11, email=?12, kind=?13, company=?14, tags=?15, "
    "custom=?16, role=?17, active=?18, language=?19, created_at=?20, updated_at=?21, sort_key=?22, s_names=?23, "
    "s_job_title=?24, s_department=?25, s_location=?26, s_employee_id=?27, s_email=?28, s_tags=?29, s_phone=?30, "
    "rank=?31 WHERE id=?1";

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
    ASSIGN_OR_RETURN(auto rank, place_in_name_order(c, domain::sort_key(person), person.id));
    ASSIGN_OR_RETURN(auto s, c.prepare(kInsert));
    bind_person(s, person);
    s.bind(31, rank);
    changed(person.id);
    return s.run();
  });
  if (!status.ok()) return unique_error(status.error());
  return status;
}

Status SqlitePeopleStore::update(const Person& person) {
  auto status = db_.write([&](Connection& c) -> Status {
    // A new name moves the person in name order; any other change keeps the rank.
    ASSIGN_OR_RETURN(auto now, c.prepare("SELECT sort_key, rank FROM people WHERE id = ?1"));
    now.bind(1, person.id);
    ASSIGN_OR_RETURN(bool found, now.step());
    if (!found) return not_found("No such person.");
    auto sort_key = domain::sort_key(person);
    std::int64_t rank = 0;
    if (now.text(0) == sort_key && !now.is_null(1)) {
      rank = now.integer(1);
    } else {
      // Out of the order first: a renumbered stretch around the new place may need the old rank.
      ASSIGN_OR_RETURN(auto leave, c.prepare("UPDATE people SET rank = NULL WHERE id = ?1"));
      leave.bind(1, person.id);
      TRY(leave.run());
      ASSIGN_OR_RETURN(rank, place_in_name_order(c, sort_key, person.id));
    }
    ASSIGN_OR_RETURN(auto s, c.prepare(kUpdate));
    bind_person(s, person);
    s.bind(31, rank);
    changed(person.id);
    return s.run();
  });
  if (!status.ok()) return unique_error(status.error());
  return status;
}

Result<int> SqlitePeopleStore::refresh_search_keys() {
  std::vector<Person> everyone;
  bool upper_half_used = false;
  TRY(db_.read([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto s, c.prepare(PEOPLE_SELECT("")));
    TRY(s.each_row([&](const Statement& r) { everyone.push_back(read_person(r)); }));
    ASSIGN_OR_RETURN(auto top, c.prepare("SELECT max(rank) >= (1 << 62) FROM people"));
    ASSIGN_OR_RETURN(bool row, top.step());
    upper_half_used = row && top.integer(0) == 1;
    return ok_status();
  }));
  // Name order again (the way sort keys are made may have changed), ranked in the half not in use.
  std::vector<std::pair<std::string, const Person*>> order;
  for (const auto& p : everyone) order.emplace_back(domain::sort_key(p), &p);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second->id < b.second->id;
  });
  auto ranks = spread_ranks(order.size(), !upper_half_used);
  int collisions = 0;
  TRY(db_.write([&](Connection& c) -> Status {
    // Keys are cleared first: the new ones may swap between people.
    ASSIGN_OR_RETURN(auto clear, c.prepare("UPDATE people SET phone_key = NULL"));
    TRY(clear.run());
    for (size_t i = 0; i < order.size(); ++i) {
      const Person& p = *order[i].second;
      changed(p.id);
      auto search = domain::search_fields(p);
      auto write = [&](const std::string& key) -> Status {
        static const char* kSql =
            "UPDATE people SET phone_key = ?2, s_names = ?3, s_job_title = ?4, s_department = ?5, s_location = ?6, "
            "s_employee_id = ?7, s_email = ?8, s_tags = ?9, s_phone = ?10, sort_key = ?11, rank = ?12 WHERE id = ?1";
        ASSIGN_OR_RETURN(auto s, c.prepare(kSql));
        s.bind(1, p.id).bind_nonempty(2, key).bind(3, search.names).bind(4, search.job_title);
        s.bind(5, search.department).bind(6, search.location).bind(7, search.employee_id).bind(8, search.email);
        s.bind(9, search.tags).bind(10, search.phone).bind(11, order[i].first).bind(12, ranks[i]);
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

// Where each term must match. One or two characters match the start of a word (each search copy
// begins with a space, so " fa" finds "Fatima" and "Al Fahad" but not "Sofa"); three or more
// match anywhere, as their own spelling or its key. The trigram index answers every term of two
// or more characters (`match`); LIKE checks single characters and whole phone numbers (`like`).
struct TermConditions {
  std::string match;
  Condition like;
};

// Digits, perhaps after a '+': a phone number or part of one.
bool is_number(const std::string& term) {
  if (term.find_first_not_of("0123456789", term[0] == '+' ? 1 : 0) != std::string::npos) return false;
  return term.size() > 1;
}

TermConditions term_conditions(const PeopleQuery& q, const std::vector<std::string>& columns) {
  TermConditions out;
  std::string column_filter = "{";
  for (const auto& c : columns) column_filter += (column_filter.size() > 1 ? " " : "") + c;
  column_filter += "} : ";
  auto like_any_column = [&](const std::string& pattern) {
    std::string any;
    std::vector<std::string> values;
    for (const auto& column : columns) {
      any += (any.empty() ? "" : " OR ") + ("people." + column) + " LIKE ? ESCAPE '\\'";
      values.push_back(pattern);
    }
    out.like.add("(" + any + ")", values);
  };
  auto add_match = [&](const std::vector<std::string>& alternatives) {
    std::string either = alternatives.size() == 1
                             ? fts_phrase(alternatives[0])
                             : "(" + fts_phrase(alternatives[0]) + " OR " + fts_phrase(alternatives[1]) + ")";
    out.match += (out.match.empty() ? "" : " AND ") + column_filter + either;
  };
  constexpr size_t kNumberTail = 6;
  for (const auto& term : q.terms) {
    auto length = code_points(term);
    if (length == 1) {
      like_any_column(like_pattern(" " + term));  // "% x%": after a space, as the index would
    } else if (length == 2) {
      add_match({" " + term});
    } else if (is_number(term) && term.size() > kNumberTail) {
      // The trigrams a number starts with (country and operator codes) are in nearly everyone's
      // number, and the index would walk all of them: it is asked for the number's last digits,
      // which few share, and LIKE checks the whole number in those few rows.
      add_match({term.substr(term.size() - kNumberTail)});
      like_any_column(like_pattern(term));
    } else {
      add_match(spellings(term));
    }
  }
  return out;
}

}  // namespace

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
    rows.add("(people.id = ? OR people.id IN (SELECT m2.person_id FROM members m1 JOIN members m2 "
             "ON m2.conversation_id = m1.conversation_id WHERE m1.person_id = ?))",
             {q.contacts_of, q.contacts_of});
  if (!q.after_id.empty())
    // A row value, not an OR: with bound values only this form lets SQLite start the index scan at the cursor.
    rows.add("(sort_key, people.id) > (?, ?)", {q.after_sort_key, q.after_id});

  auto terms = term_conditions(q, columns);
  std::vector<Person> out;
  TRY(db_.read([&](Connection& c) -> Status {
    std::string sql;
    std::optional<std::int64_t> after_rank;
    if (terms.match.empty()) {
      // No term for the index: the people in name order, stopping at a page.
      sql = std::string("SELECT ") + kColumns + " FROM people WHERE 1=1" + terms.like.sql + rows.sql +
            " ORDER BY sort_key, id";
    } else {
      // The index's rowid is the rank, which follows name order (people_rank.hpp): its matches come
      // in the order shown, and the LIMIT stops it at a page. A later page starts after the
      // cursor's rank.
      if (!q.after_id.empty()) {
        static const char* kCursor =
            "SELECT rank FROM people WHERE (sort_key, id) <= (?1, ?2) AND rank IS NOT NULL "
            "ORDER BY sort_key DESC, id DESC LIMIT 1";
        ASSIGN_OR_RETURN(auto cursor, c.prepare(kCursor));
        cursor.bind(1, q.after_sort_key).bind(2, q.after_id);
        ASSIGN_OR_RETURN(bool row, cursor.step());
        if (row) after_rank = cursor.integer(0);
      }
      sql = std::string("SELECT ") + kColumns +
            " FROM people_fts CROSS JOIN people ON people.rank = people_fts.rowid WHERE people_fts MATCH ?" +
            (after_rank ? " AND people_fts.rowid > ?" : "") + terms.like.sql + rows.sql +
            " ORDER BY people_fts.rowid";
    }
    sql += " LIMIT " + std::to_string(q.limit);
    ASSIGN_OR_RETURN(auto s, c.prepare_once(sql));
    int index = 1;
    if (!terms.match.empty()) s.bind(index++, terms.match);
    if (after_rank) s.bind(index++, *after_rank);
    for (const auto& value : terms.like.binds) s.bind(index++, value);
    for (const auto& value : rows.binds) s.bind(index++, value);
    return s.each_row([&](const Statement& row) { out.push_back(read_person(row)); });
  }));
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
