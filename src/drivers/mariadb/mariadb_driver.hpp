// MySQL / MariaDB connections (database_type "mysql" or "mariadb") through libmariadb.
//
// Reads stream (mysql_use_result: rows arrive as the engine consumes them, memory stays
// bounded) and decode the text protocol into typed engine vectors: integers of every width
// (unsigned kept), DECIMAL(p,s) with its precision (p <= 38), FLOAT/DOUBLE, DATE, DATETIME/
// TIMESTAMP (as stored; zero dates become NULL), TINYINT(1) as BOOLEAN, binary strings as
// BLOB, everything else (TIME, JSON, ENUM, SET, BIT) as text.
// Writes run in one transaction with batched multi-row INSERTs; `replace` fills a new table
// and swaps it in with one atomic RENAME TABLE (MySQL commits DDL implicitly), so a failure
// leaves the old table as it was.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drivers/table_source.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/secret.hpp"

namespace ff::drivers::mariadb {

struct MariaDbParams {
  std::string label;  //!< the connection name, for messages
  std::string host;
  std::optional<int> port;
  std::string database;
  std::string username;
  Secret password;
  bool ssl_enabled = false;
  int connect_timeout_seconds = 10;
  MariaDbParams Clone() const {
    return {label,       host,
            port,        database,
            username,    password.Clone(),
            ssl_enabled, connect_timeout_seconds};
  }
};

struct MariaDbReadSpec {
  std::string table;
  std::string query;
};

std::shared_ptr<TableSource> OpenMariaDbSource(const MariaDbParams& params,
                                               const MariaDbReadSpec& spec);
WriteResult WriteMariaDb(const MariaDbParams& params, duckdb_connection conn,
                         const std::string& select_sql, const WriteTarget& target);
std::vector<std::string> ListMariaDbTables(const MariaDbParams& params);
//! Connects and returns the server's version() text (for `flowfile connections test`).
std::string MariaDbServerVersion(const MariaDbParams& params);

//! The parameters of a stored connection, with its resolved password.
MariaDbParams ParamsFromConnection(const DatabaseConnectionInfo& info, Secret password);

}  // namespace ff::drivers::mariadb
