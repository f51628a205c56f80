// A minimal DuckDB session for the Delta log code: an in-memory database that runs SQL and
// returns results as text. The Delta reader/writer needs DuckDB only for Parquet I/O
// (checkpoints, data files, stats); the frames engine will absorb this later.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/sql_dialect.hpp"

namespace ff::delta {

//! One result row; std::nullopt is SQL NULL. Every value is the VARCHAR cast of the column.
using TextRow = std::vector<std::optional<std::string>>;

//! An in-memory DuckDB database plus one connection. Not thread-safe; cheap to create.
class DeltaDuckDb {
 public:
  DeltaDuckDb();
  ~DeltaDuckDb();
  DeltaDuckDb(const DeltaDuckDb&) = delete;
  DeltaDuckDb& operator=(const DeltaDuckDb&) = delete;

  //! Runs a statement, discarding its result. Throws ff::Error(kEngine) naming `what` on failure.
  void Execute(const std::string& sql, const std::string& what = "query");

  //! Runs a query and returns all rows, every column cast to VARCHAR (done by the helper).
  //! Throws ff::Error(kEngine) naming `what` on failure.
  std::vector<TextRow> QueryText(const std::string& sql, const std::string& what = "query");

 private:
  struct Handles;
  std::unique_ptr<Handles> handles_;
};

//! `text` as a DuckDB string literal ('it''s'); see util/sql_dialect.hpp.
inline std::string SqlQuote(const std::string& text) { return sql::String(text); }

//! `name` as a DuckDB identifier ("my ""col"").
inline std::string SqlIdent(const std::string& name) { return sql::Identifier(name); }

}  // namespace ff::delta
