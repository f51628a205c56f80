// Partition values are strings in the log; they become typed SQL constants here.
#pragma once

#include <optional>
#include <string>

#include "flowfile/delta.hpp"

namespace ff::delta {

//! A DuckDB expression of the column's type for a serialised partition value. `""` and
//! absent values are NULL ("null" text is a string). Zone-less timestamps are read as UTC.
//! Throws kInvalidArgument for partition columns of a complex type.
std::string PartitionLiteral(const std::optional<std::string>& value, const DataType& type);

}  // namespace ff::delta
