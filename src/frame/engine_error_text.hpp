// DuckDB's error messages, told in Flowfile's terms.
//
// Contract: ExplainEngineError rewrites the engine errors users meet most (a CSV value that
// does not fit its inferred type, an operator applied to the wrong types, a failed cast) into
// messages that name the column, the value and the types in our dtype names, with the fix in
// our API's words (schema_overrides, infer_schema_length, null_values, cast(strict=False)) —
// never DuckDB's own advice (types=, sample_size, COPY). Any other message keeps its text,
// without DuckDB's "LINE n:" source excerpt and candidate-function lists.
#pragma once

#include <string>
#include <string_view>

namespace ff::frame {

std::string ExplainEngineError(std::string_view message);

//! True when `message` is a CSV reading error (it belongs to the node reading the file).
bool IsCsvReadError(std::string_view message);

}  // namespace ff::frame
