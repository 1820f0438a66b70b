// Everyone's working hours, ready for the notifier: the stored JSON of every scope parsed once,
// and each person's effective hours (domain/attention/working_hours.hpp: their own, else their
// department's, location's or the organization's default, else always working) worked out once
// and kept until any hours change. The database stays the truth; reload() after a change commits.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/mutex.hpp"
#include "domain/attention/working_hours.hpp"
#include "domain/person.hpp"
#include "store/store.hpp"

namespace muster::app {

class HoursBook {
 public:
  explicit HoursBook(store::Stores& stores) : stores_(stores) {}

  // A person's effective hours; always working when nothing is set or the store cannot be read.
  std::shared_ptr<const domain::EffectiveHours> of(const domain::Person& person);
  // Whether the person is working at `now`. The answer is kept until it can change
  // (domain::working_state), so a message to thousands of people asks the time zone database about
  // each of them about twice a day rather than once per message.
  bool working(const domain::Person& person, UnixSeconds now);
  void reload();

 private:
  using ByKey = std::unordered_map<std::string, domain::WorkingHours>;
  struct Loaded {
    ByKey person, department, location;
    std::optional<domain::WorkingHours> organization;
    std::unordered_map<std::string, UnixSeconds> do_not_disturb;
  };
  // Reads every scope from the store; called without the lock (no I/O under a lock).
  Result<std::shared_ptr<const Loaded>> load();

  store::Stores& stores_;
  Mutex mutex_;
  std::shared_ptr<const Loaded> loaded_ GUARDED_BY(mutex_);
  std::uint64_t generation_ GUARDED_BY(mutex_) = 0;  // counts reloads
  struct Cached {
    std::string department, location;
    std::shared_ptr<const domain::EffectiveHours> hours;
    UnixSeconds state_from = 0;  // state holds over [state_from, state.until)
    domain::WorkingState state{false, 0};
  };
  // The person's entry, when it was worked out for where they are now (department and location).
  const Cached* cached(const domain::Person& person) const REQUIRES(mutex_);
  std::unordered_map<std::string, Cached> effective_ GUARDED_BY(mutex_);
};

}  // namespace muster::app
