// Spreadsheet import: plan every row against the directory, then apply all of it or nothing.
#include <map>

#include "app/audit.hpp"
#include "app/people_service.hpp"
#include "crypto/crypto.hpp"

namespace muster::app {

using domain::Person;

namespace {

struct PlannedRow {
  const domain::ImportRow* row;
  std::optional<Person> before;  // nullopt: a new person
  Person after;
};

// Finds the person a row means: by employee id first, then by work email.
struct DirectoryIndex {
  std::map<std::string, size_t> by_employee_key, by_email, by_phone;

  void add(const Person& p, size_t index) {
    if (!p.employee_id.empty()) by_employee_key[domain::employee_id_key(p.employee_id)] = index;
    if (!p.email.empty()) by_email[domain::email_key(p.email)] = index;
    if (!domain::phone_key(p.phone).empty()) by_phone[domain::phone_key(p.phone)] = index;
  }
  std::optional<size_t> employee(const std::string& id) const {
    auto it = by_employee_key.find(domain::employee_id_key(id));
    return it == by_employee_key.end() ? std::nullopt : std::optional(it->second);
  }
  std::optional<size_t> email(const std::string& email) const {
    auto it = by_email.find(domain::email_key(email));
    return it == by_email.end() ? std::nullopt : std::optional(it->second);
  }
};

std::string text_of(const domain::ImportRow& row, const char* field) {
  auto it = row.patch.text.find(field);
  return it == row.patch.text.end() ? "" : it->second;
}

}  // namespace

Result<ImportReport> PeopleService::import_csv(const Actor& actor, std::string_view csv, bool apply) {
  TRY(check_admin(actor));
  ASSIGN_OR_RETURN(auto org, organization());
  ImportReport report;
  report.apply = apply;
  auto parsed = domain::parse_directory_csv(csv);
  report.errors = parsed.errors;
  auto error = [&](int line, std::string field, std::string message, std::string reason, Error::Params params = {}) {
    report.errors.push_back({line, std::move(field), std::move(message), std::move(reason), std::move(params)});
  };

  ASSIGN_OR_RETURN(auto everyone, stores_.people().all());
  const auto& people = *everyone;
  DirectoryIndex existing;
  for (size_t i = 0; i < people.size(); ++i) existing.add(people[i], i);

  // Pass 1: match each row and build the person it describes.
  std::vector<PlannedRow> plan;
  std::map<std::string, int> claimed;       // person id -> first line that names them
  std::map<std::string, int> lines_by_key;  // "employee_id:E1" / "email:a@b" -> first line
  for (const auto& row : parsed.rows) {
    std::string employee_id = text_of(row, "employee_id"), email = text_of(row, "email");
    auto by_employee = employee_id.empty() ? std::nullopt : existing.employee(employee_id);
    auto by_email = email.empty() ? std::nullopt : existing.email(email);
    if (by_employee && by_email && *by_employee != *by_email) {
      error(row.line, "email", "The employee id and the email belong to two different people.", "import_id_email_mismatch");
      continue;
    }
    if (employee_id.empty() && email.empty()) {
      error(row.line, "employee_id", "Each row needs an employee id or an email.", "import_needs_key");
      continue;
    }
    // The same employee id or email twice in one file is a mistake in the file, not two people.
    std::optional<int> earlier;
    for (auto key : {employee_id.empty() ? "" : "employee_id:" + domain::employee_id_key(employee_id),
                     email.empty() ? "" : "email:" + domain::email_key(email)}) {
      if (key.empty()) continue;
      auto [it, fresh] = lines_by_key.emplace(key, row.line);
      if (!fresh && !earlier) earlier = it->second;
    }
    if (earlier) {
      error(row.line, employee_id.empty() ? "email" : "employee_id",
            "This person already appears on line " + std::to_string(*earlier) + ".", "import_duplicate",
            {{"line", std::to_string(*earlier)}});
      continue;
    }
    auto match = by_employee ? by_employee : by_email;
    PlannedRow planned{&row, std::nullopt, {}};
    if (match) {
      planned.before = people[*match];
      planned.after = people[*match];
    } else {
      planned.after.id = crypto::random_id("p");
      planned.after.created_at = now_seconds();
    }
    auto [it, first] = claimed.emplace(planned.after.id, row.line);
    if (!first) {
      error(row.line, employee_id.empty() ? "email" : "employee_id",
            "This person already appears on line " + std::to_string(it->second) + ".", "import_duplicate",
            {{"line", std::to_string(it->second)}});
      continue;
    }
    domain::apply_patch(row.patch, planned.after);
    auto validated = domain::validate_person(planned.after);
    if (!validated.ok()) {
      error(row.line, validated.error().field, validated.error().message, validated.error().reason, validated.error().params);
      continue;
    }
    auto before_role = planned.before ? planned.before->role : domain::Role::Member;
    if (planned.after.role != before_role && (domain::is_admin(planned.after.role) || domain::is_admin(before_role))) {
      error(row.line, "role", "Owner and admin roles are given in the app, not by import.", "import_role_not_allowed");
      continue;
    }
    if (planned.before && planned.before->role == domain::Role::Owner && !planned.after.active) {
      error(row.line, "status", "The owner cannot be deactivated.", "import_owner_deactivate");
      continue;
    }
    plan.push_back(std::move(planned));
  }

  // The directory as it would be after the import, for uniqueness and manager look-ups.
  std::vector<Person> final_people = people;
  std::map<std::string, size_t> final_index;
  for (size_t i = 0; i < final_people.size(); ++i) final_index[final_people[i].id] = i;
  std::map<std::string, int> line_of;
  for (const auto& p : plan) {
    line_of[p.after.id] = p.row->line;
    if (final_index.count(p.after.id)) final_people[final_index[p.after.id]] = p.after;
    else final_index[p.after.id] = final_people.size(), final_people.push_back(p.after);
  }
  DirectoryIndex after_index;
  std::map<std::string, std::string> owner_of_key;  // "kind:key" -> person id, to find collisions
  for (size_t i = 0; i < final_people.size(); ++i) {
    const auto& p = final_people[i];
    after_index.add(p, i);
    std::pair<const char*, std::string> keys[] = {{"employee_id", p.employee_id.empty() ? "" : domain::employee_id_key(p.employee_id)},
                                                  {"email", p.email},
                                                  {"phone", domain::phone_key(p.phone)}};
    for (auto& [field, key] : keys) {
      if (key.empty()) continue;
      auto [it, fresh] = owner_of_key.emplace(std::string(field) + ":" + key, p.id);
      if (fresh) continue;
      auto line = line_of.count(p.id) ? line_of[p.id] : line_of[it->second];
      error(line, field,
            std::string("Another person already has this ") +
                (field == std::string("email") ? "email" : field == std::string("phone") ? "phone number" : "employee id") + ".",
            "import_taken");
    }
  }

  // Pass 2: managers, now that new people have ids.
  for (auto& p : plan) {
    if (!p.row->has_manager_column) continue;
    std::optional<size_t> manager;
    if (!p.row->manager_employee_id.empty()) manager = after_index.employee(p.row->manager_employee_id);
    else if (!p.row->manager_email.empty()) manager = after_index.email(p.row->manager_email);
    else {
      p.after.manager_id.reset();
      continue;
    }
    if (!manager) {
      error(p.row->line, "manager_employee_id", "The manager is not in the directory or in this file.", "import_manager_missing");
      continue;
    }
    if (final_people[*manager].id == p.after.id) {
      error(p.row->line, "manager_employee_id", "A person cannot be their own manager.", "own_manager");
      continue;
    }
    p.after.manager_id = final_people[*manager].id;
  }

  // End dates are stored apart from the person (PeopleService::write_end_date): a row whose only
  // change is its end date is reported as updated and written below, without rewriting the person.
  std::vector<std::pair<std::string, std::optional<UnixSeconds>>> end_dates;
  std::set<const PlannedRow*> end_date_changed;
  for (const auto& p : plan) {
    if (!p.row->patch.end_at) continue;
    std::optional<UnixSeconds> stored;
    if (p.before) {
      ASSIGN_OR_RETURN(auto end, stores_.retention().end_date(p.before->id));
      if (end) stored = end->end_at;
    }
    if (stored == *p.row->patch.end_at) continue;
    if (p.before && p.before->role == domain::Role::Owner) {
      error(p.row->line, "end_date", "The owner cannot be given an end date.", "import_owner_end_date");
      continue;
    }
    end_dates.emplace_back(p.after.id, *p.row->patch.end_at);
    end_date_changed.insert(&p);
  }

  std::vector<const PlannedRow*> changed;
  for (const auto& p : plan) {
    if (!p.before) {
      report.created.push_back({p.row->line, p.after.name, p.after.employee_id, p.after.email});
      changed.push_back(&p);
      continue;
    }
    auto changes = domain::changed_fields(*p.before, p.after);
    if (end_date_changed.count(&p)) {
      if (changes.empty()) {
        report.updated.push_back({p.row->line, p.after.id, p.after.name, {"end_date"}});
        continue;
      }
      changes.push_back("end_date");
    }
    if (changes.empty()) {
      ++report.unchanged;
      continue;
    }
    changed.push_back(&p);
    bool deactivating = p.before->active && !p.after.active;
    if (deactivating) report.deactivated.push_back({p.row->line, p.after.id, p.after.name});
    std::erase(changes, deactivating ? "status" : "");
    if (!changes.empty()) report.updated.push_back({p.row->line, p.after.id, p.after.name, changes});
  }
  std::sort(report.errors.begin(), report.errors.end(),
            [](const auto& a, const auto& b) { return a.line < b.line; });
  if (!apply || !report.errors.empty()) return report;

  auto now = now_seconds();
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    // New people first without managers, so every manager reference points at an existing row.
    for (const auto* p : changed) {
      if (p->before) continue;
      Person fresh = p->after;
      fresh.manager_id.reset();
      fresh.updated_at = now;
      TRY(stores_.people().insert(fresh));
    }
    for (const auto* p : changed) {
      // The plan was made from the directory as it was read: a change since then (an admin's
      // edit, a deactivation) would be undone by writing the plan, so the import stops instead.
      if (p->before) {
        ASSIGN_OR_RETURN(auto now_stored, stores_.people().get(p->before->id));
        if (!domain::changed_fields(*p->before, now_stored).empty())
          return Error{ErrorCode::Conflict, "The directory changed while the file was checked: import it again."};
      }
      Person updated = p->after;
      updated.updated_at = now;
      TRY(stores_.people().update(updated));
    }
    // Memberships follow in the same transaction: leavers leave every group, smart groups move.
    std::vector<DirectoryChange> moved;
    for (const auto* p : changed) moved.push_back({p->before, p->after});
    TRY(memberships_.directory_changed(moved, actor.person.id));
    for (const auto& [id, end_at] : end_dates) TRY(write_end_date(actor, id, end_at));
    return record_audit(stores_.audit(), &actor, "people.import", "people", "",
                        {{"created", report.created.size()},
                         {"updated", report.updated.size()},
                         {"deactivated", report.deactivated.size()}});
  }));
  report.applied = true;
  for (const auto& d : report.deactivated) TRY(auth_.end_all_sessions(d.id));
  return report;
}

}  // namespace muster::app
