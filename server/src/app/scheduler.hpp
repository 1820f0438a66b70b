// Periodic jobs (end dates, retention; later digests and backups). Each job runs on a thread of its
// own, so a long retention run never delays an end date. A job's failure (an error or an exception)
// is logged and the job is tried again at the next tick; it never stops the server.
// Thread-safe: add() before start(); stop() (also the destructor) waits for running jobs to return.
#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.hpp"

namespace muster::app {

class Scheduler {
 public:
  using Job = std::function<Status()>;
  // `tick`: how often each job's thread wakes to see whether the job is due.
  explicit Scheduler(std::chrono::milliseconds tick);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Runs `job` every `interval` (at most once a tick; zero: every tick), the first time one tick
  // after start().
  void add(std::string name, std::chrono::milliseconds interval, Job job);
  void start();
  void stop();
  // For long jobs: true once stop() was called, so they can end early.
  bool stopping() const;

 private:
  struct Entry {
    std::string name;
    std::chrono::milliseconds interval;
    Job job;
  };
  void loop(const Entry& entry);
  bool wait_for(std::chrono::steady_clock::duration d);  // false when stopping

  std::chrono::milliseconds tick_;
  std::vector<Entry> entries_;  // fixed once started
  std::vector<std::thread> threads_;
  mutable std::mutex mutex_;  // guards stopping_
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace muster::app
