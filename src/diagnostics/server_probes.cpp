#include "diagnostics/server_probes.hpp"

#include "cloud/object_store.hpp"
#include "drivers/mariadb/mariadb_driver.hpp"
#include "drivers/postgres/postgres.hpp"
#include "flowfile/cloud_files.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"

namespace ff::diagnostics {
namespace {

Secret PasswordOf(Workspace& workspace, const DatabaseConnectionInfo& info) {
  if (!info.has_password) return Secret("");
  return workspace.connections().ResolveDatabasePassword(info.connection_name);
}

std::string Where(const DatabaseConnectionInfo& info) {
  if (!info.url.empty()) return info.url;
  std::string where = info.host.empty() ? "localhost" : info.host;
  if (info.port) where += ":" + std::to_string(*info.port);
  if (!info.database.empty()) where += "/" + info.database;
  return where;
}

}  // namespace

std::string ProbePostgres(Workspace& workspace, const DatabaseConnectionInfo& info,
                          std::string& detail) {
  const auto params = drivers::postgres::ParamsFromConnection(info, PasswordOf(workspace, info));
  std::string version = drivers::postgres::PostgresServerVersion(params);
  detail = "connected to " + Where(info) + " as " + info.username + ": " + version;
  return version;
}

std::string ProbeMariaDb(Workspace& workspace, const DatabaseConnectionInfo& info,
                         std::string& detail) {
  const auto params = drivers::mariadb::ParamsFromConnection(info, PasswordOf(workspace, info));
  std::string version = drivers::mariadb::MariaDbServerVersion(params);
  detail = "connected to " + Where(info) + " as " + info.username + ": server " + version;
  return version;
}

std::string ProbeCloud(const CloudStorageConnectionInfo& info, std::string& detail) {
  if (info.scopes.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                "cloud connection '" + info.connection_name +
                    "' has no scope, so there is no bucket to try; add one (e.g. "
                    "--scope s3://my-bucket/) or read a URL with it to check access");
  }
  const std::string& scope = info.scopes.front();
  const CloudLocation location = parse_cloud_url(scope);
  auto store = cloud::OpenObjectStore(info.connection_name);
  const auto objects = store->ListFirst(location.bucket, location.key, 1);
  detail = "listed " + scope + " (" + info.storage_type + ", " + info.auth_method +
           "): " + (objects.empty() ? "no objects yet" : "first object " + objects.front().key);
  return info.storage_type;
}

}  // namespace ff::diagnostics
