#include "app/people_service.hpp"

#include <map>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include "app/audit.hpp"
#include "app/thumbnail.hpp"
#include "crypto/crypto.hpp"
#include "domain/text/arabic.hpp"
#include "domain/text/csv.hpp"

namespace muster::app {

using domain::Person;
using domain::PersonPatch;

namespace {

// Cursors are opaque to clients: the keyset position, hex-encoded.
std::string encode_cursor(const Person& last) {
  std::string raw = domain::sort_key(last) + '\n' + last.id;
  std::string hex(raw.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  hex.pop_back();
  return hex;
}

Result<std::pair<std::string, std::string>> decode_cursor(const std::string& cursor) {
  std::string raw(cursor.size() / 2, '\0');
  size_t len = 0;
  if (cursor.size() > 2048 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), cursor.c_str(), cursor.size(), nullptr,
                     &len, nullptr) != 0 ||
      len != raw.size())
    return invalid("The cursor is not valid.", "cursor");
  auto nl = raw.rfind('\n');
  if (nl == std::string::npos || !domain::is_valid_utf8(raw)) return invalid("The cursor is not valid.", "cursor");
  return std::make_pair(raw.substr(0, nl), raw.substr(nl + 1));
}

}  // namespace

PeopleService::PeopleService(store::Stores& stores, AuthService& auth, MembershipSync& memberships)
    : stores_(stores), auth_(auth), memberships_(memberships) {}

Result<store::Organization> PeopleService::organization() {
  ASSIGN_OR_RETURN(auto org, stores_.organization().get());
  if (!org) return Error{ErrorCode::SetupRequired, "Muster is not set up yet."};
  return *org;
}

Status PeopleService::check_admin(const Actor& actor) {
  if (!actor.is_admin()) return denied("Only administrators can manage people.");
  return ok_status();
}

Result<PersonView> PeopleService::view(const Actor& viewer, const Person& person, const store::Organization& org,
                                       ManagerNames* managers) {
  PersonView v{person, std::nullopt, {}};
  bool self = viewer.person.id == person.id;
  auto hide = [&](const std::string& field, auto clear) {
    if (!org.visibility.can_see(viewer.person.role, self, field)) {
      v.hidden.insert(field);
      clear();
    }
  };
  for (const auto& field : domain::restrictable_fields()) {
    if (field == "manager") hide(field, [&] { v.person.manager_id.reset(); });
    else if (field == "tags") hide(field, [&] { v.person.tags.clear(); });
    else
      for (const auto& tf : domain::text_fields())
        if (field == tf.name) hide(field, [&] { (v.person.*tf.member).clear(); });
  }
  for (auto it = v.person.custom.begin(); it != v.person.custom.end();) {
    bool visible = org.visibility.can_see(viewer.person.role, self, "custom." + it->first);
    it = visible ? std::next(it) : v.person.custom.erase(it);
  }
  if (!self && !viewer.is_admin()) {
    v.hidden.insert("language");
    v.person.language.reset();
  }
  if (v.person.manager_id) {
    ManagerNames single;
    auto [it, fresh] = (managers ? *managers : single).try_emplace(*v.person.manager_id);
    if (fresh) {
      auto manager = stores_.people().get(*v.person.manager_id);
      if (manager.ok()) it->second = manager->name;
    }
    v.manager_name = it->second;
  }
  return v;
}

Result<PeoplePage> PeopleService::list(const Actor& actor, const PeopleFilter& f) {
  ASSIGN_OR_RETURN(auto org, organization());
  store::PeopleQuery q;
  q.terms = domain::search_terms(f.q);
  for (const auto& field : domain::hideable_search_fields())
    if (org.visibility.can_see(actor.person.role, false, field)) q.fields.push_back(field);
  auto hidden = [&](const char* field) { return !org.visibility.can_see(actor.person.role, false, field); };
  if ((!f.department.empty() && hidden("department")) || (!f.location.empty() && hidden("location")) ||
      (!f.tag.empty() && hidden("tags")))
    return denied("You cannot filter by a field that is hidden from you.");
  q.department = f.department;
  q.location = f.location;
  if (domain::is_external(actor.person)) q.contacts_of = actor.person.id;
  q.tag = f.tag;
  if (f.status == "active") q.active = true;
  else if (f.status == "deactivated") q.active = false;
  else if (f.status != "all") return invalid("Status must be active, deactivated or all.", "status");
  if (f.limit < 1 || f.limit > 200) return invalid("Limit must be between 1 and 200.", "limit");
  q.limit = f.limit + 1;  // one more tells whether there is a next page
  if (!f.cursor.empty()) {
    ASSIGN_OR_RETURN(auto position, decode_cursor(f.cursor));
    q.after_sort_key = position.first;
    q.after_id = position.second;
  }
  ASSIGN_OR_RETURN(auto people, stores_.people().search(q));
  PeoplePage page;
  if (static_cast<int>(people.size()) > f.limit) {
    people.resize(f.limit);
    page.next_cursor = encode_cursor(people.back());
  }
  ManagerNames managers;
  for (const auto& p : people) {
    ASSIGN_OR_RETURN(auto v, view(actor, p, org, &managers));
    page.items.push_back(std::move(v));
  }
  return page;
}

