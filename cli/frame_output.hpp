// Showing a frame's rows on the terminal (or as JSON), or writing them to a file.
#pragma once

#include <cstdint>
#include <string>

#include "context.hpp"
#include "flowfile/frame.hpp"
#include "output.hpp"

namespace ff::cli {

//! The frames API reads the default workspace; --home points it at the same folder.
void UseHome(const Context& context);

//! The rows as JSON objects, column name -> value (numbers and booleans typed; NULL as null).
Json RowsJson(const DataFrame& df);

//! Prints up to `limit` rows (0: all) as a table, or as JSON objects under --json; or writes
//! them to `output` (.csv, .parquet, .ndjson) when it is set.
void Emit(const Context& context, const FlowFrame& frame, const std::string& output, int64_t limit);

}  // namespace ff::cli
