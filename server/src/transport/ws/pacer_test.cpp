#include "transport/ws/pacer.hpp"

#include <gtest/gtest.h>

#include <atomic>

namespace muster::transport {
namespace {

using namespace std::chrono_literals;

struct FakeSocket : Paced {
  std::atomic<int> resumed = 0;
  WsPacer::Clock::time_point at{};
  void resume_paced() override {
    at = WsPacer::Clock::now();
    ++resumed;
  }
};

TEST(WsPacer, DeferredSocketsResumeTogetherAtTheNextTickNotBefore) {
  asio::io_context io;
  WsPacer pacer(io, 30ms);
  auto a = std::make_shared<FakeSocket>(), b = std::make_shared<FakeSocket>();
  auto start = WsPacer::Clock::now();
  pacer.defer(a);
  pacer.defer(b);
  EXPECT_EQ(a->resumed, 0);  // held back until the tick
  io.run();                  // returns once the tick has run: nothing else is pending
  EXPECT_EQ(a->resumed, 1);
  EXPECT_EQ(b->resumed, 1);
  EXPECT_GE(a->at - start, 30ms);
  EXPECT_GE(b->at - start, 30ms);
}

TEST(WsPacer, ADeferralAfterATickWaitsForTheNextOne) {
  asio::io_context io;
  WsPacer pacer(io, 10ms);
  auto socket = std::make_shared<FakeSocket>();
  pacer.defer(socket);
  io.run();
  ASSERT_EQ(socket->resumed, 1);
  pacer.defer(socket);
  EXPECT_EQ(socket->resumed, 1);
  io.restart();
  io.run();
  EXPECT_EQ(socket->resumed, 2);
}

TEST(WsPacer, StoppingResumesWaitingSocketsAndLaterOnesAtOnce) {
  asio::io_context io;
  WsPacer pacer(io, 10s);
  auto waiting = std::make_shared<FakeSocket>(), late = std::make_shared<FakeSocket>();
  pacer.defer(waiting);
  pacer.stop();
  EXPECT_EQ(waiting->resumed, 1);
  pacer.defer(late);
  EXPECT_EQ(late->resumed, 1);
  io.run();  // the cancelled tick resumes no one again
  EXPECT_EQ(waiting->resumed, 1);
}

}  // namespace
}  // namespace muster::transport
