#include "app/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

namespace muster::app {
namespace {

using namespace std::chrono_literals;

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds within = 3000ms) {
  auto until = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

TEST(Scheduler, RunsEachJobAgainAtItsInterval) {
  std::atomic<int> fast{0}, slow{0};
  Scheduler s(10ms);
  s.add("fast", 0ms, [&] { return ++fast, ok_status(); });
  s.add("slow", 10'000ms, [&] { return ++slow, ok_status(); });
  s.start();
  EXPECT_TRUE(eventually([&] { return fast >= 5; }));
  s.stop();
  EXPECT_EQ(slow, 1) << "once a tick after start, then not before its interval";
}

TEST(Scheduler, AFailingJobIsRetriedAtTheNextTickAndOthersGoOn) {
  std::atomic<int> errors{0}, throws{0}, healthy{0};
  Scheduler s(10ms);
  s.add("error", 60'000ms, [&] { return ++errors, Status(invalid("boom")); });
  s.add("throw", 60'000ms, [&]() -> Status {
    ++throws;
    throw std::runtime_error("boom");
  });
  s.add("healthy", 0ms, [&] { return ++healthy, ok_status(); });
  s.start();
  EXPECT_TRUE(eventually([&] { return errors >= 3 && throws >= 3 && healthy >= 3; }))
      << "failures retried every tick despite the long interval";
}

TEST(Scheduler, StopWaitsForARunningJobAndTellsItToEnd) {
  std::atomic<bool> started{false}, ended{false};
  Scheduler s(10ms);
  s.add("long", 0ms, [&] {
    started = true;
    while (!s.stopping()) std::this_thread::sleep_for(1ms);
    ended = true;
    return ok_status();
  });
  s.start();
  ASSERT_TRUE(eventually([&] { return started.load(); }));
  auto before = std::chrono::steady_clock::now();
  s.stop();
  EXPECT_TRUE(ended);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 1s);
}

}  // namespace
}  // namespace muster::app
