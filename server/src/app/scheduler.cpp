#include "app/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace muster::app {

Scheduler::Scheduler(std::chrono::milliseconds tick) : tick_(tick) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::add(std::string name, std::chrono::milliseconds interval, Job job) {
  entries_.push_back({std::move(name), interval, std::move(job)});
}

void Scheduler::start() {
  // spdlog builds its registry on first use; build it here, before the jobs' threads can race to
  // (its lazy construction lives in the uninstrumented library: ThreadSanitizer reported it).
  (void)spdlog::default_logger_raw();
  for (const auto& entry : entries_) threads_.emplace_back([this, &entry] { loop(entry); });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

bool Scheduler::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

bool Scheduler::wait_for(std::chrono::steady_clock::duration d) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, d, [this] { return stopping_; });
}

void Scheduler::loop(const Entry& entry) {
  using Clock = std::chrono::steady_clock;
  auto next = Clock::now() + tick_;
  bool failing = false;
  while (wait_for(std::max<Clock::duration>(next - Clock::now(), Clock::duration::zero()))) {
    Status result = ok_status();
    try {
      result = entry.job();
    } catch (const std::exception& e) {
      result = Error{ErrorCode::Internal, e.what()};
    } catch (...) {
      result = Error{ErrorCode::Internal, "unknown exception"};
    }
    if (!result.ok()) {
      spdlog::error("scheduled job failed job={} retry_in_ms={}: {}", entry.name, tick_.count(), result.error().message);
      failing = true;
      next = Clock::now() + tick_;
      continue;
    }
    if (failing) spdlog::info("scheduled job recovered job={}", entry.name);
    failing = false;
    next = Clock::now() + std::max(entry.interval, tick_);
  }
}

}  // namespace muster::app
