// What every conversation and message is checked against, kept ready in memory because sending
// must not read it from the database each time: the organization's policies, its content rules
// (compiled), and whether any posting suspension may be in force. Reloaded after each change to
// them commits; the database stays the truth.
#pragma once
#include <atomic>
#include <memory>
#include <string_view>

#include "core/mutex.hpp"
#include "domain/moderation/content_rules.hpp"
#include "domain/policies.hpp"
#include "store/store.hpp"

namespace muster::app {

class OrgGuards {
 public:
  explicit OrgGuards(store::Stores& stores) : stores_(stores) {}

  std::shared_ptr<const domain::OrgPolicies> policies();
  std::shared_ptr<const domain::ContentRuleSet> content_rules();
  // False when no suspension can be in force at `now`: the common case reads nothing.
  bool may_be_suspended(UnixSeconds now);

  // After a change to the policies or the content rules commits (an effect): the next check reads
  // the new state. One reload serves both: they are read together.
  void reload();
  void suspension_added(UnixSeconds until);

 private:
  Status load();
  // Loads on first use; false (logged with `what`) when the store could not be read.
  bool ensure_loaded(std::string_view what);

  store::Stores& stores_;
  Mutex mutex_;
  bool loaded_ GUARDED_BY(mutex_) = false;
  std::shared_ptr<const domain::OrgPolicies> policies_ GUARDED_BY(mutex_);
  std::shared_ptr<const domain::ContentRuleSet> rules_ GUARDED_BY(mutex_);
  std::atomic<UnixSeconds> suspended_until_{-1};  // -1: not read yet
};

}  // namespace muster::app
