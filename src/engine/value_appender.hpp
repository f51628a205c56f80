// Appending ff::Value cells to an engine table through DuckDB's appender.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/engine.hpp"
#include "flowfile/value.hpp"

namespace ff::engine {

//! Appends the rows of `columns` (equal lengths, in the table's column order) to `table`.
//! Returns "" on success, or what failed ("column 'x', row 3: ..."); throws kEngine when no
//! appender can be opened.
std::string AppendValues(Connection& connection, const std::string& table,
                         const std::vector<std::pair<std::string, std::vector<Value>>>& columns);

}  // namespace ff::engine
