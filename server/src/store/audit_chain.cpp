#include "store/audit_chain.hpp"

#include <sodium.h>

#include <array>

namespace muster::store {

namespace {

void absorb(crypto_generichash_state& state, const std::string& field) {
  std::array<unsigned char, 8> length{};
  std::uint64_t n = field.size();
  for (int i = 0; i < 8; ++i) length[i] = static_cast<unsigned char>(n >> (8 * i));
  crypto_generichash_update(&state, length.data(), length.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(field.data()), field.size());
}

}  // namespace

const std::string& audit_chain_genesis() {
  static const std::string zeros(64, '0');
  return zeros;
}

std::string audit_entry_hash(const std::string& prev_hash_hex, const AuditEntry& e) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
  absorb(state, "muster-audit-v1");
  absorb(state, prev_hash_hex);
  absorb(state, std::to_string(e.id));
  absorb(state, std::to_string(e.at));
  for (const auto* field : {&e.actor_id, &e.actor_name, &e.action, &e.target_type, &e.target_id, &e.ip, &e.details_json})
    absorb(state, *field);
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash_final(&state, digest.data(), digest.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

const char* to_string(AuditChainFault fault) {
  switch (fault) {
    case AuditChainFault::Edited: return "edited";
    case AuditChainFault::Removed: return "removed";
    case AuditChainFault::Reordered: return "reordered";
    case AuditChainFault::Inserted: return "inserted";
  }
  return "edited";
}

bool AuditChainVerifier::fail(AuditChainFault fault, std::int64_t seq, std::int64_t id, std::string message) {
  report_.problem = AuditChainProblem{fault, seq, id, std::move(message)};
  return false;
}

bool AuditChainVerifier::add(const AuditChainRow& row) {
  if (report_.problem) return false;
  const std::int64_t expected = report_.count + 1;
  const std::int64_t id = row.entry.id;
  const std::string at = " (id " + std::to_string(id) + ")";
  if (!row.seq || row.hash.empty())
    return fail(AuditChainFault::Inserted, expected, id, "entry" + at + " has no place in the chain: it was inserted");
  const std::int64_t seq = *row.seq;
  if (seq < expected)
    return fail(AuditChainFault::Inserted, seq, id,
                "entry " + std::to_string(seq) + at + " repeats a sequence number: it was inserted");
  if (seq > expected)
    return fail(AuditChainFault::Removed, expected, id,
                "entry " + std::to_string(expected) + " is missing: it was removed (the next entry is " +
                    std::to_string(seq) + at + ")");
  if (audit_entry_hash(row.prev_hash, row.entry) != row.hash)
    return fail(AuditChainFault::Edited, seq, id,
                "entry " + std::to_string(seq) + at + " does not match its hash: it was edited or inserted");
  if (row.prev_hash != report_.head || id <= last_id_) {
    // It follows the entry before the last one: the last one was slipped in between them.
    if (report_.count > 0 && row.prev_hash == before_head_)
      return fail(AuditChainFault::Inserted, seq - 1, last_id_,
                  "entry " + std::to_string(seq - 1) + " (id " + std::to_string(last_id_) +
                      ") does not belong between its neighbours: it was inserted");
    return fail(AuditChainFault::Reordered, seq, id,
                "entry " + std::to_string(seq) + at + " does not follow entry " + std::to_string(seq - 1) +
                    ": an entry before it was removed, or entries were reordered or inserted");
  }
  before_head_ = report_.head;
  report_.count = seq;
  report_.head = row.hash;
  last_id_ = id;
  return true;
}

}  // namespace muster::store
