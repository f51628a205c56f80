// Where a write's SQL runs: a private in-memory DuckDB (the default), or a connection the
// caller lends us (the frames engine's, whose temp tables and table functions the source SQL
// may name). Writers only need "run this" and "give me these rows as text".
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/delta_duckdb.hpp"
#include "flowfile/delta.hpp"

namespace ff::delta {

class SqlSession {
 public:
  virtual ~SqlSession() = default;
  //! Runs a statement. Throws ff::Error(kEngine) naming `what`.
  virtual void Execute(const std::string& sql, const std::string& what) = 0;
  //! All rows, every value cast to VARCHAR (NULL -> nullopt). Throws ff::Error(kEngine).
  virtual std::vector<TextRow> QueryText(const std::string& sql, const std::string& what) = 0;
  //! A name for a temp table or view that no other write on this session uses
  //! ("__ff_<prefix>_<random>"), dropped by the session's destructor.
  std::string TempName(const std::string& prefix);

 protected:
  std::vector<std::string> temp_names_;
};

//! A session for a write. `borrowed` null: a private in-memory database set to UTC.
//! Otherwise the lent connection: its TimeZone is set to UTC for the write and restored,
//! and every temp object the write creates is dropped when the session ends; the
//! connection stays open and owned by the caller.
std::unique_ptr<SqlSession> OpenSqlSession(_duckdb_connection* borrowed);

}  // namespace ff::delta
