// Organization settings (name, language, field visibility, custom fields) and the audit log.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "store/store.hpp"

namespace muster::app {

struct OrganizationChange {
  std::optional<std::string> name;
  std::optional<std::string> default_language;
  std::optional<std::string> phone_region;  // "" for none
};

struct AuditPage {
  std::vector<store::AuditEntry> items;
  // Names of the people and conversations the entries are about, by id, as they are now: the log
  // keeps ids, a reader wants names.
  std::map<std::string, std::string> target_names;
  std::optional<std::string> next_cursor;
  // The hash chain's newest entry (docs/security.md): admins note it elsewhere to catch a rewrite.
  std::int64_t head_seq = 0;
  std::string head_hash;
};

struct AuditFilter {
  std::string actor_id;
  std::string action;
  std::optional<UnixSeconds> since;
  std::optional<UnixSeconds> until;
  int limit = 50;
  std::string cursor;
};

class AdminService {
 public:
  explicit AdminService(store::Stores& stores) : stores_(stores) {}

  Result<store::Organization> organization();  // any signed-in person
  Result<store::Organization> update_organization(const Actor& actor, const OrganizationChange& change);
  // At start-up, before serving: puts the organization's country in effect for phone numbers and,
  // when the people rows were keyed otherwise (another country, or a server that keyed them
  // differently), keys them again.
  Status index_people();
  Result<std::map<std::string, domain::Visibility>> field_visibility(const Actor& actor);
  Result<std::map<std::string, domain::Visibility>> set_field_visibility(
      const Actor& actor, const std::map<std::string, domain::Visibility>& fields);
  Result<std::vector<domain::CustomFieldDef>> custom_fields(const Actor& actor);
  Result<std::vector<domain::CustomFieldDef>> set_custom_fields(const Actor& actor,
                                                                std::vector<domain::CustomFieldDef> defs);
  Result<AuditPage> audit(const Actor& actor, const AuditFilter& filter);

 private:
  Status check_admin(const Actor& actor);
  // Applies `change` to the organization and audits it, in one transaction.
  Result<store::Organization> change_organization(const Actor& actor, const std::string& action,
                                                  const std::function<Status(store::Organization&)>& change);
  store::Stores& stores_;
};

}  // namespace muster::app
