#include "frame/database_params.hpp"

#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"

namespace ff::frame::database {
namespace {

Secret PasswordOf(const DatabaseConnectionInfo& info) {
  if (!info.has_password) return Secret("");
  return Workspace::Default()->connections().ResolveDatabasePassword(info.connection_name);
}

}  // namespace

DatabaseConnectionInfo Lookup(const std::string& name) {
  return Workspace::Default()->connections().GetDatabase(name);
}

bool IsPostgres(const DatabaseConnectionInfo& info) {
  return info.database_type == "postgresql" || info.database_type == "postgres";
}

bool IsMySql(const DatabaseConnectionInfo& info) {
  return info.database_type == "mysql" || info.database_type == "mariadb";
}

drivers::postgres::PostgresParams PgParams(const DatabaseConnectionInfo& info) {
  return drivers::postgres::ParamsFromConnection(info, PasswordOf(info));
}

drivers::mariadb::MariaDbParams MyParams(const DatabaseConnectionInfo& info) {
  return drivers::mariadb::ParamsFromConnection(info, PasswordOf(info));
}

void Unsupported(const DatabaseConnectionInfo& info, const char* what) {
  throw Error(ErrorCode::kUnsupported,
              std::string(what) + " connection '" + info.connection_name + "' of type '" +
                  info.database_type +
                  "' is not supported yet (supported: postgresql, mysql/mariadb, sqlite, duckdb)");
}

}  // namespace ff::frame::database
