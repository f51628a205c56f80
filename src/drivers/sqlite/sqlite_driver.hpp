// SQLite files as a database connection (database_type "sqlite", database = the file path):
// reads stream rows from libsqlite3 into the engine; writes run in one transaction.
//
// SQLite columns are typed by affinity, not strictly: the declared type picks the engine type
// (INT* -> BIGINT, REAL/FLOA/DOUB -> DOUBLE, CHAR/CLOB/TEXT -> VARCHAR, BLOB -> BLOB, BOOL* ->
// BOOLEAN, DATE -> DATE, DATETIME/TIMESTAMP -> TIMESTAMP, NUMERIC/DECIMAL -> DOUBLE); computed
// columns without a declared type take the type of their first value. A stored value that
// does not fit its column's type (text in an INTEGER column) is converted as SQLite converts
// it, and dates that do not parse become NULL.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "drivers/table_source.hpp"

namespace ff::drivers::sqlite {

struct SqliteReadSpec {
  std::string table;
  std::string query;
};

std::shared_ptr<TableSource> OpenSqliteSource(const std::string& path, const std::string& label,
                                              const SqliteReadSpec& spec);

//! Writes the rows of `select_sql` (run on `conn`) into `target.table`, in one transaction.
WriteResult WriteSqlite(const std::string& path, duckdb_connection conn,
                        const std::string& select_sql, const WriteTarget& target);

std::vector<std::string> ListSqliteTables(const std::string& path);

}  // namespace ff::drivers::sqlite
