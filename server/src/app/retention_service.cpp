#include "app/retention_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "app/attachment_service.hpp"
#include "app/audit.hpp"

namespace muster::app {

namespace {

constexpr int kMaxKeepDays = 36500;
constexpr size_t kMaxReasonChars = 500;

Status check_days(std::optional<int> keep_days) {
  if (keep_days && (*keep_days < 1 || *keep_days > kMaxKeepDays))
    return invalid("Days must be between 1 and 36500.", "keep_days");
  return ok_status();
}

Json days_json(std::optional<int> keep_days) { return keep_days ? Json(*keep_days) : Json(nullptr); }

Actor system_actor() {
  Actor a;
  a.person.name = "system";
  return a;
}

}  // namespace

RetentionService::RetentionService(store::Stores& stores, RetentionConfig config)
    : stores_(stores), config_(config) {}

Status RetentionService::check_admin(const Actor& actor) {
  if (!actor.is_admin()) return denied("Only administrators can manage retention and legal holds.");
  return ok_status();
}

UnixSeconds RetentionService::now() const { return now_seconds() + config_.clock_offset; }

Result<RetentionSettings> RetentionService::settings(const Actor& actor) {
  TRY(check_admin(actor));
  ASSIGN_OR_RETURN(auto policies, stores_.retention().policies());
  RetentionSettings out;
  for (const auto& p : policies) {
    if (p.scope == store::kOrganizationScope) {
      out.default_keep_days = p.keep_days;
      out.set_by = p.set_by;
      out.set_at = p.set_at;
      continue;
    }
    auto conversation = stores_.conversations().get(p.scope);
    out.conversations.push_back(
        {p.scope, conversation.ok() ? conversation->name : std::string(), p.keep_days, p.set_by, p.set_at});
  }
  return out;
}

Status RetentionService::set_default(const Actor& actor, std::optional<int> keep_days) {
  TRY(check_admin(actor));
  TRY(check_days(keep_days));
  return stores_.transactor().in_transaction([&]() -> Status {
    TRY(stores_.retention().put_policy({store::kOrganizationScope, keep_days, actor.person.id, now_seconds()}));
    return record_audit(stores_.audit(), &actor, "retention.default", "organization", "",
                        {{"keep_days", days_json(keep_days)}});
  });
}

Status RetentionService::set_conversation(const Actor& actor, const std::string& conversation_id,
                                          std::optional<int> keep_days, bool clear) {
  TRY(check_admin(actor));
  TRY(check_days(keep_days));
  return stores_.transactor().in_transaction([&]() -> Status {
    TRY(stores_.conversations().get(conversation_id));  // NotFound
    if (clear) TRY(stores_.retention().remove_policy(conversation_id));
    else TRY(stores_.retention().put_policy({conversation_id, keep_days, actor.person.id, now_seconds()}));
    Json details = {{"keep_days", clear ? Json("default") : days_json(keep_days)}};
    return record_audit(stores_.audit(), &actor, "retention.conversation", "conversation", conversation_id, details);
  });
}

Result<HoldView> RetentionService::hold_view(const store::LegalHold& hold) {
  HoldView v{hold, {}, {}, {}};
  auto name_of_person = [&](const std::string& id) -> std::string {
    if (id.empty()) return "";
    auto p = stores_.people().get(id);
    return p.ok() ? p->name : std::string();
  };
  if (hold.kind == store::HoldKind::Person) {
    v.target_name = name_of_person(hold.target_id);
  } else {
    auto c = stores_.conversations().get(hold.target_id);
    if (c.ok()) v.target_name = c->name;
  }
  v.set_by_name = name_of_person(hold.set_by);
  v.released_by_name = name_of_person(hold.released_by);
  return v;
}

Result<std::vector<HoldView>> RetentionService::holds(const Actor& actor, bool include_released) {
  TRY(check_admin(actor));
  ASSIGN_OR_RETURN(auto holds, stores_.retention().holds(include_released));
  std::vector<HoldView> out;
  for (const auto& h : holds) {
    ASSIGN_OR_RETURN(auto v, hold_view(h));
    out.push_back(std::move(v));
  }
  return out;
}

Result<HoldView> RetentionService::add_hold(const Actor& actor, store::HoldKind kind, const std::string& target_id,
                                            const std::string& reason) {
  TRY(check_admin(actor));
  if (reason.empty()) return invalid("Say why the content is held.", "reason");
  if (reason.size() > kMaxReasonChars) return invalid("The reason is too long.", "reason");
  store::LegalHold hold;
  hold.kind = kind;
  hold.target_id = target_id;
  hold.reason = reason;
  hold.set_by = actor.person.id;
  hold.set_at = now_seconds();
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    bool exists = kind == store::HoldKind::Person ? stores_.people().get(target_id).ok()
                                                  : stores_.conversations().get(target_id).ok();
    if (!exists) return invalid(kind == store::HoldKind::Person ? "No such person." : "No such conversation.",
                                     "target_id");
    TRY(stores_.retention().insert_hold(hold));
    return record_audit(stores_.audit(), &actor, "legal_hold.set", kind == store::HoldKind::Person ? "person" : "conversation",
                        target_id, {{"hold_id", hold.id}, {"reason", reason}});
  }));
  return hold_view(hold);
}

