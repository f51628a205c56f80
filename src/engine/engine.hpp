// The DuckDB engine: one in-memory database per process (results of collect() live in it as
// tables, so they can spill to disk like any DuckDB data), shared by all frames, and a pool of
// connections.
//
// The rule: this is the only DuckDB database the core opens. Everything that runs SQL (frames,
// the Delta log reader and writer, checkpoints, catalog writes and optimize, the connection
// tester, the CLI through the public API) does so on a connection of it: Acquire() for pooled
// work that leaves no session state behind, Connect() (or engine::Session) for a session of
// its own (SET TimeZone, temp tables). threads, memory_limit and temp_directory are
// database-wide settings, so a user's limits hold for all of that work. Only src/engine and
// src/drivers (which implement DuckDB table functions) include duckdb.h;
// tests/layers/check_layers.py (run by scripts/test) fails when another folder does.
//
// Contract:
//  - Engine::Get() opens the database on first use with the current EngineSettings (threads =
//    cores, no memory limit, spill to a temp directory); Configure() changes them at run time
//    with SET statements, for every connection, open or future.
//  - Query()/Execute() translate DuckDB failures into ff::Error(kEngine) whose message is
//    DuckDB's own error text; callers (the frame compiler) attribute it to a node.
//  - A Connection is used by one thread at a time; Engine::Acquire() hands out pooled ones.
#pragma once

#include <duckdb.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "util/sql_dialect.hpp"

namespace ff::engine {

struct EngineSettings {
  int threads = 0;             //!< 0: the number of cores
  std::string memory_limit;    //!< DuckDB syntax ("4GB", "75%"); empty: DuckDB's default
  std::string temp_directory;  //!< spill directory; empty: DuckDB's default
  std::optional<bool> preserve_insertion_order;  //!< unset: DuckDB's default (true)
};

//! A DuckDB result: owned, destroyed with the object.
class Result {
 public:
  Result() = default;
  ~Result();
  Result(Result&& other) noexcept;
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;

  duckdb_result* raw() { return &result_; }
  idx_t column_count();
  std::string column_name(idx_t index);
  //! Next chunk of rows (nullptr at the end); the caller destroys it with
  //! duckdb_destroy_data_chunk.
  duckdb_data_chunk NextChunk();

 private:
  friend class Connection;
  duckdb_result result_{};
  bool valid_ = false;
};

//! An owned data chunk.
class Chunk {
 public:
  explicit Chunk(duckdb_data_chunk chunk) : chunk_(chunk) {}
  ~Chunk() {
    if (chunk_) duckdb_destroy_data_chunk(&chunk_);
  }
  Chunk(const Chunk&) = delete;
  Chunk& operator=(const Chunk&) = delete;
  duckdb_data_chunk get() const { return chunk_; }
  explicit operator bool() const { return chunk_ != nullptr; }

 private:
  duckdb_data_chunk chunk_;
};

//! One result row as text: every value is the VARCHAR cast of the column; nullopt is SQL NULL.
using TextRow = std::vector<std::optional<std::string>>;

//! One column of a schema as DuckDB names it: ("value", "BIGINT").
struct ColumnType {
  std::string name;
  std::string type;
};

class Connection {
 public:
  explicit Connection(duckdb_database db);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  //! The DuckDB connection, in its normal state, for callers that use the C API directly.
  duckdb_connection raw() const {
    RestoreOptimizer();
    return conn_;
  }
  //! Runs a statement and discards its result.
  void Execute(const std::string& sql);
  //! Runs a statement whose result is one count (COPY, INSERT) and returns it (0 if none).
  int64_t ExecuteCount(const std::string& sql);
  //! Runs a query; rows are streamed from the result chunk by chunk.
  Result Query(const std::string& sql);
  //! The output columns of `select_sql` without running it (binds only).
  //! Leaves the optimizer off until the next statement that runs, so a run of binds (one per
  //! node of a long chain) does not pay for switching it each time.
  std::vector<ColumnType> Describe(const std::string& select_sql);
  //! The same on any DuckDB connection (drivers get lent ones).
  static std::vector<ColumnType> DescribeOn(duckdb_connection conn, const std::string& select_sql);
  //! All rows of a query as text (NULL -> nullopt): for small metadata queries.
  std::vector<TextRow> QueryText(const std::string& sql);
  //! Stops the running query from another thread.
  void Interrupt() { duckdb_interrupt(conn_); }

 private:
  //! Switches the optimizer back on if a Describe left it off.
  void RestoreOptimizer() const;

  duckdb_connection conn_ = nullptr;
  bool progress_tracking_ = false;  // DuckDB's tracking switched on for this connection
  mutable bool optimizer_off_ = false;
};

class Engine;

//! A pooled connection, returned to the pool on destruction.
class PooledConnection {
 public:
  PooledConnection(Engine* engine, std::unique_ptr<Connection> connection)
      : engine_(engine), connection_(std::move(connection)) {}
  ~PooledConnection();
  PooledConnection(PooledConnection&&) = default;
  Connection* operator->() const { return connection_.get(); }
  Connection& operator*() const { return *connection_; }

 private:
  Engine* engine_;
  std::unique_ptr<Connection> connection_;
};

class Engine {
 public:
  //! The process-wide engine, opened on first use.
  static Engine& Get();
  ~Engine();

  //! A pooled connection: for statements that leave no session state behind.
  PooledConnection Acquire();
  //! A new connection of its own (not pooled): its session settings and temp tables end with it.
  std::unique_ptr<Connection> Connect();
  void Configure(const EngineSettings& settings);
  EngineSettings settings() const;
  duckdb_database database() const { return db_; }
  //! A fresh unique name for an engine-owned table ("ff_t17").
  std::string NewTableName(const std::string& prefix);

 private:
  Engine();
  friend class PooledConnection;
  void Release(std::unique_ptr<Connection> connection);

  duckdb_database db_ = nullptr;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  EngineSettings settings_;
  uint64_t next_name_ = 0;
};

//! `text` as a DuckDB string literal ('it''s'); see util/sql_dialect.hpp.
inline std::string Quote(const std::string& text) { return sql::String(text); }
//! `name` as a DuckDB identifier ("my ""col""").
inline std::string Ident(const std::string& name) { return sql::Identifier(name); }

//! Whether a function `name` (ours, registered through the C API) exists in `conn`'s database.
bool FunctionRegistered(duckdb_connection conn, const std::string& name);

}  // namespace ff::engine
