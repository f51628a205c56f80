// A small work pool for transfers: parallel parts, ranged reads, many small objects.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace ff::cloud {

//! Runs work(i) for every i in [0, count) on up to `threads` threads (the caller's included),
//! each pulling the next index from a shared counter. The first failure stops the hand-out of
//! new indices and is rethrown once every thread has finished.
template <typename Work>
void ForEachInParallel(size_t count, unsigned threads, Work work) {
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr first_failure;
  std::mutex failure_mutex;
  auto drain = [&] {
    while (!stop.load()) {
      const size_t index = next.fetch_add(1);
      if (index >= count) return;
      try {
        work(index);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!first_failure) first_failure = std::current_exception();
        stop = true;
      }
    }
  };
  const size_t helpers = std::min<size_t>(std::max(threads, 1u), count);
  std::vector<std::thread> pool;
  for (size_t i = 1; i < helpers; ++i) pool.emplace_back(drain);
  drain();
  for (std::thread& thread : pool) thread.join();
  if (first_failure) std::rethrow_exception(first_failure);
}

}  // namespace ff::cloud
