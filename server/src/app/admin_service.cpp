#include "app/admin_service.hpp"

#include <charconv>

#include <spdlog/spdlog.h>

#include "app/audit.hpp"
#include "domain/phone_number.hpp"
#include "domain/text/arabic.hpp"
#include "store/chat_store.hpp"

namespace muster::app {

Status AdminService::check_admin(const Actor& actor) {
  if (!actor.is_admin()) return denied("Only administrators can do this.");
  return ok_status();
}

Result<store::Organization> AdminService::organization() {
  ASSIGN_OR_RETURN(auto org, stores_.organization().get());
  if (!org) return Error{ErrorCode::SetupRequired, "Muster is not set up yet."};
  return *org;
}

Result<store::Organization> AdminService::change_organization(
    const Actor& actor, const std::string& action, const std::function<Status(store::Organization&)>& change) {
  TRY(check_admin(actor));
  store::Organization result;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(result, organization());
    TRY(change(result));
    TRY(stores_.organization().put(result));
    return record_audit(stores_.audit(), &actor, action, "organization", "");
  }));
  return result;
}

namespace {
// Bumped when the way search keys are made changes (domain::search_fields, domain::phone_key,
// domain::sort_key) or the index needs everyone again (3: ranks in name order, migration 021).
constexpr std::string_view kSearchKeysVersion = "3";
std::string keys_version(const std::string& region) { return std::string(kSearchKeysVersion) + "/" + region; }
}  // namespace

Result<store::Organization> AdminService::update_organization(const Actor& actor, const OrganizationChange& c) {
  if (c.name && (c.name->empty() || domain::utf8_length(*c.name) > 200))
    return invalid("Organization name must have 1 to 200 characters.", "name").because("field_too_long", {{"max", "200"}});
  if (c.default_language && !domain::is_valid_language(*c.default_language))
    return invalid("Language must be 'ar' or 'en'.", "default_language").because("field_invalid");
  if (c.phone_region && !c.phone_region->empty() && !domain::is_phone_region(*c.phone_region))
    return invalid("Country must be a two-letter country code, such as SA or AE.", "phone_region").because("field_invalid");
  auto before = domain::phone_region();
  auto changed = change_organization(actor, "organization.update", [&](store::Organization& org) -> Status {
    if (c.name) org.name = *c.name;
    if (c.default_language) org.default_language = *c.default_language;
    if (c.phone_region && *c.phone_region != org.phone_region) {
      // Every number is read again with the new country, in this transaction.
      org.phone_region = *c.phone_region;
      domain::set_phone_region(org.phone_region);
      ASSIGN_OR_RETURN(int collisions, stores_.people().refresh_search_keys());
      if (collisions) spdlog::warn("phone numbers: {} now equal another person's; they keep their digits as keys", collisions);
      org.search_keys_version = keys_version(org.phone_region);
    }
    return ok_status();
  });
  if (!changed.ok()) domain::set_phone_region(before);
  return changed;
}

Status AdminService::index_people() {
  // Read and written in one transaction: an admin's change of country meanwhile is not undone.
  return stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto org, stores_.organization().get());
    if (!org) return ok_status();  // not set up: nobody to index
    domain::set_phone_region(org->phone_region);
    if (org->search_keys_version == keys_version(org->phone_region)) return ok_status();
    ASSIGN_OR_RETURN(int collisions, stores_.people().refresh_search_keys());
    if (collisions) spdlog::warn("phone numbers: {} equal another person's; they keep their digits as keys", collisions);
    org->search_keys_version = keys_version(org->phone_region);
    return stores_.organization().put(*org);
  });
}

Result<std::map<std::string, domain::Visibility>> AdminService::field_visibility(const Actor& actor) {
  TRY(check_admin(actor));
  ASSIGN_OR_RETURN(auto org, organization());
  std::map<std::string, domain::Visibility> out;
  for (const auto& field : domain::restrictable_fields()) {
    auto it = org.visibility.fields.find(field);
    out[field] = it == org.visibility.fields.end() ? domain::Visibility::Everyone : it->second;
  }
  return out;
}

Result<std::map<std::string, domain::Visibility>> AdminService::set_field_visibility(
    const Actor& actor, const std::map<std::string, domain::Visibility>& fields) {
  for (const auto& [field, _] : fields) {
    const auto& known = domain::restrictable_fields();
    if (std::find(known.begin(), known.end(), field) == known.end())
      return invalid("Field '" + field + "' has no visibility setting.", field);
  }
  TRY(change_organization(actor, "settings.field_visibility", [&](store::Organization& org) {
    for (const auto& [field, level] : fields) org.visibility.fields[field] = level;
    return ok_status();
  }));
  return field_visibility(actor);
}

Result<std::vector<domain::CustomFieldDef>> AdminService::custom_fields(const Actor& actor) {
  TRY(check_admin(actor));
  ASSIGN_OR_RETURN(auto org, organization());
  return org.visibility.custom_fields;
}

Result<std::vector<domain::CustomFieldDef>> AdminService::set_custom_fields(const Actor& actor,
                                                                            std::vector<domain::CustomFieldDef> defs) {
  TRY(domain::validate_custom_fields(defs));
  ASSIGN_OR_RETURN(auto org, change_organization(actor, "settings.custom_fields", [&](store::Organization& o) {
    o.visibility.custom_fields = defs;
    return ok_status();
  }));
  return org.visibility.custom_fields;
}

Result<AuditPage> AdminService::audit(const Actor& actor, const AuditFilter& f) {
  TRY(check_admin(actor));
  if (f.limit < 1 || f.limit > 200) return invalid("Limit must be between 1 and 200.", "limit");
  store::AuditQuery q{f.actor_id, f.action, f.since, f.until, f.limit + 1, std::nullopt};
  if (!f.cursor.empty()) {
    std::int64_t before = 0;
    auto [ptr, ec] = std::from_chars(f.cursor.data(), f.cursor.data() + f.cursor.size(), before);
    if (ec != std::errc() || ptr != f.cursor.data() + f.cursor.size() || before <= 0)
      return invalid("The cursor is not valid.", "cursor");
    q.before_id = before;
  }
  ASSIGN_OR_RETURN(auto entries, stores_.audit().list(q));
  AuditPage page;
  if (static_cast<int>(entries.size()) > f.limit) {
    entries.resize(f.limit);
    page.next_cursor = std::to_string(entries.back().id);
  }
  page.items = std::move(entries);
  for (const auto& e : page.items) {
    if (e.target_id.empty() || page.target_names.count(e.target_id)) continue;
    if (e.target_type == "person") {
      if (auto p = stores_.people().get(e.target_id); p.ok()) page.target_names[e.target_id] = p->name;
    } else if (e.target_type == "conversation") {
      if (auto c = stores_.conversations().get(e.target_id); c.ok()) page.target_names[e.target_id] = c->name;
    }
  }
  ASSIGN_OR_RETURN(auto head, stores_.audit().head());
  page.head_seq = head.first;
  page.head_hash = std::move(head.second);
  return page;
}

}  // namespace muster::app
