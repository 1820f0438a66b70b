#include "app/attention/hours_book.hpp"

#include <spdlog/spdlog.h>

namespace muster::app {

namespace {

Result<std::unordered_map<std::string, domain::WorkingHours>> parse_scope(store::AttentionStore& store,
                                                                          store::HoursScope scope) {
  ASSIGN_OR_RETURN(auto rows, store.all_hours(scope));
  std::unordered_map<std::string, domain::WorkingHours> out;
  for (auto& [key, text] : rows) {
    auto json = Json::parse(text, nullptr, false);
    auto hours = domain::parse_working_hours(json);
    // Stored hours were checked when written; a zone tzdata has since dropped is skipped, not fatal.
    if (hours.ok()) out.emplace(key, std::move(hours).value());
  }
  return out;
}

}  // namespace

Status HoursBook::load_locked() {
  auto& store = stores_.attention();
  auto loaded = std::make_shared<Loaded>();
  ASSIGN_OR_RETURN(loaded->person, parse_scope(store, store::HoursScope::Person));
  ASSIGN_OR_RETURN(loaded->department, parse_scope(store, store::HoursScope::Department));
  ASSIGN_OR_RETURN(loaded->location, parse_scope(store, store::HoursScope::Location));
  ASSIGN_OR_RETURN(auto organization, parse_scope(store, store::HoursScope::Organization));
  if (auto it = organization.find(""); it != organization.end()) loaded->organization = std::move(it->second);
  ASSIGN_OR_RETURN(auto quiet, store.all_do_not_disturb(now_seconds() - 366 * 86400));
  loaded->do_not_disturb.insert(quiet.begin(), quiet.end());
  loaded_ = std::move(loaded);
  return ok_status();
}

std::shared_ptr<const domain::EffectiveHours> HoursBook::of(const domain::Person& person) {
  MutexLock lock(mutex_);
  // Kept with what decided it, so a move to another department or location is seen at once.
  auto it = effective_.find(person.id);
  if (it != effective_.end() && it->second.department == person.department && it->second.location == person.location)
    return it->second.hours;
  if (!loaded_) {
    if (auto loaded = load_locked(); !loaded.ok()) {
      spdlog::warn("attention: working hours not readable: {}", loaded.error().message);
      return std::make_shared<const domain::EffectiveHours>(domain::EffectiveHours{domain::always_working(), {}});
    }
  }
  auto find = [](const ByKey& map, const std::string& key) -> const domain::WorkingHours* {
    if (key.empty()) return nullptr;
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
  };
  domain::HoursCandidates candidates;
  candidates.person = find(loaded_->person, person.id);
  candidates.department = find(loaded_->department, person.department);
  candidates.location = find(loaded_->location, person.location);
  candidates.organization = loaded_->organization ? &*loaded_->organization : nullptr;
  if (auto quiet = loaded_->do_not_disturb.find(person.id); quiet != loaded_->do_not_disturb.end())
    candidates.do_not_disturb_until = quiet->second;
  auto effective = std::make_shared<const domain::EffectiveHours>(domain::effective_hours(candidates));
  effective_[person.id] = {person.department, person.location, effective};
  return effective;
}

void HoursBook::reload() {
  MutexLock lock(mutex_);
  loaded_.reset();
  effective_.clear();
}

}  // namespace muster::app
