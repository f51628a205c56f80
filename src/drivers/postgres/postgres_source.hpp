// A PostgreSQL table or query as a TableSource: the columns come from the server's description
// of the statement (prepared, never run), the rows from `COPY (SELECT ...) TO STDOUT (FORMAT
// binary)` decoded straight into DuckDB vectors — one chunk at a time, so memory stays bounded.
//
// Contract:
//  - Exactly one of `table` or `query` is set in PgReadSpec; `schema` qualifies `table`
//    (empty = the server's search path). Names are quoted, so any spelling is safe.
//  - Columns() connects (and keeps that connection for the first Open()). An unknown table
//    throws kNotFound listing the closest table names of the schema.
//  - Open(projected) selects only the projected columns, through a wrapper
//    `SELECT ff_q.c3 FROM (<base>) AS ff_q(c0, c1, ...)` so duplicate or odd names are fine.
//  - Columns of types without a binary decoder arrive as VARCHAR (selected with ::text).
//  - Each Open() uses its own connection; Cancel() sends PQcancel to it.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "drivers/postgres/pg_params.hpp"
#include "drivers/postgres/pg_types.hpp"
#include "drivers/table_source.hpp"

namespace ff::drivers::postgres {

class PgConnection;

class PostgresSource : public TableSource {
 public:
  //! Throws kInvalidArgument unless exactly one of spec.table / spec.query is set.
  PostgresSource(PostgresParams params, PgReadSpec spec);
  ~PostgresSource() override;

  std::vector<SourceColumn> Columns() override;
  std::unique_ptr<RowStream> Open(const std::vector<idx_t>& projected) override;
  std::string Describe() const override;

  //! The SELECT sent to the server for `projected` (all columns when empty).
  std::string SelectSql(const std::vector<idx_t>& projected);
  //! The server's type of each column, after Columns().
  std::vector<PgColumnType> ColumnTypes();

 private:
  std::string BaseSql() const;
  void DescribeLocked();

  PostgresParams params_;
  PgReadSpec spec_;
  std::mutex mutex_;
  bool described_ = false;
  std::vector<std::string> names_;
  std::vector<PgColumnType> types_;
  std::unique_ptr<PgConnection> spare_;  // opened by Columns(), reused by the next Open()
};

}  // namespace ff::drivers::postgres
