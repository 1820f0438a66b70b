// Hands encrypted Web Push messages to the browsers' push services (RFC 8030), off every request
// path: a bounded queue, a few sender threads, retries with exponential back-off for answers that
// ask for it (429, 5xx, network errors; Retry-After is honoured), a per-person rate limit, and the
// subscription dropped when its push service says it is gone (404, 410).
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/rate_limiter.hpp"
#include "crypto/web_push.hpp"

namespace muster::app {

// One encrypted message for one subscription.
struct PushDelivery {
  std::string subscription_id;
  std::string person_id;
  std::string endpoint;
  std::string body;     // RFC 8291 aes128gcm
  std::string urgency;  // RFC 8030 Urgency: "very-low", "low", "normal" or "high"
  std::string topic;    // RFC 8030 Topic: an undelivered message with the same topic is replaced
  int ttl_seconds = 24 * 3600;
  int attempts = 0;
};

// What a push service answered: an HTTP status, or 0 when it could not be reached.
struct PushAnswer {
  int status = 0;
  int retry_after_seconds = 0;
};

// The HTTP client (transport/push/): POSTs one delivery with its VAPID Authorization header.
class PushTransport {
 public:
  virtual ~PushTransport() = default;
  virtual PushAnswer post(const PushDelivery& delivery, const std::string& authorization) = 0;
};

struct PushSenderOptions {
  int threads = 2;
  size_t queue_capacity = 100'000;
  int max_attempts = 5;
  std::chrono::milliseconds first_backoff{1000};  // doubled after each failed attempt
  int per_person_per_minute = 60;                 // beyond it, pushes are dropped (and counted)
  std::string vapid_subject = "mailto:admin@localhost";
};

struct PushSenderStats {
  std::uint64_t queued = 0;
  std::uint64_t delivered = 0;
  std::uint64_t retried = 0;
  std::uint64_t gone = 0;         // subscriptions dropped on 404/410
  std::uint64_t failed = 0;       // given up, or refused by the push service
  std::uint64_t dropped_full = 0;  // the queue was full
  std::uint64_t rate_limited = 0;
};

class PushSender {
 public:
  struct Callbacks {
    std::function<void(const std::string& subscription_id)> delivered;
    std::function<void(const std::string& subscription_id)> gone;
  };
  PushSender(PushTransport& transport, crypto::VapidKeys keys, Callbacks callbacks, PushSenderOptions options = {});
  ~PushSender();
  PushSender(const PushSender&) = delete;
  PushSender& operator=(const PushSender&) = delete;

  // Never blocks: false when the queue is full or the person has had too many pushes this minute.
  bool enqueue(PushDelivery delivery);
  PushSenderStats stats() const;
  // Waits until nothing is queued, retrying or in flight (tests and benchmarks).
  void drain();
  void stop();

 private:
  using Clock = std::chrono::steady_clock;
  void run();
  void attempt(PushDelivery delivery);
  // The VAPID header for an endpoint's push service, signed once per origin and reused for hours.
  std::string authorization(const std::string& endpoint);

  PushTransport& transport_;
  const crypto::VapidKeys keys_;
  const Callbacks callbacks_;
  const PushSenderOptions options_;
  RateLimiter per_person_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::multimap<Clock::time_point, PushDelivery> queue_;  // guarded by mutex_; due time, then FIFO
  int in_flight_ = 0;                                     // guarded by mutex_
  bool stopping_ = false;                                 // guarded by mutex_
  PushSenderStats stats_;                                 // guarded by mutex_
  std::map<std::string, std::pair<std::string, std::int64_t>> vapid_by_origin_;  // guarded by mutex_: header, expiry
  std::vector<std::thread> threads_;
};

}  // namespace muster::app
