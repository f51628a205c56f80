// Decoding DuckDB result vectors into ff::Value cells (any type, nested ones included).
#pragma once

#include <duckdb.h>

#include <vector>

#include "flowfile/value.hpp"

namespace ff::engine {

//! Row `row` of `vector`, whose logical type is `type`.
Value ReadValue(duckdb_vector vector, duckdb_logical_type type, idx_t row);

//! Every row of `chunk`, each a Value per column.
std::vector<std::vector<Value>> ChunkRows(duckdb_data_chunk chunk);

}  // namespace ff::engine
