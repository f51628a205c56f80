// Browsing a database connection (schemas, tables, columns) for every supported type: what
// `flowfile db schemas|tables`, the web app's browser and ff.list_database_* show.
#include <atomic>

#include "drivers/mariadb/mariadb_driver.hpp"
#include "drivers/postgres/postgres.hpp"
#include "drivers/sqlite/sqlite_driver.hpp"
#include "engine/engine.hpp"
#include "flowfile/database.hpp"
#include "flowfile/errors.hpp"
#include "frame/database_params.hpp"

namespace ff {

using namespace frame::database;

namespace {

// A DuckDB file attached read-only under a private alias for one question, then detached.
class ReadOnlyAttach {
 public:
  explicit ReadOnlyAttach(const DatabaseConnectionInfo& info) {
    static std::atomic<uint64_t> counter{0};
    alias_ = "ff_browse" + std::to_string(counter++);
    connection_->Execute("ATTACH " + engine::Quote(info.database) + " AS " + engine::Ident(alias_) +
                         " (READ_ONLY)");
  }
  ~ReadOnlyAttach() {
    try {
      connection_->Execute("DETACH " + engine::Ident(alias_));
    } catch (...) {  // a failed detach leaves a read-only attachment: harmless
    }
  }
  ReadOnlyAttach(const ReadOnlyAttach&) = delete;
  ReadOnlyAttach& operator=(const ReadOnlyAttach&) = delete;

  //! The first column of `sql`, where `{db}` stands for the attachment's quoted alias.
  std::vector<std::string> Names(std::string sql) {
    for (size_t at = sql.find("{db}"); at != std::string::npos; at = sql.find("{db}"))
      sql.replace(at, 4, engine::Quote(alias_));
    std::vector<std::string> names;
    for (const auto& row : connection_->QueryText(sql)) names.push_back(row.at(0).value_or(""));
    return names;
  }

 private:
  engine::PooledConnection connection_ = engine::Engine::Get().Acquire();
  std::string alias_;
};

// SQLite and MySQL connections have one schema each; another name is a mistake to point out.
void CheckOnlySchema(const DatabaseConnectionInfo& info, const std::string& schema,
                     const std::string& only) {
  if (schema.empty() || schema == only) return;
  throw Error(ErrorCode::kNotFound, info.database_type + " connection '" + info.connection_name +
                                        "' has one schema, '" + only + "'; there is no schema '" +
                                        schema + "'");
}

}  // namespace

std::vector<std::string> list_database_schemas(const std::string& connection_name) {
  const DatabaseConnectionInfo info = Lookup(connection_name);
  if (IsPostgres(info)) return drivers::postgres::ListPostgresSchemas(PgParams(info));
  if (IsMySql(info)) return {info.database};
  if (info.database_type == "sqlite") return {"main"};
  if (info.database_type == "duckdb") {
    return ReadOnlyAttach(info).Names(
        "SELECT schema_name FROM duckdb_schemas() WHERE database_name = {db} AND (NOT internal "
        "OR schema_name = 'main') "
        "ORDER BY 1");
  }
  Unsupported(info, "list_database_schemas:");
}

std::vector<std::string> list_database_tables(const std::string& connection_name,
                                              const std::string& schema_name) {
  const DatabaseConnectionInfo info = Lookup(connection_name);
  if (IsPostgres(info)) {
    return drivers::postgres::ListPostgresTables(PgParams(info),
                                                 schema_name.empty() ? "public" : schema_name);
  }
  if (IsMySql(info)) {
    CheckOnlySchema(info, schema_name, info.database);
    return drivers::mariadb::ListMariaDbTables(MyParams(info));
  }
  if (info.database_type == "sqlite") {
    CheckOnlySchema(info, schema_name, "main");
    return drivers::sqlite::ListSqliteTables(info.database);
  }
  if (info.database_type == "duckdb") {
    const std::string schema = engine::Quote(schema_name.empty() ? "main" : schema_name);
    return ReadOnlyAttach(info).Names(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = {db} AND schema_name = " +
        schema + " UNION SELECT view_name FROM duckdb_views() WHERE database_name = {db} AND " +
        "schema_name = " + schema + " AND NOT internal ORDER BY 1");
  }
  Unsupported(info, "list_database_tables:");
}

std::vector<DatabaseColumn> list_database_columns(const std::string& connection_name,
                                                  const std::string& schema_name,
                                                  const std::string& table_name) {
  const DatabaseConnectionInfo info = Lookup(connection_name);
  std::vector<DatabaseColumn> out;
  if (IsPostgres(info)) {
    for (const auto& c : drivers::postgres::ListPostgresColumns(
             PgParams(info), schema_name.empty() ? "public" : schema_name, table_name)) {
      out.push_back({c.name, c.pg_type, DataType::FromDuckDb(c.duckdb_type), c.nullable});
    }
    return out;
  }
  // Elsewhere the columns are what a read of the table gives (no rows are read for it).
  ReadDatabaseOptions options;
  options.table_name = table_name;
  options.schema_name = schema_name;
  for (const Field& field : read_database(connection_name, options).schema())
    out.push_back({field.name, field.dtype.ToSql(), field.dtype, true});
  return out;
}

}  // namespace ff
