#include "app/org_guards.hpp"

#include <spdlog/spdlog.h>

namespace muster::app {

// Reads and compiles outside the lock; only the swap holds it.
Status OrgGuards::load() {
  ASSIGN_OR_RETURN(auto org, stores_.organization().get());
  auto policies = std::make_shared<const domain::OrgPolicies>(org ? org->policies : domain::OrgPolicies{});
  ASSIGN_OR_RETURN(auto rules, stores_.moderation().content_rules());
  // Rules were validated when saved; one that no longer compiles (a newer RE2) is skipped, not fatal.
  auto compiled = domain::ContentRuleSet::compile(rules);
  if (!compiled.ok()) {
    spdlog::warn("content rules: {}; checking without the failing rule", compiled.error().message);
    std::vector<domain::ContentRule> usable;
    for (const auto& r : rules)
      if (domain::validate_content_rule(r).ok()) usable.push_back(r);
    compiled = domain::ContentRuleSet::compile(usable);
    if (!compiled.ok()) return compiled.error();
  }
  MutexLock lock(mutex_);
  policies_ = std::move(policies);
  rules_ = std::move(compiled).value();
  loaded_ = true;
  return ok_status();
}

bool OrgGuards::ensure_loaded(std::string_view what) {
  {
    MutexLock lock(mutex_);
    if (loaded_) return true;
  }
  auto loaded = load();
  if (!loaded.ok()) spdlog::error("{} could not be read: {}", what, loaded.error().message);
  return loaded.ok();
}

std::shared_ptr<const domain::OrgPolicies> OrgGuards::policies() {
  if (!ensure_loaded("organization policies")) return std::make_shared<const domain::OrgPolicies>();
  MutexLock lock(mutex_);
  return policies_;
}

std::shared_ptr<const domain::ContentRuleSet> OrgGuards::content_rules() {
  if (!ensure_loaded("content rules")) return domain::ContentRuleSet::compile({}).value();
  MutexLock lock(mutex_);
  return rules_;
}

bool OrgGuards::may_be_suspended(UnixSeconds now) {
  UnixSeconds until = suspended_until_.load();
  if (until < 0) {
    auto latest = stores_.moderation().latest_suspension_end();
    if (!latest.ok()) return true;  // unknown: look it up
    UnixSeconds expected = -1;
    suspended_until_.compare_exchange_strong(expected, *latest);
    until = suspended_until_.load();
  }
  return until > now;
}

void OrgGuards::reload() {
  if (auto loaded = load(); !loaded.ok()) spdlog::error("policies and content rules reload: {}", loaded.error().message);
}

void OrgGuards::suspension_added(UnixSeconds until) {
  UnixSeconds seen = suspended_until_.load();
  if (seen < 0) return;  // not read yet: the first read sees this one too
  while (seen < until && !suspended_until_.compare_exchange_weak(seen, until)) {
  }
}

}  // namespace muster::app
