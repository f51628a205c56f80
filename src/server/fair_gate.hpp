// A first-come, first-served gate: at most `slots` holders at once, the rest wait in arrival
// order.
//
// Why: every request thread of the server (one per keep-alive client) may be runnable at
// once. Fifty threads racing on two cores for the store's one connection hand its mutex
// over in random order and get preempted while holding it, so a few requests wait through
// many others' turns (the p99 tail). Quick metadata handlers pass this gate instead: a few
// run at once (the dispatcher allows twice the cores: one may wait on the store while another
// computes), the others sleep until their turn, and each waits for about the same number of
// turns.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace ff::server {

class FairGate {
 public:
  explicit FairGate(size_t slots) : free_(slots == 0 ? 1 : slots) {}
  FairGate(const FairGate&) = delete;
  FairGate& operator=(const FairGate&) = delete;

  //! Holds one slot from construction to destruction.
  class Pass {
   public:
    explicit Pass(FairGate& gate) : gate_(gate) { gate_.Enter(); }
    ~Pass() { gate_.Leave(); }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;

   private:
    FairGate& gate_;
  };

 private:
  struct Waiter {
    std::condition_variable wake;
    bool admitted = false;
  };
  void Enter();
  void Leave();

  std::mutex mutex_;
  size_t free_;
  std::deque<Waiter*> queue_;  // waiting, oldest first
};

}  // namespace ff::server
