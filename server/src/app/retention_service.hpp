// Retention policies (the organization's default and per conversation), legal holds, and the
// retention run that deletes what policy says has expired, in small batches, on a schedule and
// on demand. Admins only. Thread-safe; one run at a time.
#pragma once
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "store/store.hpp"

namespace muster::app {

struct RetentionConfig {
  int batch = 25;                  // messages per write transaction (a send waits behind at most one)
  int pause_ms = 5;                // at least, between batches (and at least as long as a batch took)
  std::int64_t clock_offset = 0;   // seconds added to "now" (tests only: ages every message)
};

struct ConversationPolicy {
  std::string conversation_id;
  std::string name;
  std::optional<int> keep_days;  // nullopt: keep forever
  std::string set_by;
  UnixSeconds set_at = 0;
};

struct RetentionSettings {
  std::optional<int> default_keep_days;  // nullopt: keep forever
  std::string set_by;
  UnixSeconds set_at = 0;
  std::vector<ConversationPolicy> conversations;
};

struct HoldView {
  store::LegalHold hold;
  std::string target_name;
  std::string set_by_name;
  std::string released_by_name;
};

struct RetentionRun {
  int conversations = 0;  // whose policy deletes something
  int messages = 0;
  int edits = 0;
  int reactions = 0;
  int attachments = 0;
  int kept_purged = 0;  // removed messages' content no hold keeps any more
  UnixSeconds started_at = 0;
  UnixSeconds finished_at = 0;
};

class RetentionService {
 public:
  RetentionService(store::Stores& stores, RetentionConfig config);

  Result<RetentionSettings> settings(const Actor& actor);
  Status set_default(const Actor& actor, std::optional<int> keep_days);
  // keep_days: a number of days or nullopt (keep forever); `clear`: follow the default again.
  Status set_conversation(const Actor& actor, const std::string& conversation_id, std::optional<int> keep_days,
                          bool clear);

  Result<std::vector<HoldView>> holds(const Actor& actor, bool include_released);
  Result<HoldView> add_hold(const Actor& actor, store::HoldKind kind, const std::string& target_id,
                            const std::string& reason);
  Result<HoldView> release_hold(const Actor& actor, std::int64_t id);

  // The admin's "run now", and the scheduler's run (actor nullptr: "system"). Conflict when a run
  // is already going. `stop` ends a run early (server shutdown).
  Result<RetentionRun> run(const Actor* actor, const std::function<bool()>& stop = {});

  // For the moderator's removal path: does a hold in force cover the message? Usable inside a
  // write transaction (reads its view).
  Result<bool> covered_by_hold(const std::string& conversation_id, const std::string& author_id);
  // Keeps a removed message's content for the compliance path (call when covered_by_hold, inside
  // the removal's transaction). Its attachments' metadata and files must then stay: unlink them
  // from the message, do not remove them; retention removes them once no hold covers the content.
  Status keep_removed(const store::KeptMessage& kept);

 private:
  Status check_admin(const Actor& actor);
  UnixSeconds now() const;
  Result<HoldView> hold_view(const store::LegalHold& hold);
  Result<RetentionRun> run_locked(const Actor* actor, const std::function<bool()>& stop);
  Status pause(std::chrono::steady_clock::duration batch_took);

  store::Stores& stores_;
  RetentionConfig config_;
  std::mutex running_;  // held for a whole run: one at a time
};

}  // namespace muster::app
