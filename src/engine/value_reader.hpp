// Decoding DuckDB result vectors into ff::Value cells (any type, nested ones included).
#pragma once

#include <duckdb.h>

#include "flowfile/value.hpp"

namespace ff::engine {

//! Row `row` of `vector`, whose logical type is `type`.
Value ReadValue(duckdb_vector vector, duckdb_logical_type type, idx_t row);

}  // namespace ff::engine
