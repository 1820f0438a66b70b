// Oversight: every conversation's metadata for administrators — kind, name, owners, creator,
// member and external counts, activity — and never its content. Same contracts as store.hpp.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/conversation.hpp"

namespace muster::store {

struct OversightQuery {
  std::optional<domain::ConversationKind> kind;
  std::optional<bool> archived;
  std::optional<bool> has_externals;
  std::string id;         // one conversation (the detail view); empty: all
  std::string name;       // lower-case substring of the name; empty: any
  std::string name_norm;  // the same, normalized (domain/text/arabic.hpp): a direct conversation's people
  int limit = 50;
  // Keyset: rows strictly after (older than) this (last activity in ms, conversation seq).
  std::optional<std::pair<std::int64_t, std::int64_t>> after;
};

struct PersonRef {
  std::string id;
  std::string name;
};

struct OversightRow {
  domain::Conversation conversation;  // last_seq and last_activity_ms filled
  std::int64_t seq = 0;               // the conversation's row number: the cursor's tie-breaker
  int member_count = 0;
  int external_count = 0;
  std::vector<PersonRef> owners;
  std::string creator_name;
  std::vector<PersonRef> participants;  // direct conversations only: the two people
};

class OversightStore {
 public:
  virtual ~OversightStore() = default;
  // Newest activity first (then newest conversation first); one statement, whatever the page size.
  virtual Result<std::vector<OversightRow>> conversations(const OversightQuery& query) = 0;
};

}  // namespace muster::store
