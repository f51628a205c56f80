// Stopping engine work from another thread: a run's thread enters a CancelScope; connections
// it acquires while the scope lives are bound to the scope's CancelSignal, and Cancel()
// interrupts the statements running on them and refuses new ones on that thread.
//
// Contract:
//  - Cancel() may be called from any thread, any number of times; it is sticky.
//  - A statement started on a bound connection after Cancel() throws ff::Error(kEngine,
//    "the run was cancelled") before it runs; one running is interrupted by DuckDB, which
//    fails it with "the query was cancelled".
//  - Scopes nest per thread; the innermost one binds.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace ff::engine {

class Connection;

class CancelSignal {
 public:
  void Cancel();
  bool cancelled() const { return cancelled_.load(); }
  //! A connection bound to this signal (interrupted by Cancel while bound).
  void Attach(Connection* connection);
  void Detach(Connection* connection);
  //! Throws ff::Error(kEngine) when cancelled.
  void ThrowIfCancelled() const;

 private:
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::vector<Connection*> bound_;
};

class CancelScope {
 public:
  explicit CancelScope(std::shared_ptr<CancelSignal> signal);
  ~CancelScope();
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;
  //! The innermost scope's signal on this thread, or null.
  static std::shared_ptr<CancelSignal> Current();

 private:
  std::shared_ptr<CancelSignal> previous_;
};

//! Binds `conn` to the current scope's signal, if any (the engine does, on acquire).
void BindCancel(Connection* connection);
//! Unbinds `connection` (on release and disconnect); cheap when nothing is bound.
void UnbindCancel(Connection* connection);
//! Throws ff::Error(kEngine) when this thread's scope is cancelled (before each statement).
void ThrowIfRunCancelled();

}  // namespace ff::engine
