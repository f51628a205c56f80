// ff::CancelToken: a query running under a scope is interrupted from another thread, later
// queries of that thread are refused, and other threads' work is untouched.
#include "flowfile/cancel.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "engine/engine.hpp"
#include "flowfile/errors.hpp"

namespace ff {
namespace {

// Long enough that only an interrupt ends it within the test's time.
const char* kSlowQuery =
    "SELECT count(*) FROM range(200000000) a, range(1000) b WHERE (a.range + b.range) % 7 = 3";

TEST(CancelToken, InterruptsTheRunningQueryAndRefusesTheNext) {
  CancelToken token;
  std::string first_error, second_error;
  const auto start = std::chrono::steady_clock::now();
  std::thread worker([&] {
    CancelScope scope(token);
    try {
      engine::Engine::Get().Acquire()->Execute(kSlowQuery);
    } catch (const Error& e) {
      first_error = e.what();
    }
    try {
      engine::Engine::Get().Acquire()->Execute("SELECT 1");
    } catch (const Error& e) {
      second_error = e.what();
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  token.Cancel();
  worker.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_EQ(first_error, "the query was cancelled");
  EXPECT_EQ(second_error, "the run was cancelled");
  EXPECT_TRUE(token.cancelled());
  // Outside the scope (and on the pooled connections it used) work goes on.
  EXPECT_EQ(engine::Engine::Get().Acquire()->QueryText("SELECT 42")[0][0], "42");
}

TEST(CancelToken, CancelBeforeTheWorkStartsRefusesIt) {
  CancelToken token;
  const CancelToken copy = token;  // copies share the state
  copy.Cancel();
  CancelScope scope(token);
  EXPECT_THROW(engine::Engine::Get().Acquire()->Execute("SELECT 1"), Error);
}

}  // namespace
}  // namespace ff
