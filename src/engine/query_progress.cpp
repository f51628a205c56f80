#include "engine/query_progress.hpp"

#include <chrono>

#include "flowfile/progress.hpp"

namespace ff::engine {

void EnableProgressTracking(duckdb_connection conn, bool& enabled) {
  if (enabled || !ProgressWanted()) return;
  duckdb_result result;
  // Tracking only: DuckDB's own bar would print to our stdout.
  if (duckdb_query(conn,
                   "SET enable_progress_bar = true; SET enable_progress_bar_print = false; "
                   "SET progress_bar_time = 0",
                   &result) == DuckDBSuccess) {
    enabled = true;
  }
  duckdb_destroy_result(&result);
}

QueryProgressWatch::QueryProgressWatch(duckdb_connection conn) : conn_(conn) {
  if (!ProgressWanted()) return;
  task_ = ProgressTaskScope::Current();
  watcher_ = std::thread([this] { Watch(); });
}

QueryProgressWatch::~QueryProgressWatch() {
  if (!watcher_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stop_signal_.notify_all();
  watcher_.join();
}

void QueryProgressWatch::Watch() {
  bool reported = false;
  std::unique_lock lock(mutex_);
  while (!stop_signal_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stop_; })) {
    const duckdb_query_progress_type progress = duckdb_query_progress(conn_);
    if (progress.percentage < 0) continue;  // nothing measurable (yet)
    ReportProgress({task_, static_cast<uint64_t>(progress.percentage), uint64_t{100},
                    ProgressUnit::kPercent, false});
    reported = true;
  }
  if (reported) ReportProgress({task_, 100, uint64_t{100}, ProgressUnit::kPercent, true});
}

}  // namespace ff::engine
