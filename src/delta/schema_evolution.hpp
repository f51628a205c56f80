// Schema checks shared by Delta writes and the catalog's merge modes: strict comparison
// (append), additive merge (schema_mode='merge'), and the SELECT list that shapes source rows
// to a table schema.
#pragma once

#include <string>

#include "flowfile/delta.hpp"

namespace ff::delta {

class SqlSession;

//! The schema of `relation` (a table or view in `session`) as Delta types.
DataType DescribeSchema(SqlSession& session, const std::string& relation);

//! "" when `source` has the table's columns with the same types (any order); otherwise every
//! difference, e.g. "column 'id' is VARCHAR, the table has BIGINT; missing column 'x' (DATE)".
std::string SchemaMismatch(const DataType& table, const DataType& source);

//! The table schema plus `source` columns it lacks (appended, nullable). Throws
//! kInvalidArgument naming the column and both types when a shared column differs in type.
//! `changed` tells whether any column was added.
DataType MergeSchemas(const DataType& table, const DataType& source, const std::string& table_label,
                      bool* changed);

//! `CAST(col AS type) AS col, ...` for every field of `schema`: columns `source` lacks become
//! typed NULLs.
std::string ShapeSelectList(const DataType& schema, const DataType& source);

//! True when `schema` has a top-level column `name`.
bool HasColumn(const DataType& schema, const std::string& name);

}  // namespace ff::delta
