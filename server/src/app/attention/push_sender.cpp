#include "app/attention/push_sender.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "app/attention/background_thread.hpp"
#include "core/clock.hpp"

namespace muster::app {

namespace {

// RFC 8292 allows at most 24 hours; a header is reused until an hour before it lapses.
constexpr std::int64_t kVapidLifetimeSeconds = 12 * 3600;
constexpr std::int64_t kVapidRenewBeforeSeconds = 3600;

bool worth_retrying(int status) { return status == 0 || status == 429 || status >= 500; }

}  // namespace

PushSender::PushSender(PushTransport& transport, crypto::VapidKeys keys, Callbacks callbacks, PushSenderOptions options)
    : transport_(transport),
      keys_(std::move(keys)),
      callbacks_(std::move(callbacks)),
      options_(std::move(options)),
      per_person_(options_.per_person_per_minute, 60) {
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this] { run(); });
}

PushSender::~PushSender() { stop(); }

void PushSender::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

bool PushSender::enqueue(PushDelivery delivery) {
  UnixSeconds now = now_seconds();
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    if (queue_.size() >= options_.queue_capacity) {
      ++stats_.dropped_full;
      return false;
    }
  }
  if (per_person_.retry_after(delivery.person_id, now) > 0) {
    std::lock_guard lock(mutex_);
    ++stats_.rate_limited;
    return false;
  }
  per_person_.record_failure(delivery.person_id, now);  // counts a push, not a failure
  {
    std::lock_guard lock(mutex_);
    queue_.emplace(Clock::now(), std::move(delivery));
    ++stats_.queued;
  }
  wake_.notify_one();
  return true;
}

PushSenderStats PushSender::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void PushSender::drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return stopping_ || (queue_.empty() && in_flight_ == 0); });
}

void PushSender::run() {
  lower_thread_priority();
  std::unique_lock lock(mutex_);
  while (true) {
    if (stopping_) return;
    if (queue_.empty()) {
      wake_.wait(lock);
      continue;
    }
    auto due = queue_.begin()->first;
    if (due > Clock::now()) {
      wake_.wait_until(lock, due);
      continue;
    }
    PushDelivery next = std::move(queue_.begin()->second);
    queue_.erase(queue_.begin());
    ++in_flight_;
    lock.unlock();
    attempt(std::move(next));
    lock.lock();
    --in_flight_;
    if (queue_.empty() && in_flight_ == 0) idle_.notify_all();
  }
}

void PushSender::attempt(PushDelivery delivery) {
  ++delivery.attempts;
  PushAnswer answer = transport_.post(delivery, authorization(delivery.endpoint));
  if (answer.status >= 200 && answer.status < 300) {
    if (callbacks_.delivered) callbacks_.delivered(delivery.subscription_id);
    std::lock_guard lock(mutex_);
    ++stats_.delivered;
    return;
  }
  if (answer.status == 404 || answer.status == 410) {
    // The browser unsubscribed or the subscription expired: it will never work again.
    if (callbacks_.gone) callbacks_.gone(delivery.subscription_id);
    std::lock_guard lock(mutex_);
    ++stats_.gone;
    return;
  }
  if (!worth_retrying(answer.status) || delivery.attempts >= options_.max_attempts) {
    spdlog::warn("push: gave up on a delivery to subscription {} after {} attempt(s), last status {}",
                 delivery.subscription_id, delivery.attempts, answer.status);
    std::lock_guard lock(mutex_);
    ++stats_.failed;
    return;
  }
  auto backoff = options_.first_backoff * (1 << std::min(delivery.attempts - 1, 10));
  auto wait = std::max<std::chrono::milliseconds>(backoff, std::chrono::seconds(answer.retry_after_seconds));
  {
    std::lock_guard lock(mutex_);
    ++stats_.retried;
    queue_.emplace(Clock::now() + wait, std::move(delivery));
  }
  wake_.notify_one();
}

std::string PushSender::authorization(const std::string& endpoint) {
  auto origin = crypto::vapid_audience(endpoint);
  if (!origin.ok()) return {};
  std::int64_t now = now_seconds();
  {
    std::lock_guard lock(mutex_);
    auto it = vapid_by_origin_.find(*origin);
    if (it != vapid_by_origin_.end() && it->second.second - kVapidRenewBeforeSeconds > now) return it->second.first;
  }
  auto header = crypto::vapid_authorization(endpoint, options_.vapid_subject, keys_, now + kVapidLifetimeSeconds);
  if (!header.ok()) return {};
  std::lock_guard lock(mutex_);
  vapid_by_origin_[*origin] = {*header, now + kVapidLifetimeSeconds};
  return *header;
}

}  // namespace muster::app
