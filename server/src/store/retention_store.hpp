// Retention policies, legal holds, content kept under hold, scheduled end dates, and the batch
// deletion that retention runs. Same contracts as store.hpp: thread-safe, NotFound for absent rows.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace muster::store {

inline constexpr const char* kOrganizationScope = "org";

// keep_days nullopt: keep forever.
struct RetentionPolicy {
  std::string scope;  // kOrganizationScope or a conversation id
  std::optional<int> keep_days;
  std::string set_by;
  UnixSeconds set_at = 0;
};

enum class HoldKind { Person, Conversation };

struct LegalHold {
  std::int64_t id = 0;
  HoldKind kind = HoldKind::Person;
  std::string target_id;
  std::string reason;
  std::string set_by;
  UnixSeconds set_at = 0;
  std::string released_by;
  std::optional<UnixSeconds> released_at;  // nullopt while in force
};

// A removed message's content, kept while a hold covers it.
struct KeptMessage {
  std::string message_id;
  std::string conversation_id;
  std::string author_id;
  std::string body;
  std::vector<std::string> attachment_ids;
  std::string removed_by;
  UnixSeconds removed_at = 0;
  std::string reason;
};

struct EndDate {
  std::string person_id;
  UnixSeconds end_at = 0;
  std::string set_by;
  UnixSeconds set_at = 0;
};

// A message retention may delete, found by a read outside the writer.
struct ExpiryCandidate {
  std::string id;
  std::int64_t seq = 0;
};

// One step of the walk through a conversation's old messages.
struct ExpiryScan {
  std::vector<ExpiryCandidate> items;
  std::int64_t scanned_to = 0;  // the next scan starts after this seq
  bool done = false;            // reached a message newer than the cutoff, or the end
};

// What one deletion batch did.
struct ExpiryResult {
  int messages = 0;                         // rows deleted (or emptied: a conversation's newest)
  int edits = 0;
  int reactions = 0;
  std::vector<std::string> attachment_ids;  // metadata gone: remove their files after the commit
};

class RetentionStore {
 public:
  virtual ~RetentionStore() = default;

  virtual Result<std::vector<RetentionPolicy>> policies() = 0;
  // Sets (keep_days given or nullopt = keep forever) the scope's policy.
  virtual Status put_policy(const RetentionPolicy& policy) = 0;
  // Removes a conversation's override (it follows the organization's default again).
  virtual Status remove_policy(const std::string& scope) = 0;

  virtual Status insert_hold(LegalHold& hold) = 0;  // assigns id
  virtual Result<LegalHold> hold(std::int64_t id) = 0;
  virtual Result<std::vector<LegalHold>> holds(bool include_released) = 0;  // newest first
  // NotFound when absent or already released.
  virtual Status release_hold(std::int64_t id, const std::string& by, UnixSeconds at) = 0;
  // Does a hold in force cover a message of `author_id` in `conversation_id`? Inside a write
  // transaction it reads the transaction's own view.
  virtual Result<bool> covered_by_hold(const std::string& conversation_id, const std::string& author_id) = 0;

  // Saves a removed message's content (replacing an earlier copy of the same message).
  virtual Status keep_removed(const KeptMessage& kept) = 0;
  virtual Result<std::optional<KeptMessage>> kept(const std::string& message_id) = 0;
  // Deletes kept content no hold covers any more (at most `limit`); returns the attachment ids
  // whose metadata went with it (no message and no other kept content refers to them).
  virtual Result<std::pair<int, std::vector<std::string>>> purge_uncovered_kept(int limit) = 0;

  // Every conversation's id (retention walks them all).
  virtual Result<std::vector<std::string>> conversation_ids() = 0;
  // Up to `limit` messages of the conversation after `after_seq`, oldest first, created before
  // `cutoff`, stopping at the first newer one (messages are stored in time order). Messages of
  // people under hold are left out. Runs on a reader.
  virtual Result<ExpiryScan> expiry_candidates(const std::string& conversation_id, std::int64_t after_seq,
                                               UnixSeconds cutoff, int limit) = 0;
  // Deletes the messages (call inside a write transaction): text, edits, reactions, mentions,
  // pins, attachment links and metadata (not those kept content refers to), and their search
  // entries. Each is checked again: one no longer older than `cutoff` or now under hold stays.
  // The conversation's newest message is emptied rather than removed, so seq numbers never go back.
  virtual Result<ExpiryResult> expire(const std::string& conversation_id, const std::vector<ExpiryCandidate>& batch,
                                      UnixSeconds cutoff) = 0;

  virtual Status set_end_date(const std::string& person_id, const std::optional<EndDate>& end_date) = 0;
  virtual Result<std::optional<EndDate>> end_date(const std::string& person_id) = 0;
  virtual Result<std::vector<EndDate>> due_end_dates(UnixSeconds now, int limit) = 0;
};

}  // namespace muster::store
