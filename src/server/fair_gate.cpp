#include "fair_gate.hpp"

namespace ff::server {

void FairGate::Enter() {
  std::unique_lock lock(mutex_);
  if (free_ > 0 && queue_.empty()) {
    --free_;
    return;
  }
  Waiter me;
  queue_.push_back(&me);
  me.wake.wait(lock, [&] { return me.admitted; });
}

void FairGate::Leave() {
  std::lock_guard lock(mutex_);
  if (queue_.empty()) {
    ++free_;
    return;
  }
  // The slot passes straight to the oldest waiter (woken alone, not the whole queue).
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->admitted = true;
  next->wake.notify_one();
}

}  // namespace ff::server
