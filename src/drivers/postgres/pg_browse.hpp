// Browsing a PostgreSQL server (for the UI and `flowfile connections test`).
//
// Contract: system schemas (pg_catalog, information_schema, pg_toast*, pg_temp*) are left
// out; "tables" include views, materialized views, foreign and partitioned tables. An empty
// schema means the server's current_schema(). ListColumns of an unknown table throws
// kNotFound listing similar table names.
#pragma once

#include <string>
#include <vector>

#include "drivers/postgres/pg_connection.hpp"

namespace ff::drivers::postgres {

std::vector<std::string> ListSchemas(PgConnection& conn);
std::vector<std::string> ListTables(PgConnection& conn, const std::string& schema);
std::vector<PgColumnInfo> ListColumns(PgConnection& conn, const std::string& schema,
                                      const std::string& table);
//! "PostgreSQL 15.6 (Debian 15.6-0+deb12u1)"-like text: the server's `version()`.
std::string ServerVersion(PgConnection& conn);

//! Throws kNotFound for `schema`.`table`, listing the closest names (tables of the schema,
//! or the schemas when the schema itself does not exist).
[[noreturn]] void ThrowUnknownTable(PgConnection& conn, const std::string& schema,
                                    const std::string& table);

}  // namespace ff::drivers::postgres
