// What admins decide about conversations (issue 13): smart groups' rules and their pinned
// exceptions, and which of a returning person's former memberships come back. Admins only; every
// change is audited and moves memberships in the same transaction (app/membership_sync.hpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/membership_sync.hpp"
#include "store/store.hpp"

namespace muster::app {

struct NamedPerson {
  std::string id;
  std::string name;
};

struct RuleView {
  std::optional<Json> rule;  // nullopt: members by hand
  struct Exception {
    store::MembershipException exception;
    std::string name;
  };
  std::vector<Exception> exceptions;
};

// A preview with names: counts, and the first names of who would join and leave.
struct NamedPreview {
  int members = 0;
  int added_count = 0, removed_count = 0;
  std::vector<NamedPerson> added, removed;  // the first 20 of each, by name
};

struct FormerMembership {
  std::string conversation_id;
  std::string name;
  domain::ConversationKind kind = domain::ConversationKind::Group;
  UnixSeconds ended_at = 0;
};

class GovernanceService {
 public:
  GovernanceService(store::Stores& stores, MembershipSync& memberships) : stores_(stores), memberships_(memberships) {}

  Result<RuleView> rule(const Actor& actor, const std::string& conversation_id);
  // Sets (or with nullopt clears) a channel's rule; members move at once. Returns the preview of
  // what it did.
  Result<NamedPreview> set_rule(const Actor& actor, const std::string& conversation_id, const std::optional<Json>& rule);
  Result<NamedPreview> preview(const Actor& actor, const std::string& conversation_id, const Json& rule);
  Status set_exception(const Actor& actor, const std::string& conversation_id, const std::string& person_id,
                       std::optional<store::ExceptionMode> mode);

  // Conversations whose membership a deactivation ended, that the person is not back in.
  Result<std::vector<FormerMembership>> former_memberships(const Actor& actor, const std::string& person_id);
  Result<std::vector<FormerMembership>> restore(const Actor& actor, const std::string& person_id,
                                                const std::vector<std::string>& conversation_ids);

 private:
  Status check_admin(const Actor& actor);
  Result<domain::Conversation> channel(const std::string& conversation_id);
  Result<NamedPreview> named(const RulePreview& preview);

  store::Stores& stores_;
  MembershipSync& memberships_;
};

}  // namespace muster::app
