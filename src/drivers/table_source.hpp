// How database drivers meet the engine.
//
// Reading: a driver implements TableSource. The engine registers the source object in the
// process-wide SourceRegistry and names it in SQL only by an opaque id —
// `SELECT ... FROM ff_scan('src-17')` — so credentials never appear in SQL text, plans,
// explain() output or logs. The table function `ff_scan` (registered on every engine
// connection by RegisterScanFunction) asks the source for its columns at bind time and pulls
// rows chunk by chunk at scan time: memory stays bounded whatever the table size.
//
// Writing: a driver implements TableSink. The engine hands it a DuckDB connection and the
// SELECT that produces the rows; the sink streams the result into the target in ONE
// transaction, so a failure leaves the target exactly as it was.
//
// Contract for implementers:
//  - Columns() may connect to the server (it runs once per bind); Open() starts a fresh read.
//  - RowStream::Fill writes up to duckdb_vector_size() rows into `chunk` (its vectors have the
//    Columns() types, only the projected ones when projection pushdown is on), sets the
//    chunk size, and returns the row count; 0 means the end.
//  - Errors are ff::Error: kPermissionDenied for refused credentials, kIo for unreachable
//    servers / dropped connections, kNotFound for unknown tables (listing similar ones),
//    kAlreadyExists for if_exists=fail. Messages never contain passwords.
//  - Cancel() may be called from another thread while Fill() runs; it asks the server to stop.
#pragma once

#include <duckdb.h>

#include <memory>
#include <string>
#include <vector>

namespace ff::drivers {

//! One column a source produces: its name and DuckDB logical type (owned: destroyed with it).
class SourceColumn {
 public:
  SourceColumn(std::string name, duckdb_logical_type type) : name_(std::move(name)), type_(type) {}
  ~SourceColumn() { duckdb_destroy_logical_type(&type_); }
  SourceColumn(SourceColumn&& other) noexcept : name_(std::move(other.name_)), type_(other.type_) {
    other.type_ = nullptr;
  }
  SourceColumn(const SourceColumn&) = delete;
  SourceColumn& operator=(const SourceColumn&) = delete;
  SourceColumn& operator=(SourceColumn&&) = delete;

  const std::string& name() const { return name_; }
  duckdb_logical_type type() const { return type_; }

 private:
  std::string name_;
  duckdb_logical_type type_;
};

class RowStream {
 public:
  virtual ~RowStream() = default;
  //! Fills `chunk` with the next rows; returns how many (0 = finished).
  virtual idx_t Fill(duckdb_data_chunk chunk) = 0;
  //! Asks the server to stop the running read (thread-safe, best effort).
  virtual void Cancel() {}
};

class TableSource {
 public:
  virtual ~TableSource() = default;
  //! The columns, in order. May connect. Called once per bind.
  virtual std::vector<SourceColumn> Columns() = 0;
  //! Starts a read of the columns at `projected` (indexes into Columns(); all when empty).
  virtual std::unique_ptr<RowStream> Open(const std::vector<idx_t>& projected) = 0;
  //! For explain() and errors: "postgresql 'prod_db': SELECT ..." — a name, never credentials.
  virtual std::string Describe() const = 0;
};

enum class IfExists { kAppend, kReplace, kFail };

struct WriteTarget {
  std::string schema;  //!< empty = the server's default schema
  std::string table;
  IfExists if_exists = IfExists::kFail;
};

struct WriteResult {
  uint64_t rows_written = 0;
  bool table_created = false;
};

class TableSink {
 public:
  virtual ~TableSink() = default;
  //! Runs `select_sql` on `conn` and writes every row to `target` in one transaction.
  virtual WriteResult Write(duckdb_connection conn, const std::string& select_sql,
                            const WriteTarget& target) = 0;
};

}  // namespace ff::drivers