Result<PersonView> PeopleService::get(const Actor& actor, const std::string& id) {
  ASSIGN_OR_RETURN(auto org, organization());
  ASSIGN_OR_RETURN(auto person, stores_.people().get(id));
  TRY(check_can_see(actor, id));
  ASSIGN_OR_RETURN(auto v, view(actor, person, org));
  if (actor.is_admin()) {
    ASSIGN_OR_RETURN(auto end, stores_.retention().end_date(id));
    if (end) v.end_at = end->end_at;
  }
  return v;
}

Status PeopleService::check_can_see(const Actor& actor, const std::string& id) {
  if (!domain::is_external(actor.person) || id == actor.person.id) return ok_status();
  ASSIGN_OR_RETURN(bool known, stores_.conversations().share_a_conversation(actor.person.id, id));
  if (!known) return not_found("No such person.");
  return ok_status();
}

Result<PersonView> PeopleService::set_photo(const Actor& actor, const std::string& id, std::string_view bytes,
                                            std::optional<domain::Square> crop) {
  if (id != actor.person.id) TRY(check_admin(actor));
  if (bytes.size() > kMaxPhotoUpload)
    return Error{ErrorCode::PayloadTooLarge, "The photo is larger than 10 MiB.", "photo"};
  ASSIGN_OR_RETURN(auto made, make_profile_photo(bytes, crop));  // before the transaction: decoding takes a while
  return write_photo(actor, id, store::PersonPhoto{crypto::random_id("ph"), std::move(made.large), std::move(made.small)});
}

Result<PersonView> PeopleService::remove_photo(const Actor& actor, const std::string& id) {
  if (id != actor.person.id) TRY(check_admin(actor));
  return write_photo(actor, id, std::nullopt);
}

Result<PersonView> PeopleService::write_photo(const Actor& actor, const std::string& id,
                                              const std::optional<store::PersonPhoto>& photo) {
  Person person;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(person, stores_.people().get(id));
    if (!photo && person.photo_version.empty()) return ok_status();  // nothing to remove
    person.photo_version = photo ? photo->version : std::string();
    person.updated_at = now_seconds();
    TRY(stores_.people().set_photo(id, photo, person.updated_at));
    Json details = {{"removed", !photo}};
    if (id == actor.person.id) details["by"] = "self";
    return record_audit(stores_.audit(), &actor, "person.photo", "person", id, details);
  }));
  ASSIGN_OR_RETURN(auto org, organization());
  return view(actor, person, org);
}

Result<std::string> PeopleService::photo(const Actor& actor, const std::string& id, const std::string& version,
                                         store::PhotoSize size) {
  TRY(check_can_see(actor, id));
  ASSIGN_OR_RETURN(auto bytes, stores_.people().photo(id, version, size));
  if (!bytes) return not_found("No such photo.");
  return std::move(*bytes);
}

Result<std::map<std::string, std::string>> PeopleService::photo_versions(const Actor& actor) {
  ASSIGN_OR_RETURN(auto all, stores_.people().photo_versions());
  std::map<std::string, std::string> out;
  for (auto& [id, version] : all) {
    if (domain::is_external(actor.person) && !check_can_see(actor, id).ok()) continue;
    out.emplace(std::move(id), std::move(version));
  }
  return out;
}

Result<Facets> PeopleService::facets(const Actor& actor) {
  ASSIGN_OR_RETURN(auto org, organization());
  Facets out;
  if (domain::is_external(actor.person)) return out;  // the company's shape is not theirs to see
  if (org.visibility.can_see(actor.person.role, false, "department")) {
    ASSIGN_OR_RETURN(out.departments, stores_.people().departments());
  }
  if (org.visibility.can_see(actor.person.role, false, "location")) {
    ASSIGN_OR_RETURN(out.locations, stores_.people().locations());
  }
  return out;
}

Status PeopleService::check_role_change(const Actor& actor, const Person& before, const Person& after) {
  using domain::Role;
  if (before.role == after.role) return ok_status();
  if (before.role == Role::Owner || after.role == Role::Owner)
    return denied("The owner role cannot be given or taken here.");
  if ((before.role == Role::Admin || after.role == Role::Admin) && actor.person.role != Role::Owner)
    return denied("Only the owner can make or unmake administrators.");
  return ok_status();
}

