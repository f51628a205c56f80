// The server's fair gate: never more holders than slots, and waiters served in arrival order.
#include "server/fair_gate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace ff::server {
namespace {

using namespace std::chrono_literals;

TEST(FairGate, NeverMoreHoldersThanSlots) {
  FairGate gate(2);
  std::atomic<int> inside{0}, most{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      for (int round = 0; round < 20; ++round) {
        FairGate::Pass pass(gate);
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --inside;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(most.load(), 2);
  EXPECT_GE(most.load(), 1);
}

TEST(FairGate, WaitersGoInArrivalOrder) {
  FairGate gate(1);
  std::optional<FairGate::Pass> held;
  held.emplace(gate);
  std::mutex mutex;
  std::vector<int> order;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      FairGate::Pass pass(gate);
      std::lock_guard lock(mutex);
      order.push_back(i);
    });
    std::this_thread::sleep_for(30ms);  // each is queued before the next arrives
  }
  held.reset();
  for (auto& t : threads) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
}

}  // namespace
}  // namespace ff::server
