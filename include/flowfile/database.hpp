// Databases by connection name: `ff::read_database("prod_db", {.table_name = "orders"})`.
//
// Contract:
//  - The name resolves through the workspace's store when the call is made (an unknown name
//    throws kNotFound listing the known ones); the frame's graph keeps only the name.
//  - Reads stream: rows go from the server's binary COPY straight into the engine, chunk by
//    chunk, so memory stays bounded whatever the table size. Columns the pipeline does not use
//    are not read (projection pushdown).
//  - Writes run in one transaction on the server: if_exists = fail | replace | append; a
//    failure leaves the target exactly as it was.
//  - Supported: postgresql (libpq), mysql/mariadb (libmariadb), sqlite (libsqlite3), duckdb
//    files (attached read-only). Other database_type values throw kUnsupported naming the type.
//  - Browsing works for each: a sqlite file has the one schema "main", a mysql connection the
//    one schema that is its database; columns of non-PostgreSQL tables carry the type a read
//    gives (as `database_type` too), PostgreSQL's the server's own spelling.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "flowfile/frame.hpp"

namespace ff {

struct ReadDatabaseOptions {
  std::string table_name;
  std::string schema_name;
  std::string query;  //!< wins over table_name when both are given (as Flowfile)
  std::string description;
  //! Partitioned read (PostgreSQL): `partition_num` range queries over the integer column
  //! `partition_on`, each on its own connection, read side by side.
  std::string partition_on;
  int64_t partition_num = 1;
};

struct WriteDatabaseOptions {
  std::string schema_name;
  std::string if_exists = "append";  //!< append | replace | fail
  std::string description;
};

FlowFrame read_database(const std::string& connection_name, ReadDatabaseOptions options);
//! Runs `frame` into the table; returns the frame with a database_writer node.
FlowFrame write_database(const FlowFrame& frame, const std::string& connection_name,
                         const std::string& table_name, WriteDatabaseOptions options = {});

std::vector<std::string> list_database_schemas(const std::string& connection_name);
std::vector<std::string> list_database_tables(const std::string& connection_name,
                                              const std::string& schema_name = "");
struct DatabaseColumn {
  std::string name;
  std::string database_type;  //!< as the server spells it
  DataType dtype;             //!< what a read gives
  bool nullable = true;
};
std::vector<DatabaseColumn> list_database_columns(const std::string& connection_name,
                                                  const std::string& schema_name,
                                                  const std::string& table_name);

}  // namespace ff
