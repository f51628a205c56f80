// Reports a running statement's progress (DuckDB's own estimate, in percent) while it runs.
//
// Contract: constructed just before a statement runs on `conn` and destroyed when it has
// finished; does nothing unless a progress handler is installed (flowfile/progress.hpp).
// Otherwise a watcher thread asks DuckDB for the statement's progress ten times a second and
// reports it under ProgressTaskScope::Current(), then reports `finished`.
#pragma once

#include <duckdb.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace ff::engine {

class QueryProgressWatch {
 public:
  explicit QueryProgressWatch(duckdb_connection conn);
  ~QueryProgressWatch();
  QueryProgressWatch(const QueryProgressWatch&) = delete;
  QueryProgressWatch& operator=(const QueryProgressWatch&) = delete;

 private:
  void Watch();

  duckdb_connection conn_;
  std::string task_;
  std::mutex mutex_;
  std::condition_variable stop_signal_;
  bool stop_ = false;
  std::thread watcher_;
};

//! Turns DuckDB's progress tracking on for `conn` (without its own printing) when a progress
//! handler is installed; `enabled` remembers it per connection.
void EnableProgressTracking(duckdb_connection conn, bool& enabled);

}  // namespace ff::engine
