// Decoding DuckDB result vectors into ff::Value cells (any type, nested ones included).
#pragma once

#include <duckdb.h>

#include "flowfile/value.hpp"

namespace ff::frame {

//! Row `row` of `vector`, whose logical type is `type`.
Value ReadValue(duckdb_vector vector, duckdb_logical_type type, idx_t row);

//! Civil date of days since the epoch, and ISO text forms used by Value::ToString.
std::string FormatDate(int64_t days);
std::string FormatTime(int64_t micros);
std::string FormatDatetime(int64_t micros);

}  // namespace ff::frame