Status PeopleService::check_manager(const Person& person) {
  if (!person.manager_id) return ok_status();
  auto manager = stores_.people().get(*person.manager_id);
  if (!manager.ok()) return invalid("The manager does not exist.", "manager_id");
  // Walk up the chain to refuse cycles (A manages B manages A).
  std::string cursor = manager->id;
  for (int depth = 0; depth < 64; ++depth) {
    if (cursor == person.id) return invalid("This manager would create a reporting loop.", "manager_id");
    auto up = stores_.people().get(cursor);
    if (!up.ok() || !up->manager_id) return ok_status();
    cursor = *up->manager_id;
  }
  return ok_status();
}

Result<CreatedPerson> PeopleService::create(const Actor& actor, const PersonPatch& patch) {
  TRY(check_admin(actor));
  ASSIGN_OR_RETURN(auto org, organization());
  Person person;
  person.id = crypto::random_id("p");
  person.created_at = person.updated_at = now_seconds();
  domain::apply_patch(patch, person);
  person.active = true;
  if (person.role == domain::Role::Owner) return denied("There is only one owner.");
  if (person.role == domain::Role::Admin && actor.person.role != domain::Role::Owner)
    return denied("Only the owner can make administrators.");
  TRY(domain::validate_person(person));
  TRY(check_manager(person));
  InvitationLink link;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    TRY(stores_.people().insert(person));
    if (patch.end_at && *patch.end_at) TRY(write_end_date(actor, person.id, *patch.end_at));
    TRY(memberships_.directory_changed({{std::nullopt, person}}, actor.person.id));
    ASSIGN_OR_RETURN(link, auth_.issue_invitation(person.id));
    return record_audit(stores_.audit(), &actor, "person.create", "person", person.id, {{"name", person.name}});
  }));
  ASSIGN_OR_RETURN(auto v, view(actor, person, org));
  return CreatedPerson{std::move(v), link};
}

// The person is read, checked and written in one transaction: a deactivation or another edit at the
// same moment is never undone by a copy read before it.
Result<PersonView> PeopleService::update(const Actor& actor, const std::string& id, const PersonPatch& patch) {
  TRY(check_admin(actor));
  ASSIGN_OR_RETURN(auto org, organization());
  Person after;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto before, stores_.people().get(id));
    if (before.role == domain::Role::Owner && actor.person.role != domain::Role::Owner)
      return denied("Only the owner can edit the owner.");
    after = before;
    domain::apply_patch(patch, after);
    after.active = before.active;  // status changes go through deactivate/reactivate
    TRY(domain::validate_person(after));
    TRY(check_role_change(actor, before, after));
    TRY(check_manager(after));
    if (patch.end_at) {
      if (before.role == domain::Role::Owner && *patch.end_at) return invalid("The owner cannot be given an end date.", "end_at");
      TRY(write_end_date(actor, id, *patch.end_at));
    }
    auto changes = domain::changed_fields(before, after);
    if (changes.empty()) return ok_status();
    after.updated_at = now_seconds();
    TRY(stores_.people().update(after));
    TRY(memberships_.directory_changed({{before, after}}, actor.person.id));
    return record_audit(stores_.audit(), &actor, "person.update", "person", id, {{"changes", changes}});
  }));
  ASSIGN_OR_RETURN(auto v, view(actor, after, org));
  ASSIGN_OR_RETURN(auto end, stores_.retention().end_date(id));
  if (end) v.end_at = end->end_at;
  return v;
}

Result<domain::Person> PeopleService::update_own_name(const Actor& actor, const std::string& name,
                                                      const std::string& name_latin) {
  Person after;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto before, stores_.people().get(actor.person.id));
    after = before;
    after.name = name;
    after.name_latin = name_latin;
    TRY(domain::validate_person(after));
    auto changes = domain::changed_fields(before, after);
    if (changes.empty()) return ok_status();
    after.updated_at = now_seconds();
    TRY(stores_.people().update(after));
    TRY(memberships_.directory_changed({{before, after}}, actor.person.id));
    return record_audit(stores_.audit(), &actor, "person.update", "person", after.id, {{"changes", changes}, {"by", "self"}});
  }));
  return after;
}

Result<PersonView> PeopleService::set_active(const Actor& actor, const std::string& id, bool active) {
  TRY(check_admin(actor));
  ASSIGN_OR_RETURN(auto org, organization());
  ASSIGN_OR_RETURN(auto person, write_active(actor, id, active, std::nullopt));
  return view(actor, *person, org);
}

