// The audit log's hash chain: each entry's hash is BLAKE2b-256 over the previous entry's hash and
// its own canonical content, so editing, removing, inserting or reordering an entry breaks the
// chain at that entry. Anyone who can write the database can also rewrite the whole chain from the
// point they changed: only a head hash noted elsewhere catches that (docs/security.md).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "store/store.hpp"

namespace muster::store {

// The hash the first entry follows: 64 zeros (hex).
const std::string& audit_chain_genesis();

// Hex BLAKE2b-256 over the previous hash (hex) and the entry's id, time, actor, action, target,
// address and details, each length-prefixed. The sequence number is not part of it: an entry's
// place is proven by the link to its predecessor.
std::string audit_entry_hash(const std::string& prev_hash_hex, const AuditEntry& entry);

// One stored row as the verifier sees it; seq/prev_hash/hash are empty or 0 when absent.
struct AuditChainRow {
  AuditEntry entry;
  std::optional<std::int64_t> seq;
  std::string prev_hash;
  std::string hash;
};

const char* to_string(AuditChainFault fault);

// Walks rows in (seq, id) order, one at a time, and keeps the first break it finds.
class AuditChainVerifier {
 public:
  // Returns false once a problem has been found (later rows are not looked at).
  bool add(const AuditChainRow& row);
  AuditChainReport report() const { return report_; }

 private:
  bool fail(AuditChainFault fault, std::int64_t seq, std::int64_t id, std::string message);
  AuditChainReport report_{0, audit_chain_genesis(), std::nullopt};
  std::int64_t last_id_ = 0;
  std::string before_head_;  // the hash the head entry follows
};

}  // namespace muster::store
