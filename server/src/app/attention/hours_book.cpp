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

Result<std::shared_ptr<const HoursBook::Loaded>> HoursBook::load() {
  auto& store = stores_.attention();
  auto loaded = std::make_shared<Loaded>();
  ASSIGN_OR_RETURN(loaded->person, parse_scope(store, store::HoursScope::Person));
  ASSIGN_OR_RETURN(loaded->department, parse_scope(store, store::HoursScope::Department));
  ASSIGN_OR_RETURN(loaded->location, parse_scope(store, store::HoursScope::Location));
  ASSIGN_OR_RETURN(auto organization, parse_scope(store, store::HoursScope::Organization));
  if (auto it = organization.find(""); it != organization.end()) loaded->organization = std::move(it->second);
  ASSIGN_OR_RETURN(auto quiet, store.all_do_not_disturb(now_seconds() - 366 * 86400));
  loaded->do_not_disturb.insert(quiet.begin(), quiet.end());
  return std::shared_ptr<const Loaded>(std::move(loaded));
}

std::shared_ptr<const domain::EffectiveHours> HoursBook::of(const domain::Person& person) {
  std::shared_ptr<const Loaded> loaded;
  std::uint64_t generation = 0;
  {
    MutexLock lock(mutex_);
    if (const auto* entry = cached(person)) return entry->hours;
    loaded = loaded_;
    generation = generation_;
  }
  if (!loaded) {
    auto read = load();
    if (!read.ok()) {
      spdlog::warn("attention: working hours not readable: {}", read.error().message);
      return std::make_shared<const domain::EffectiveHours>(domain::EffectiveHours{domain::always_working(), {}});
    }
    loaded = std::move(read).value();
  }
  auto find = [](const ByKey& map, const std::string& key) -> const domain::WorkingHours* {
    if (key.empty()) return nullptr;
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
  };
  domain::HoursCandidates candidates;
  candidates.person = find(loaded->person, person.id);
  candidates.department = find(loaded->department, person.department);
  candidates.location = find(loaded->location, person.location);
  candidates.organization = loaded->organization ? &*loaded->organization : nullptr;
  if (auto quiet = loaded->do_not_disturb.find(person.id); quiet != loaded->do_not_disturb.end())
    candidates.do_not_disturb_until = quiet->second;
  auto effective = std::make_shared<const domain::EffectiveHours>(domain::effective_hours(candidates));
  MutexLock lock(mutex_);
  // A reload meanwhile may have made this stale: answer with it once, but keep it only if none came.
  if (generation == generation_) {
    loaded_ = loaded;
    effective_[person.id] = {person.department, person.location, effective};
  }
  return effective;
}

bool HoursBook::working(const domain::Person& person, UnixSeconds now) {
  {
    MutexLock lock(mutex_);
    const auto* entry = cached(person);
    if (entry && entry->state_from <= now && now < entry->state.until) return entry->state.working;
  }
  auto hours = of(person);
  auto state = domain::working_state(hours->hours, now);
  MutexLock lock(mutex_);
  // Kept only beside the hours it came from: a reload meanwhile has dropped or replaced them.
  if (auto it = effective_.find(person.id); it != effective_.end() && it->second.hours == hours) {
    it->second.state_from = now;
    it->second.state = state;
  }
  return state.working;
}

const HoursBook::Cached* HoursBook::cached(const domain::Person& person) const {
  // Kept with what decided it, so a move to another department or location is seen at once.
  auto it = effective_.find(person.id);
  if (it == effective_.end() || it->second.department != person.department || it->second.location != person.location)
    return nullptr;
  return &it->second;
}

void HoursBook::reload() {
  MutexLock lock(mutex_);
  ++generation_;
  loaded_.reset();
  effective_.clear();
}

}  // namespace muster::app
