#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>

#include "diagnostics/server_probes.hpp"
#include "engine/session.hpp"
#include "flowfile/audit.hpp"
#include "flowfile/connection_test.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"
#include "util/sql_dialect.hpp"

namespace ff {
namespace {

constexpr std::string_view kDatabaseKind = "database_connection";
constexpr std::string_view kCloudKind = "cloud_connection";

struct SqliteClose {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

// Opens read-only so a test never creates or changes the file.
std::string ProbeSqlite(const DatabaseConnectionInfo& info, std::string& detail) {
  const std::filesystem::path path = info.database;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw Error(ErrorCode::kIo,
                "sqlite file '" + path.string() + "' does not exist or is not a regular file");
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, SqliteClose> db(raw);
  if (rc != SQLITE_OK)
    throw Error(ErrorCode::kIo, "cannot open sqlite file '" + path.string() +
                                    "': " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(db.get(), 2000);
  sqlite3_stmt* stmt = nullptr;
  rc = sqlite3_prepare_v2(db.get(), "SELECT sqlite_version(), (SELECT count(*) FROM sqlite_master)",
                          -1, &stmt, nullptr);
  std::string version;
  int64_t objects = 0;
  if (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    version = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    objects = sqlite3_column_int64(stmt, 1);
    rc = SQLITE_OK;
  } else {
    rc = SQLITE_ERROR;
  }
  std::string message = sqlite3_errmsg(db.get());
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK)
    throw Error(ErrorCode::kIo, "sqlite file '" + path.string() + "' cannot be read: " + message);
  detail = "opened " + path.string() + " read-only: SQLite " + version + ", " +
           std::to_string(objects) + " schema object" + (objects == 1 ? "" : "s");
  return version;
}

// Attaches the file read-only to the engine under a name of its own, and detaches it again:
// nothing is created or changed, and concurrent probes do not meet.
std::string ProbeDuckDb(const DatabaseConnectionInfo& info, std::string& detail) {
  static std::atomic<uint64_t> probes{0};
  const std::filesystem::path path = info.database;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw Error(ErrorCode::kIo,
                "duckdb file '" + path.string() + "' does not exist or is not a regular file");
  engine::Session duck;
  const std::string alias =
      "__ff_probe_" + std::to_string(::getpid()) + "_" + std::to_string(probes.fetch_add(1));
  try {
    duck.Execute("ATTACH " + sql::String(path.string()) + " AS " + sql::Identifier(alias) +
                 " (READ_ONLY)");
  } catch (const Error& e) {
    throw Error(ErrorCode::kIo, "cannot open duckdb file '" + path.string() + "': " + e.what());
  }
  std::vector<engine::TextRow> rows;
  try {
    rows = duck.QueryText(
        "SELECT version(), (SELECT count(*) FROM duckdb_tables() WHERE database_name = " +
        sql::String(alias) + ")");
  } catch (...) {
    duck.Execute("DETACH " + sql::Identifier(alias));
    throw;
  }
  duck.Execute("DETACH " + sql::Identifier(alias));
  std::string version = rows.at(0).at(0).value_or("?");
  std::string tables = rows.at(0).at(1).value_or("0");
  detail = "opened " + path.string() + " read-only: DuckDB " + version + ", " + tables + " table" +
           (tables == "1" ? "" : "s");
  return version;
}

std::string ProbeDatabase(Workspace& workspace, const DatabaseConnectionInfo& info,
                          std::string& detail) {
  const std::string& type = info.database_type;
  if (type == "sqlite") return ProbeSqlite(info, detail);
  if (type == "duckdb") return ProbeDuckDb(info, detail);
  if (type == "postgresql" || type == "postgres")
    return diagnostics::ProbePostgres(workspace, info, detail);
  if (type == "mysql" || type == "mariadb")
    return diagnostics::ProbeMariaDb(workspace, info, detail);
  throw Error(ErrorCode::kUnsupported,
              "connection '" + info.connection_name + "' is of type '" + type +
                  "', which Flowfile cannot connect to (supported: postgresql, mysql, mariadb, "
                  "sqlite, duckdb)");
}

std::vector<std::string> AllNames(Connections& connections) {
  std::vector<std::string> names;
  for (const auto& info : connections.ListDatabases()) names.push_back(info.connection_name);
  for (const auto& info : connections.ListClouds()) names.push_back(info.connection_name);
  return names;
}

}  // namespace

ConnectionTestResult TestConnection(Workspace& workspace, std::string_view name,
                                    std::optional<std::string> kind) {
  if (kind && *kind != "database" && *kind != "cloud")
    throw Error(ErrorCode::kInvalidArgument,
                "unknown connection kind '" + *kind + "'; expected database or cloud");
  auto& connections = workspace.connections();
  std::optional<DatabaseConnectionInfo> database;
  std::optional<CloudStorageConnectionInfo> cloud;
  if (!kind || *kind == "database") database = connections.FindDatabase(name);
  if (!database && (!kind || *kind == "cloud")) cloud = connections.FindCloud(name);
  if (!database && !cloud) ThrowUnknownName("connection", name, AllNames(connections));

  ConnectionTestResult result;
  result.connection_name = std::string(name);
  result.kind = database ? kDatabaseKind : kCloudKind;
  result.type = database ? database->database_type : cloud->storage_type;
  auto started = std::chrono::steady_clock::now();
  try {
    result.server_version = cloud ? diagnostics::ProbeCloud(*cloud, result.detail)
                                  : ProbeDatabase(workspace, *database, result.detail);
  } catch (const Error& e) {
    workspace.audit().Record("test", result.kind, name, std::string("error: ") + e.what());
    throw;
  }
  result.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  workspace.audit().Record("test", result.kind, name, "ok");
  return result;
}

}  // namespace ff