Result<std::optional<Person>> PeopleService::write_active(const Actor& actor, const std::string& id, bool active,
                                                          std::optional<UnixSeconds> end_date_due) {
  Person person;
  bool skipped = false;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(person, stores_.people().get(id));
    Json details = Json::object();
    if (end_date_due) {
      ASSIGN_OR_RETURN(auto end, stores_.retention().end_date(id));
      if (!end || end->end_at > *end_date_due) return skipped = true, ok_status();  // moved or cleared meanwhile
      TRY(stores_.retention().set_end_date(id, std::nullopt));
      details = {{"reason", "end date"}, {"end_at", to_rfc3339(end->end_at)}};
      if (person.role == domain::Role::Owner)
        return record_audit(stores_.audit(), &actor, "person.end_date_refused", "person", id, details);
    } else {
      if (!active && person.role == domain::Role::Owner) return invalid("The owner cannot be deactivated.");
      if (!active && person.id == actor.person.id) return invalid("You cannot deactivate yourself.");
      if (!active && person.role == domain::Role::Admin && actor.person.role != domain::Role::Owner)
        return denied("Only the owner can deactivate an administrator.");
    }
    if (person.active == active) return ok_status();
    auto before = person;
    person.active = active;
    person.updated_at = now_seconds();
    TRY(stores_.people().set_active(id, active, person.updated_at));
    // Deactivation ends every membership; reactivation gives back what smart groups' rules give.
    TRY(memberships_.directory_changed({{before, person}}, actor.person.id));
    return record_audit(stores_.audit(), &actor, active ? "person.reactivate" : "person.deactivate", "person", id,
                        details);
  }));
  if (skipped) return std::optional<Person>{};
  // After the commit: sign-in is already refused; now cut every session and live socket.
  if (!active && !person.active) TRY(auth_.end_all_sessions(id));
  return std::optional<Person>{person};
}

Result<int> PeopleService::apply_end_dates(UnixSeconds now) {
  // The scheduler acts as "system": no person, so the membership history shows the server as actor.
  Actor system;
  system.person.name = "system";
  system.person.role = domain::Role::Owner;
  ASSIGN_OR_RETURN(auto due, stores_.retention().due_end_dates(now, 100));
  int ended = 0;
  for (const auto& end : due) {
    auto done = write_active(system, end.person_id, false, now);
    if (!done.ok()) {
      spdlog::warn("end date not applied person={}: {}", end.person_id, done.error().message);
      continue;
    }
    if (done.value() && !done.value()->active) ++ended;
  }
  return ended;
}

Status PeopleService::write_end_date(const Actor& actor, const std::string& id, std::optional<UnixSeconds> end_at) {
  ASSIGN_OR_RETURN(auto before, stores_.retention().end_date(id));
  if ((!before && !end_at) || (before && end_at && before->end_at == *end_at)) return ok_status();
  std::optional<store::EndDate> row;
  if (end_at) row = store::EndDate{id, *end_at, actor.person.id, now_seconds()};
  TRY(stores_.retention().set_end_date(id, row));
  return record_audit(stores_.audit(), &actor, "person.end_date", "person", id,
                      {{"end_at", end_at ? Json(to_rfc3339(*end_at)) : Json(nullptr)}});
}

Result<PersonView> PeopleService::deactivate(const Actor& actor, const std::string& id) {
  return set_active(actor, id, false);
}

Result<PersonView> PeopleService::reactivate(const Actor& actor, const std::string& id) {
  return set_active(actor, id, true);
}

Result<InvitationLink> PeopleService::new_invitation(const Actor& actor, const std::string& id) {
  TRY(check_admin(actor));
  ASSIGN_OR_RETURN(auto person, stores_.people().get(id));
  if (!person.active) return invalid("Reactivate this person before inviting them.");
  InvitationLink link;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(link, auth_.issue_invitation(id));
    // For someone who has a password, the link sets a new one: a reset, audited as such.
    ASSIGN_OR_RETURN(auto hash, stores_.people().password_hash(id));
    if (!hash.empty()) return record_audit(stores_.audit(), &actor, "password.reset_link", "person", id);
    return record_audit(stores_.audit(), &actor, "person.invite", "person", id);
  }));
  return link;
}

Result<std::string> PeopleService::export_csv(const Actor& actor) {
  TRY(check_admin(actor));
  ASSIGN_OR_RETURN(auto org, organization());
  ASSIGN_OR_RETURN(auto everyone, stores_.people().all());
  const auto& people = *everyone;
  std::map<std::string, const Person*> by_id;
  for (const auto& p : people) by_id[p.id] = &p;
  const auto& defs = org.visibility.custom_fields;
  std::string out = "\xEF\xBB\xBF" + domain::to_csv_line(domain::export_header(defs));  // BOM: spreadsheets read UTF-8
  for (const auto& p : people) {
    const Person* manager = p.manager_id && by_id.count(*p.manager_id) ? by_id[*p.manager_id] : nullptr;
    out += domain::to_csv_line(domain::export_row(p, manager, defs));
  }
  TRY(record_audit(stores_.audit(), &actor, "people.export", "people", "", {{"count", people.size()}}));
  return out;
}

}  // namespace muster::app
