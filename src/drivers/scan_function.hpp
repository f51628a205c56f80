// The `ff_scan(id)` DuckDB table function and the registry of sources it reads from.
//
// A driver's TableSource is registered here and named in SQL only by an opaque id
// (`SELECT ... FROM ff_scan('src-3')`), so credentials never appear in SQL text or plans.
//
// Contract:
//  - SourceRegistry::Global() is process-wide and thread-safe. Register() returns a fresh id
//    ("src-<n>", never reused); Unregister() forgets it (a running scan keeps its source alive
//    until the scan ends, because the scan holds a shared_ptr).
//  - RegisterScanFunction(conn) adds `ff_scan(VARCHAR)` to the connection's database (idempotent
//    per database: a second call on any connection of the same database is a no-op).
//  - Bind: an unknown id fails with "ff_scan: unknown source id 'x'"; otherwise the result
//    columns are the source's Columns(). Projection pushdown is on: Open() receives only the
//    columns the query uses. The scan runs on one thread.
//  - A failure inside the source (an ff::Error) becomes a DuckDB error whose text is the
//    error's message; the original ff::Error (with its code) is kept and can be taken with
//    TakeFailure(id), so the engine can rethrow it with its code (e.g. kPermissionDenied).
//  - Cancel(id) calls RowStream::Cancel() on every stream of that source that is open now.
#pragma once

#include <duckdb.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "drivers/table_source.hpp"
#include "flowfile/errors.hpp"

namespace ff::drivers {

class SourceRegistry {
 public:
  static SourceRegistry& Global();

  //! Keeps `source` until Unregister(); returns its id ("src-<n>").
  std::string Register(std::shared_ptr<TableSource> source);
  //! Forgets `id` (and its recorded failure); false when it was not registered.
  bool Unregister(const std::string& id);
  //! The source registered as `id`, or nullptr.
  std::shared_ptr<TableSource> Find(const std::string& id) const;

  //! Asks every open stream of `id` to stop (RowStream::Cancel); returns how many were asked.
  size_t Cancel(const std::string& id);
  //! The last failure a scan of `id` reported, removed from the registry; nullopt if none.
  std::optional<Error> TakeFailure(const std::string& id);

  // Used by the table function itself.
  void RecordFailure(const std::string& id, const Error& error);
  void AddOpenStream(const std::string& id, RowStream* stream);
  void RemoveOpenStream(const std::string& id, RowStream* stream);

 private:
  mutable std::mutex mutex_;
  uint64_t next_id_ = 0;
  std::map<std::string, std::shared_ptr<TableSource>> sources_;
  std::multimap<std::string, RowStream*> open_streams_;
  std::map<std::string, Error> failures_;
};

//! Registers `ff_scan(VARCHAR)` on the database of `conn`. Throws ff::Error(kEngine) when
//! DuckDB refuses it for a reason other than the function already existing.
void RegisterScanFunction(duckdb_connection conn);

}  // namespace ff::drivers
