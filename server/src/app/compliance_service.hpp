// Compliance (issue 14): no member can export a conversation; a compliance officer — a capability
// admins grant to a person, apart from their role — can read or export a conversation's or a
// person's messages for a date range with a stated reason, removed content kept under legal hold
// included. Every grant, revocation, read and export is audited in the transaction that checks it.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "store/store.hpp"

namespace muster::app {

inline constexpr size_t kMaxComplianceReasonChars = 500;
inline constexpr size_t kMaxComplianceReadMessages = 1000;  // a read shows this many; an export has no limit

struct ComplianceRequest {
  std::string conversation_id;  // exactly one of the two
  std::string person_id;
  UnixSeconds from = 0;  // from <= created_at < to
  UnixSeconds to = 0;
  std::string reason;
};

struct ComplianceRead {
  std::vector<store::ComplianceMessage> messages;
  bool truncated = false;  // more than kMaxComplianceReadMessages: narrow the range or export
};

class ComplianceService {
 public:
  explicit ComplianceService(store::Stores& stores) : stores_(stores) {}

  // Admins grant and revoke; only the owner may grant it to themself. Listed to admins.
  Status grant(const Actor& actor, const std::string& person_id);
  Status revoke(const Actor& actor, const std::string& person_id);
  Result<std::vector<store::ComplianceOfficer>> officers(const Actor& actor);

  // PermissionDenied unless the actor holds the capability.
  Status check_officer(const Actor& actor);
  Result<ComplianceRead> read(const Actor& actor, const ComplianceRequest& request);
  // Audits the export (with the recipient key's fingerprint), then hands every message in scope
  // to `each` in order; the caller serializes and encrypts them.
  Status export_messages(const Actor& actor, const ComplianceRequest& request, const std::string& recipient_fingerprint,
                         const std::function<Status(const store::ComplianceMessage&)>& each);

 private:
  static Status check_admin(const Actor& actor);
  static Status validate(const ComplianceRequest& request);
  // In one transaction: the capability, the scope's subject, and the audit entry.
  Status authorize(const Actor& actor, const ComplianceRequest& request, const std::string& action, Json details);
  store::Stores& stores_;
};

store::ComplianceScope scope_of(const ComplianceRequest& request);

}  // namespace muster::app
