// Cancelling a run from another thread (the web app's Cancel button, a supervisor).
//
//   ff::CancelToken token;
//   std::thread runner([&] { ff::CancelScope scope(token); flow.Run(); });
//   token.Cancel();  // from any thread
//
// Contract:
//  - Engine work started on a thread while a CancelScope of the token lives is bound to it.
//    Cancel() interrupts the queries running on it now and makes every later query of that
//    thread fail with ff::Error(kEngine, "the run was cancelled"). A run stops at its next
//    query; Flow::Run reports the node it was on as failed with that message.
//  - Cancel() is sticky, thread-safe and may be called before, during or after the work.
//  - Copies of a token share one state.
#pragma once

#include <memory>

namespace ff {

namespace engine {
class CancelSignal;
class CancelScope;
}  // namespace engine

class CancelToken {
 public:
  CancelToken();
  void Cancel() const;
  bool cancelled() const;

 private:
  friend class CancelScope;
  std::shared_ptr<engine::CancelSignal> signal_;
};

//! Binds the engine work this thread starts, while it lives, to `token`. Scopes nest.
class CancelScope {
 public:
  explicit CancelScope(const CancelToken& token);
  ~CancelScope();
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;

 private:
  std::unique_ptr<engine::CancelScope> scope_;
};

}  // namespace ff
