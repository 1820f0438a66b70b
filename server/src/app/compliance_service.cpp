#include "app/compliance_service.hpp"

#include "app/audit.hpp"
#include "domain/text/arabic.hpp"

namespace muster::app {

store::ComplianceScope scope_of(const ComplianceRequest& r) { return {r.conversation_id, r.person_id, r.from, r.to}; }

Status ComplianceService::check_admin(const Actor& actor) {
  if (!actor.is_admin()) return denied("Only admins manage compliance officers.");
  return ok_status();
}

Status ComplianceService::grant(const Actor& actor, const std::string& person_id) {
  TRY(check_admin(actor));
  if (person_id == actor.person.id && actor.person.role != domain::Role::Owner)
    return denied("Only the owner can make themself a compliance officer; ask another admin.");
  return stores_.transactor().in_transaction([&]() -> Status {
    auto person = stores_.people().get(person_id);
    if (!person.ok()) return not_found("No such person.");
    if (!person->active) return invalid("A deactivated person cannot be a compliance officer.", "person_id");
    ASSIGN_OR_RETURN(bool already, stores_.compliance().is_officer(person_id));
    if (already) return ok_status();
    TRY(stores_.compliance().grant(person_id, actor.person.id, now_seconds()));
    return record_audit(stores_.audit(), &actor, "compliance_officer.granted", "person", person_id,
                        {{"name", person->name}});
  });
}

Status ComplianceService::revoke(const Actor& actor, const std::string& person_id) {
  TRY(check_admin(actor));
  return stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(bool removed, stores_.compliance().revoke(person_id));
    if (!removed) return ok_status();
    return record_audit(stores_.audit(), &actor, "compliance_officer.revoked", "person", person_id);
  });
}

Result<std::vector<store::ComplianceOfficer>> ComplianceService::officers(const Actor& actor) {
  TRY(check_admin(actor));
  return stores_.compliance().officers();
}

Status ComplianceService::check_officer(const Actor& actor) {
  ASSIGN_OR_RETURN(bool officer, stores_.compliance().is_officer(actor.person.id));
  if (!officer) return denied("Only compliance officers can do this.");
  return ok_status();
}

Status ComplianceService::validate(const ComplianceRequest& r) {
  if (r.conversation_id.empty() == r.person_id.empty())
    return invalid("Choose either a conversation or a person.", r.conversation_id.empty() ? "conversation_id" : "person_id");
  if (r.from >= r.to) return invalid("The range must end after it begins.", "to");
  auto length = domain::utf8_length(r.reason);
  if (length == 0 || length > kMaxComplianceReasonChars)
    return invalid("Give a reason of 1 to " + std::to_string(kMaxComplianceReasonChars) + " characters.", "reason");
  return ok_status();
}

Status ComplianceService::authorize(const Actor& actor, const ComplianceRequest& r, const std::string& action,
                                    Json details) {
  return stores_.transactor().in_transaction([&]() -> Status {
    TRY(check_officer(actor));
    TRY(validate(r));
    if (!r.conversation_id.empty()) {
      if (!stores_.conversations().get(r.conversation_id).ok()) return not_found("No such conversation.");
    } else if (!stores_.people().get(r.person_id).ok()) {
      return not_found("No such person.");
    }
    details["from"] = to_rfc3339(r.from);
    details["to"] = to_rfc3339(r.to);
    details["reason"] = r.reason;
    bool by_conversation = !r.conversation_id.empty();
    return record_audit(stores_.audit(), &actor, action, by_conversation ? "conversation" : "person",
                        by_conversation ? r.conversation_id : r.person_id, details);
  });
}

Result<ComplianceRead> ComplianceService::read(const Actor& actor, const ComplianceRequest& r) {
  TRY(authorize(actor, r, "compliance.read", Json::object()));
  ComplianceRead out;
  TRY(stores_.compliance().each_message(scope_of(r), kMaxComplianceReadMessages + 1,
                                        [&](const store::ComplianceMessage& m) -> Status {
                                          if (out.messages.size() == kMaxComplianceReadMessages) out.truncated = true;
                                          else out.messages.push_back(m);
                                          return ok_status();
                                        }));
  return out;
}

Status ComplianceService::export_messages(const Actor& actor, const ComplianceRequest& r,
                                          const std::string& recipient_fingerprint,
                                          const std::function<Status(const store::ComplianceMessage&)>& each) {
  TRY(authorize(actor, r, "compliance.exported", {{"recipient_key", recipient_fingerprint}}));
  return stores_.compliance().each_message(scope_of(r), 0, each);
}

}  // namespace muster::app
