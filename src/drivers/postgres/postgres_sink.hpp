// Writes the rows of a DuckDB query into a PostgreSQL table with
// `COPY ... FROM STDIN (FORMAT binary)`, all in ONE transaction.
//
// Contract:
//  - if_exists: kFail -> kAlreadyExists when the table exists (nothing written);
//    kReplace -> DROP + CREATE inside the transaction; kAppend -> CREATE when missing, else
//    insert into the existing columns matched by name (a source column the table lacks is
//    kInvalidArgument; table columns the source lacks get their defaults).
//  - New tables get the types of docs/databases.md; appends convert to the existing column
//    types in DuckDB first (CAST), so e.g. BIGINT rows fill an integer column.
//  - The DuckDB result is streamed chunk by chunk (bounded memory). Any failure — a DuckDB
//    error, a constraint the server rejects, a dropped connection — rolls back: the target is
//    exactly as it was.
//  - An unknown schema is kNotFound listing the schemas; unsupported DuckDB types (STRUCT,
//    MAP, nested lists, ...) are kUnsupported naming the column.
#pragma once

#include "drivers/postgres/pg_connection.hpp"
#include "drivers/table_source.hpp"

namespace ff::drivers::postgres {

class PostgresSink : public TableSink {
 public:
  explicit PostgresSink(PostgresParams params) : params_(std::move(params)) {}
  WriteResult Write(duckdb_connection conn, const std::string& select_sql,
                    const WriteTarget& target) override;

 private:
  PostgresParams params_;
};

}  // namespace ff::drivers::postgres
