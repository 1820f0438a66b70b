// For tests that race two use cases: runs both on two threads released at the same moment.
#pragma once
#include <functional>
#include <latch>
#include <thread>

namespace muster::app::race_testing {

inline void race(const std::function<void()>& a, const std::function<void()>& b) {
  std::latch start(2);
  std::thread other([&] {
    start.arrive_and_wait();
    b();
  });
  start.arrive_and_wait();
  a();
  other.join();
}

}  // namespace muster::app::race_testing
