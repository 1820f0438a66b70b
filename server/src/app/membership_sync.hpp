// Keeps memberships in step with the directory: a deactivated person leaves every conversation, and
// smart groups (conversations with a rule, domain/membership_rule.hpp) gain and lose people as the
// directory changes. Every call runs inside the caller's transaction, so a directory change and the
// memberships it causes commit together; events leave after that commit. Each membership change is
// recorded with who made it and why.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/event_publisher.hpp"
#include "domain/membership_rule.hpp"
#include "store/store.hpp"

namespace muster::app {

struct DirectoryChange {
  std::optional<domain::Person> before;  // nullopt: a new person
  domain::Person after;
};

// Who a rule would give a conversation, compared with its members today.
struct RulePreview {
  int members = 0;  // after the change
  std::vector<std::string> added, removed;  // person ids, in name order
};

class MembershipSync {
 public:
  MembershipSync(store::Stores& stores, realtime::Hub& hub) : stores_(stores), events_(stores.transactor(), hub) {}

  // Inside the directory change's transaction. `actor_id` made the change ("" for the server).
  Status directory_changed(const std::vector<DirectoryChange>& changes, const std::string& actor_id);
  // Inside a transaction: brings a smart group's members in line with its rule and exceptions
  // (after the rule or an exception changed). A conversation without a rule is left alone.
  Status apply_rule(const std::string& conversation_id, const std::string& actor_id);
  // What `rule` would do to `conversation_id` (empty: a new conversation), without writing.
  Result<RulePreview> preview(const std::string& conversation_id, const domain::MembershipRule& rule);

  // Ends one membership and tells the members; keeps an owner in a conversation that had one.
  Status end_membership(const std::string& conversation_id, const std::string& person_id, const std::string& actor_id,
                        const std::string& reason);
  // Adds `person_id` as a member (when not one yet) and tells the members; returns whether it did.
  Result<bool> restore_membership(const domain::Conversation& c, const std::string& person_id,
                                  const std::string& actor_id, const std::string& reason);

 private:
  Result<bool> add_membership(const domain::Conversation& c, const std::string& person_id, const std::string& actor_id,
                              const std::string& reason);
  struct Group;
  Result<std::vector<Group>> load_groups();
  Status ensure_owner(const std::string& conversation_id, const std::string& leaving_id);
  Status settle(const Group& group, const std::vector<const domain::Person*>& people, const domain::ManagerLookup& manager_of,
                const std::string& actor_id);

  store::Stores& stores_;
  EventPublisher events_;
};

}  // namespace muster::app
