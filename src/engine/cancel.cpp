#include "engine/cancel.hpp"

#include <algorithm>

#include "flowfile/errors.hpp"

namespace ff::engine {
namespace {
thread_local std::shared_ptr<CancelSignal> current_signal;

// Which signal each bound connection answers to (few at a time: one per running query).
std::mutex bound_mutex;
std::unordered_map<duckdb_connection, std::shared_ptr<CancelSignal>>& Bound() {
  static auto* bound = new std::unordered_map<duckdb_connection, std::shared_ptr<CancelSignal>>();
  return *bound;
}
}  // namespace

void BindCancel(duckdb_connection conn) {
  if (!current_signal) return;
  current_signal->Attach(conn);
  std::lock_guard lock(bound_mutex);
  Bound()[conn] = current_signal;
}

void UnbindCancel(duckdb_connection conn) {
  std::shared_ptr<CancelSignal> signal;
  {
    std::lock_guard lock(bound_mutex);
    auto it = Bound().find(conn);
    if (it == Bound().end()) return;
    signal = std::move(it->second);
    Bound().erase(it);
  }
  signal->Detach(conn);
}

void ThrowIfRunCancelled() {
  if (current_signal) current_signal->ThrowIfCancelled();
}

void CancelSignal::Cancel() {
  cancelled_.store(true);
  std::lock_guard lock(mutex_);
  for (duckdb_connection conn : bound_) duckdb_interrupt(conn);
}

void CancelSignal::Attach(duckdb_connection conn) {
  std::lock_guard lock(mutex_);
  bound_.push_back(conn);
}

void CancelSignal::Detach(duckdb_connection conn) {
  std::lock_guard lock(mutex_);
  bound_.erase(std::remove(bound_.begin(), bound_.end(), conn), bound_.end());
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
