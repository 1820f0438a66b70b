#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/mutex.hpp"
#include "store/sqlite/database.hpp"

namespace muster::store::sqlite {

// Rows read on nearly every request and changed rarely (rosters, sessions, people), kept in
// memory by key. A reader's page cache starts over after every commit, so on a busy server each
// of those reads went back to the file.
//
// It holds committed state only. A store calls changed(key) inside every write that changes a
// key's row: the value goes at once, so the rest of that transaction (a group-commit batch) reads
// the writer's uncommitted row, and again right after the commit, because a reader may have filled
// it from an older snapshot meanwhile. A fill is kept only if no change ran while it was read.
template <class Value>
class CommittedCache {
 public:
  using Weigh = std::function<size_t(const Value&)>;

  // Past `max_weight` (the sum of weigh(value), 1 each by default) the cache starts over.
  CommittedCache(Database& db, size_t max_weight, Weigh weigh = [](const Value&) { return size_t{1}; })
      : db_(db), max_weight_(max_weight), weigh_(std::move(weigh)) {}

  // The cached value, or what `load` reads (from a reader, or from the writer inside a write).
  Result<Value> get(const std::string& key, const std::function<Result<Value>()>& load) {
    const std::uint64_t tx = db_.current_transaction();
    std::uint64_t changes_before = 0;
    bool own_change = false;
    {
      MutexLock lock(mutex_);
      own_change = tx != 0 && tx == dirty_tx_ && dirty_.count(key) > 0;
      if (!own_change)
        if (auto it = values_.find(key); it != values_.end()) return it->second;
      changes_before = changes_;
    }
    auto loaded = load();
    if (!loaded.ok() || own_change) return loaded;  // an uncommitted value is this transaction's alone
    MutexLock lock(mutex_);
    if (changes_ == changes_before) {
      size_t weight = weigh_(loaded.value());
      if (weight_ + weight > max_weight_) values_.clear(), weight_ = 0;
      if (values_.emplace(key, loaded.value()).second) weight_ += weight;
    }
    return loaded;
  }

  // Inside the write that changes `key`'s row.
  void changed(const std::string& key) {
    {
      MutexLock lock(mutex_);
      forget(key);
      std::uint64_t tx = db_.current_transaction();
      if (dirty_tx_ != tx) dirty_.clear(), dirty_tx_ = tx;
      dirty_.insert(key);
    }
    db_.on_commit([this, key] {
      MutexLock lock(mutex_);
      forget(key);
    });
  }

 private:
  void forget(const std::string& key) REQUIRES(mutex_) {
    ++changes_;
    if (auto it = values_.find(key); it != values_.end()) {
      weight_ -= weigh_(it->second);
      values_.erase(it);
    }
  }

  Database& db_;
  const size_t max_weight_;
  const Weigh weigh_;
  Mutex mutex_;
  std::unordered_map<std::string, Value> values_ GUARDED_BY(mutex_);
  size_t weight_ GUARDED_BY(mutex_) = 0;
  std::uint64_t changes_ GUARDED_BY(mutex_) = 0;  // counts invalidations
  // Keys changed by the running write transaction (numbered dirty_tx_), read from the writer
  // until it ends.
  std::uint64_t dirty_tx_ = 0;
  std::unordered_set<std::string> dirty_;
};

}  // namespace muster::store::sqlite
