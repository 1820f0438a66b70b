// Oversight (issue 13): administrators see every conversation, private groups and direct
// conversations included — metadata only, never a message, a preview or a file name — and can
// archive or unarchive any of them, transfer its ownership and remove members. Every change needs a
// reason; it runs through ChatService's own paths (same checks, same events after commit) with the
// admin's authority, and lands in the audit log (and, for memberships, the membership history).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/chat_service.hpp"
#include "app/context.hpp"
#include "store/store.hpp"

namespace muster::app {

inline constexpr size_t kMaxReasonChars = 500;

struct OversightFilter {
  std::optional<domain::ConversationKind> kind;
  std::optional<bool> archived;
  std::optional<bool> has_externals;
  std::string q;  // part of the name (a direct conversation: of either person's name)
  int limit = 50;
  std::string cursor;  // next_cursor of the previous page
};

struct OversightPage {
  std::vector<store::OversightRow> items;
  std::optional<std::string> next_cursor;
};

struct OversightDetail {
  store::OversightRow conversation;
  std::vector<MemberView> members;  // names, roles, externals: who is in it, not what they said
};

class OversightService {
 public:
  OversightService(store::Stores& stores, ChatService& chat) : stores_(stores), chat_(chat) {}

  Result<OversightPage> conversations(const Actor& actor, const OversightFilter& filter);
  Result<OversightDetail> conversation(const Actor& actor, const std::string& id);

  // Each answers the conversation as it is after the change.
  Result<OversightDetail> set_archived(const Actor& actor, const std::string& id, bool archived,
                                       const std::string& reason);
  Result<OversightDetail> transfer_ownership(const Actor& actor, const std::string& id, const std::string& person_id,
                                             std::optional<domain::MemberRole> previous_owners_become,
                                             const std::string& reason);
  // In a smart group the removal also pins an "always exclude" exception, so the rule does not
  // bring the person back.
  Result<OversightDetail> remove_member(const Actor& actor, const std::string& id, const std::string& person_id,
                                        const std::string& reason);

 private:
  static Status check_admin(const Actor& actor);
  static Result<Oversight> reason_of(const std::string& reason);

  store::Stores& stores_;
  ChatService& chat_;
};

}  // namespace muster::app
