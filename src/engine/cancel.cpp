#include "engine/cancel.hpp"

#include <algorithm>

#include "engine/engine.hpp"
#include "flowfile/errors.hpp"

namespace ff::engine {
namespace {
thread_local std::shared_ptr<CancelSignal> current_signal;

// Which signal each bound connection answers to (few at a time: one per running query).
std::mutex bound_mutex;
std::atomic<size_t> bound_count{0};  // lets UnbindCancel skip the lock when nothing is bound
std::unordered_map<Connection*, std::shared_ptr<CancelSignal>>& Bound() {
  static auto* bound = new std::unordered_map<Connection*, std::shared_ptr<CancelSignal>>();
  return *bound;
}
}  // namespace

void BindCancel(Connection* connection) {
  if (!current_signal) return;
  current_signal->Attach(connection);
  std::lock_guard lock(bound_mutex);
  Bound()[connection] = current_signal;
  bound_count.store(Bound().size());
}

void UnbindCancel(Connection* connection) {
  if (bound_count.load() == 0) return;
  std::shared_ptr<CancelSignal> signal;
  {
    std::lock_guard lock(bound_mutex);
    auto it = Bound().find(connection);
    if (it == Bound().end()) return;
    signal = std::move(it->second);
    Bound().erase(it);
    bound_count.store(Bound().size());
  }
  signal->Detach(connection);
}

void ThrowIfRunCancelled() {
  if (current_signal) current_signal->ThrowIfCancelled();
}

void CancelSignal::Cancel() {
  cancelled_.store(true);
  std::lock_guard lock(mutex_);
  for (Connection* connection : bound_) connection->Interrupt();
}

void CancelSignal::Attach(Connection* connection) {
  std::lock_guard lock(mutex_);
  bound_.push_back(connection);
}

void CancelSignal::Detach(Connection* connection) {
  std::lock_guard lock(mutex_);
  bound_.erase(std::remove(bound_.begin(), bound_.end(), connection), bound_.end());
}

void CancelSignal::ThrowIfCancelled() const {
  if (cancelled()) throw Error(ErrorCode::kEngine, "the run was cancelled");
}

CancelScope::CancelScope(std::shared_ptr<CancelSignal> signal)
    : previous_(std::move(current_signal)) {
  current_signal = std::move(signal);
}

CancelScope::~CancelScope() { current_signal = std::move(previous_); }

std::shared_ptr<CancelSignal> CancelScope::Current() { return current_signal; }

}  // namespace ff::engine
