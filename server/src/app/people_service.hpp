// The company directory: finding people, and (for admins) managing them, importing and exporting.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/auth_service.hpp"
#include "app/context.hpp"
#include "app/membership_sync.hpp"
#include "domain/directory_csv.hpp"
#include "domain/exif_orientation.hpp"
#include "domain/person_patch.hpp"
#include "store/store.hpp"

namespace muster::app {

// A person as one viewer may see them: hidden fields are blanked and named in `hidden`.
struct PersonView {
  domain::Person person;
  std::optional<std::string> manager_name;
  std::set<std::string> hidden;
  std::optional<UnixSeconds> end_at;  // filled for admins only (get, update)
};

struct PeopleFilter {
  std::string q;
  std::string department;
  std::string location;
  std::string tag;
  std::string status = "active";  // active | deactivated | all
  int limit = 50;
  std::string cursor;
};

struct PeoplePage {
  std::vector<PersonView> items;
  std::optional<std::string> next_cursor;
};

struct Facets {
  std::vector<store::Facet> departments;
  std::vector<store::Facet> locations;
};

struct CreatedPerson {
  PersonView person;
  InvitationLink invitation;
};

struct ImportReport {
  struct Created { int line; std::string name, employee_id, email; };
  struct Updated { int line; std::string id, name; std::vector<std::string> changes; };
  struct Deactivated { int line; std::string id, name; };
  bool apply = false;
  bool applied = false;
  std::vector<Created> created;
  std::vector<Updated> updated;
  std::vector<Deactivated> deactivated;
  int unchanged = 0;
  std::vector<domain::ImportIssue> errors;
};

class PeopleService {
 public:
  // Directory changes move memberships in the same transaction (app/membership_sync.hpp).
  PeopleService(store::Stores& stores, AuthService& auth, MembershipSync& memberships);

  Result<PeoplePage> list(const Actor& actor, const PeopleFilter& filter);
  Result<PersonView> get(const Actor& actor, const std::string& id);
  Result<Facets> facets(const Actor& actor);

  Result<CreatedPerson> create(const Actor& actor, const domain::PersonPatch& patch);
  Result<PersonView> update(const Actor& actor, const std::string& id, const domain::PersonPatch& patch);
  // Anyone's own name, in their script and in Latin letters: the one directory field people
  // change themselves (audited, and smart groups see it as any directory change).
  Result<domain::Person> update_own_name(const Actor& actor, const std::string& name, const std::string& name_latin);
  Result<PersonView> deactivate(const Actor& actor, const std::string& id);
  Result<PersonView> reactivate(const Actor& actor, const std::string& id);
  Result<InvitationLink> new_invitation(const Actor& actor, const std::string& id);
  // The scheduler: deactivates everyone whose end date is at or before `now` through the same path
  // as an admin's deactivation (actor "system", reason "end date"); returns how many.
  Result<int> apply_end_dates(UnixSeconds now);

  // Profile photos: one's own, or anyone's for an admin; made square by make_profile_photo
  // (app/thumbnail.hpp) and audited as person.photo.
  static constexpr size_t kMaxPhotoUpload = 10 * 1024 * 1024;
  Result<PersonView> set_photo(const Actor& actor, const std::string& id, std::string_view bytes,
                               std::optional<domain::Square> crop);
  Result<PersonView> remove_photo(const Actor& actor, const std::string& id);
  // The JPEG of that version, for whoever may see the person; NotFound for an older version.
  Result<std::string> photo(const Actor& actor, const std::string& id, const std::string& version,
                            store::PhotoSize size);
  // Person id -> photo version, for everyone with a photo whom the actor may see.
  Result<std::map<std::string, std::string>> photo_versions(const Actor& actor);

  Result<ImportReport> import_csv(const Actor& actor, std::string_view csv, bool apply);
  Result<std::string> export_csv(const Actor& actor);

 private:
  // Manager names looked up once per list, not once per person: manager id -> name.
  using ManagerNames = std::map<std::string, std::optional<std::string>>;
  Result<PersonView> view(const Actor& viewer, const domain::Person& person, const store::Organization& org,
                          ManagerNames* managers = nullptr);
  Result<store::Organization> organization();
  Status check_admin(const Actor& actor);
  // Externals see only the people they share a conversation with (and themselves).
  Status check_can_see(const Actor& actor, const std::string& id);
  Result<PersonView> write_photo(const Actor& actor, const std::string& id, const std::optional<store::PersonPhoto>& photo);
  Status check_role_change(const Actor& actor, const domain::Person& before, const domain::Person& after);
  Status check_manager(const domain::Person& person);
  Result<PersonView> set_active(const Actor& actor, const std::string& id, bool active);
  // The one write path of a status change. With `end_date_due`, the scheduler's: only when the
  // person's end date is still at or before it (an admin may have moved or cleared it meanwhile).
  Result<std::optional<domain::Person>> write_active(const Actor& actor, const std::string& id, bool active,
                                                     std::optional<UnixSeconds> end_date_due);
  Status write_end_date(const Actor& actor, const std::string& id, std::optional<UnixSeconds> end_at);

  store::Stores& stores_;
  AuthService& auth_;
  MembershipSync& memberships_;
};

}  // namespace muster::app
