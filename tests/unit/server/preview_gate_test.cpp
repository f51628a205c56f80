// The Designer's preview gate: a newer preview with the same key cancels the older one (its
// engine query too), cancelled waiters leave at once, and never more run than there are places.
#include "server/preview_gate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "engine/engine.hpp"
#include "flowfile/errors.hpp"

namespace ff::server {
namespace {

using namespace std::chrono_literals;

TEST(PreviewGate, ANewerPreviewWithTheSameKeyCancelsTheOlder) {
  PreviewGate gate(8);
  const auto first = gate.Enter("page-1");
  const auto other = gate.Enter("page-2");
  EXPECT_FALSE(first->cancelled());
  const auto second = gate.Enter("page-1");
  EXPECT_TRUE(first->cancelled());
  EXPECT_FALSE(second->cancelled());
  EXPECT_FALSE(other->cancelled());  // other pages keep theirs
  const auto keyless = gate.Enter("");
  const auto keyless_too = gate.Enter("");
  EXPECT_FALSE(keyless->cancelled());  // no key: nothing replaces it
  // A cancelled preview keeps its place until its request ends (promptly, its query stopped).
  EXPECT_EQ(gate.running(), 5u);
}

TEST(PreviewGate, CancelByKeyAndCancelAll) {
  PreviewGate gate(4);
  EXPECT_FALSE(gate.Cancel("nobody"));
  const auto a = gate.Enter("a");
  const auto b = gate.Enter("b");
  EXPECT_TRUE(gate.Cancel("a"));
  EXPECT_TRUE(a->cancelled());
  EXPECT_FALSE(gate.Cancel("a"));  // already gone
  gate.CancelAll();
  EXPECT_TRUE(b->cancelled());
}

TEST(PreviewGate, WaitsForAPlaceAndACancelledWaiterLeavesAtOnce) {
  PreviewGate gate(1);
  auto holder = gate.Enter("a");
  std::atomic<bool> admitted{false};
  auto waiter = std::async(std::launch::async, [&] {
    auto ticket = gate.Enter("b");
    admitted = !ticket->cancelled();
    return ticket->cancelled();
  });
  EXPECT_EQ(waiter.wait_for(100ms), std::future_status::timeout);  // no place yet
  auto replacing = std::async(std::launch::async, [&] { return gate.Enter("b")->cancelled(); });
  EXPECT_EQ(waiter.wait_for(2s), std::future_status::ready);  // replaced: leaves without a place
  EXPECT_TRUE(waiter.get());
  EXPECT_FALSE(admitted);
  EXPECT_EQ(gate.running(), 1u);
  holder.reset();  // the place goes to the newer preview
  ASSERT_EQ(replacing.wait_for(2s), std::future_status::ready);
  EXPECT_FALSE(replacing.get());
  EXPECT_EQ(gate.running(), 0u);
}

TEST(PreviewGate, ReplacingAPreviewInterruptsItsQuery) {
  PreviewGate gate(2);
  std::promise<void> entered;
  auto slow = std::async(std::launch::async, [&] {
    const auto ticket = gate.Enter("page");
    CancelScope scope(ticket->token());
    entered.set_value();
    try {
      engine::Engine::Get().Acquire()->Execute(
          "SELECT count(*) FROM range(200000000) a, range(1000) b WHERE (a.range + b.range) % 7 = "
          "3");
    } catch (const Error&) {
      return ticket->cancelled();
    }
    return false;
  });
  entered.get_future().wait();
  std::this_thread::sleep_for(200ms);
  const auto start = std::chrono::steady_clock::now();
  const auto newer = gate.Enter("page");
  ASSERT_EQ(slow.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(slow.get());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_FALSE(newer->cancelled());
}

}  // namespace
}  // namespace ff::server
