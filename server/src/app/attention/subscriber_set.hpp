// Who has at least one device subscribed to push, kept in memory so a message no subscriber can
// receive costs the notifier nothing — on most servers most messages. Additions are seen at once;
// removals (a session ended, a push service said "gone") at the next reload, until which such a
// person only costs one query that finds nothing.
#pragma once
#include <atomic>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/mutex.hpp"

namespace muster::app {

class SubscriberSet {
 public:
  bool empty() const { return count_.load(std::memory_order_relaxed) == 0; }
  bool any_of(const std::vector<std::string>& person_ids) const {
    MutexLock lock(mutex_);
    for (const auto& id : person_ids)
      if (people_.count(id)) return true;
    return false;
  }
  void add(const std::string& person_id) {
    MutexLock lock(mutex_);
    people_.insert(person_id);
    count_.store(people_.size(), std::memory_order_relaxed);
  }
  void reload(std::vector<std::string> person_ids) {
    MutexLock lock(mutex_);
    people_ = {person_ids.begin(), person_ids.end()};
    count_.store(people_.size(), std::memory_order_relaxed);
  }

 private:
  mutable Mutex mutex_;
  std::unordered_set<std::string> people_ GUARDED_BY(mutex_);
  std::atomic<size_t> count_{0};
};

}  // namespace muster::app
