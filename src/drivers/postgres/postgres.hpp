// The PostgreSQL driver's entry points, as the engine and front ends call them.
//
//   auto source = OpenPostgresSource(params, {.schema = "public", .table = "orders"});
//   std::string id = SourceRegistry::Global().Register(source);  // SELECT * FROM ff_scan(id)
//   WritePostgres(params, duckdb_conn, "SELECT * FROM ff_t3", {"public", "out", kAppend});
//
// All failures are ff::Error as described in table_source.hpp and pg_connection.hpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drivers/postgres/pg_params.hpp"
#include "drivers/table_source.hpp"

namespace ff::drivers::postgres {

//! A source for a table (spec.schema/spec.table) or a query (spec.query). Does not connect
//! until Columns() / Open() are called.
std::shared_ptr<TableSource> OpenPostgresSource(const PostgresParams& params,
                                                const PgReadSpec& spec);

//! Writes the rows of `select_sql` (run on `conn`) into `target`, in one transaction.
WriteResult WritePostgres(const PostgresParams& params, duckdb_connection conn,
                          const std::string& select_sql, const WriteTarget& target);

//! Browsing, each on a fresh connection.
std::vector<std::string> ListPostgresSchemas(const PostgresParams& params);
std::vector<std::string> ListPostgresTables(const PostgresParams& params,
                                            const std::string& schema);
std::vector<PgColumnInfo> ListPostgresColumns(const PostgresParams& params,
                                              const std::string& schema, const std::string& table);
//! Runs `sql` (one statement) and returns its rows as text (NULL -> nullopt): for small
//! administrative statements and tests, not for data (use a source for that).
std::vector<std::vector<std::optional<std::string>>> QueryPostgresText(const PostgresParams& params,
                                                                       const std::string& sql);
//! Connects and returns the server's version() text (for `flowfile connections test`).
std::string PostgresServerVersion(const PostgresParams& params);

}  // namespace ff::drivers::postgres
