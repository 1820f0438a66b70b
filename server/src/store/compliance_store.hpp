// Compliance: who holds the compliance officer capability, and the read-only view of messages a
// compliance read or export covers (including content kept aside under legal hold).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/chat_store.hpp"

namespace muster::store {

struct ComplianceOfficer {
  std::string person_id;
  std::string name;
  std::string granted_by;
  UnixSeconds granted_at = 0;
};

// Messages of one conversation, or written by one person anywhere, with from <= created_at < to.
struct ComplianceScope {
  std::string conversation_id;  // exactly one of the two is set
  std::string person_id;
  UnixSeconds from = 0;
  UnixSeconds to = 0;
};

struct ComplianceAttachment {
  std::string id;
  std::string name;
  std::string content_type;
  std::int64_t size = 0;
};

struct ComplianceMessage {
  std::string id;
  std::string conversation_id;
  std::string conversation_name;
  std::int64_t seq = 0;
  std::string author_id;
  std::string author_name;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> edited_at;
  std::string text;           // for removed content kept under hold: the kept text
  std::string state;          // "posted", "deleted" (by its author), "removed" (by a moderator)
  bool kept = false;          // its content was kept aside under a legal hold
  std::string removed_by;     // when kept
  std::optional<UnixSeconds> removed_at;
  std::string removal_reason;
  std::vector<Edit> edits;    // earlier versions, oldest first
  std::vector<ComplianceAttachment> attachments;
};

class ComplianceStore {
 public:
  virtual ~ComplianceStore() = default;
  // Idempotent: granting twice keeps the first grant; revoke returns whether there was one.
  virtual Status grant(const std::string& person_id, const std::string& by, UnixSeconds at) = 0;
  virtual Result<bool> revoke(const std::string& person_id) = 0;
  virtual Result<bool> is_officer(const std::string& person_id) = 0;
  virtual Result<std::vector<ComplianceOfficer>> officers() = 0;
  // Hands the scope's messages to `each` in time order (conversation scope: seq order), at most
  // `limit` (0: all), from a reader; stops at the first error `each` returns.
  virtual Status each_message(const ComplianceScope& scope, std::size_t limit,
                              const std::function<Status(const ComplianceMessage&)>& each) = 0;
};

}  // namespace muster::store