Result<HoldView> RetentionService::release_hold(const Actor& actor, std::int64_t id) {
  TRY(check_admin(actor));
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto hold, stores_.retention().hold(id));
    TRY(stores_.retention().release_hold(id, actor.person.id, now_seconds()));
    return record_audit(stores_.audit(), &actor, "legal_hold.release",
                        hold.kind == store::HoldKind::Person ? "person" : "conversation", hold.target_id,
                        {{"hold_id", id}});
  }));
  ASSIGN_OR_RETURN(auto hold, stores_.retention().hold(id));
  return hold_view(hold);
}

Result<bool> RetentionService::covered_by_hold(const std::string& conversation_id, const std::string& author_id) {
  return stores_.retention().covered_by_hold(conversation_id, author_id);
}

Status RetentionService::keep_removed(const store::KeptMessage& kept) { return stores_.retention().keep_removed(kept); }

// Between batches retention waits twice as long as the batch took (and at least pause_ms): it has
// the writer at most a third of the time, and the search indexer's share of the deletions (an FTS
// entry costs about as much to remove as to add) stays small beside the sending it shares the CPU
// with. Measured in bench/retention_bench.cpp: at half the time, send p99 rose 8-13x on 2 cores.
Status RetentionService::pause(std::chrono::steady_clock::duration batch_took) {
  auto wait = std::max<std::chrono::steady_clock::duration>(std::chrono::milliseconds(config_.pause_ms), 2 * batch_took);
  std::this_thread::sleep_for(wait);
  return ok_status();
}

Result<RetentionRun> RetentionService::run(const Actor* actor, const std::function<bool()>& stop) {
  if (actor) TRY(check_admin(*actor));
  std::unique_lock lock(running_, std::try_to_lock);
  if (!lock.owns_lock()) return Error{ErrorCode::Conflict, "A retention run is already going; try again when it ends."};
  return run_locked(actor, stop);
}

Result<RetentionRun> RetentionService::run_locked(const Actor* actor, const std::function<bool()>& stop) {
  RetentionRun run;
  run.started_at = now_seconds();
  ASSIGN_OR_RETURN(auto policies, stores_.retention().policies());
  std::optional<int> fallback;
  std::map<std::string, std::optional<int>> overrides;
  bool any = false;
  for (const auto& p : policies) {
    if (p.scope == store::kOrganizationScope) fallback = p.keep_days;
    else overrides[p.scope] = p.keep_days;
    any = any || p.keep_days.has_value();
  }
  auto stopped = [&] { return stop && stop(); };
  if (any) {
    ASSIGN_OR_RETURN(auto conversations, stores_.retention().conversation_ids());
    for (const auto& id : conversations) {
      auto it = overrides.find(id);
      auto keep = it != overrides.end() ? it->second : fallback;
      if (!keep || stopped()) continue;
      ASSIGN_OR_RETURN(bool held, stores_.retention().covered_by_hold(id, ""));
      if (held) continue;  // a conversation hold keeps all of it
      ++run.conversations;
      UnixSeconds cutoff = now() - static_cast<UnixSeconds>(*keep) * 86400;
      std::int64_t after = 0;
      while (!stopped()) {
        ASSIGN_OR_RETURN(auto scan, stores_.retention().expiry_candidates(id, after, cutoff, config_.batch));
        if (!scan.items.empty()) {
          auto started = std::chrono::steady_clock::now();
          ASSIGN_OR_RETURN(auto done, stores_.retention().expire(id, scan.items, cutoff));
          auto took = std::chrono::steady_clock::now() - started;
          run.messages += done.messages;
          run.edits += done.edits;
          run.reactions += done.reactions;
          run.attachments += static_cast<int>(done.attachment_ids.size());
          remove_attachment_files(stores_, done.attachment_ids);  // after the commit
          TRY(pause(took));
        }
        after = scan.scanned_to;
        if (scan.done) break;
      }
    }
  }
  // Content a moderator removed is kept only while a hold covers it.
  while (!stopped()) {
    ASSIGN_OR_RETURN(auto purged, stores_.retention().purge_uncovered_kept(config_.batch));
    run.kept_purged += purged.first;
    run.attachments += static_cast<int>(purged.second.size());
    remove_attachment_files(stores_, purged.second);
    if (purged.first < config_.batch) break;
  }
  run.finished_at = now_seconds();
  if (any || run.kept_purged > 0 || actor) {
    auto system = system_actor();
    TRY(record_audit(stores_.audit(), actor ? actor : &system, "retention.run", "organization", "",
                     {{"conversations", run.conversations},
                      {"messages", run.messages},
                      {"edits", run.edits},
                      {"reactions", run.reactions},
                      {"attachments", run.attachments},
                      {"kept_purged", run.kept_purged},
                      {"trigger", actor ? "admin" : "schedule"}}));
    spdlog::info("retention run trigger={} conversations={} messages={} attachments={} seconds={}",
                 actor ? "admin" : "schedule", run.conversations, run.messages, run.attachments,
                 run.finished_at - run.started_at);
  }
  return run;
}

}  // namespace muster::app
