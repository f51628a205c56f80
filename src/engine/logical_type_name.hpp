// DuckDB logical types as the SQL type text DESCRIBE would print ("DECIMAL(10,2)",
// "VARCHAR[]", "STRUCT(a INTEGER)"), for schemas taken from prepared statements.
#pragma once

#include <duckdb.h>

#include <string>

namespace ff::engine {

std::string LogicalTypeName(duckdb_logical_type type);

}  // namespace ff::engine
