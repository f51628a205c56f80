// A stored database connection turned into what a driver takes: the one place that resolves
// the password (just in time, from the vault) and names the types Flowfile can reach.
#pragma once

#include <string>

#include "drivers/mariadb/mariadb_driver.hpp"
#include "drivers/postgres/pg_params.hpp"
#include "flowfile/connections.hpp"

namespace ff::frame::database {

//! The stored connection `name` (kNotFound listing the known names).
DatabaseConnectionInfo Lookup(const std::string& name);

bool IsPostgres(const DatabaseConnectionInfo& info);
bool IsMySql(const DatabaseConnectionInfo& info);

drivers::postgres::PostgresParams PgParams(const DatabaseConnectionInfo& info);
drivers::mariadb::MariaDbParams MyParams(const DatabaseConnectionInfo& info);

//! kUnsupported: "<what> connection 'x' of type 'y' is not supported yet (supported: ...)".
[[noreturn]] void Unsupported(const DatabaseConnectionInfo& info, const char* what);

}  // namespace ff::frame::database
