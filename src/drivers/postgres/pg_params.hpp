// What the PostgreSQL driver needs to know, without libpq: connection parameters, what to
// read, and the shape of browsing answers. Front ends and tests include this (and
// postgres.hpp); only the driver's own files include libpq.
#pragma once

#include <optional>
#include <string>

#include "flowfile/connections.hpp"
#include "flowfile/secret.hpp"

namespace ff::drivers::postgres {

//! Where and how to connect. `label` names the connection in messages (never credentials).
struct PostgresParams {
  std::string label;
  std::string host;
  std::optional<int> port;
  std::string database;
  std::string username;
  Secret password;
  bool ssl_enabled = false;
  int connect_timeout_seconds = 10;
  std::string url;  //!< optional "postgresql://user@host:port/db" (no password); fields win

  PostgresParams Clone() const;
};

//! Params for a stored connection and its resolved password.
PostgresParams ParamsFromConnection(const DatabaseConnectionInfo& info, Secret password);

//! What to read: a table (`schema` may be empty = the search path) or a query, not both.
struct PgReadSpec {
  std::string schema;
  std::string table;
  std::string query;
};

//! One column of a table, for browsing.
struct PgColumnInfo {
  std::string name;
  std::string pg_type;      //!< as the server spells it: "numeric(10,2)", "text[]"
  std::string duckdb_type;  //!< what a read gives: "DECIMAL(10,2)", "VARCHAR[]"
  bool nullable = true;
};

}  // namespace ff::drivers::postgres
