// engine::Session: a connection of its own on the engine's one database, for code that runs
// SQL and wants rows back as text (the Delta log reader and writer, checkpoints, catalog
// writes, the connection tester, tests). Being a connection of the engine, it runs under the
// user's threads, memory_limit and temp_directory (see engine.hpp).
//
// Contract:
//  - Session settings it changes (SET TimeZone) and temp tables it creates end with it; tables
//    it creates in the main schema and databases it ATTACHes are the engine's, visible to every
//    connection, so callers name them uniquely and drop or detach them.
//  - Not thread-safe: one thread at a time. Cheap to create (one DuckDB connection).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/engine.hpp"

namespace ff::engine {

class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  //! Runs a statement, discarding its result. Throws ff::Error(kEngine) naming `what`.
  void Execute(const std::string& sql, const std::string& what = "query");

  //! Runs a query and returns all rows, every column cast to VARCHAR.
  //! Throws ff::Error(kEngine) naming `what`.
  std::vector<TextRow> QueryText(const std::string& sql, const std::string& what = "query");

  Connection& connection() { return *connection_; }

 private:
  std::unique_ptr<Connection> connection_;
};

}  // namespace ff::engine
