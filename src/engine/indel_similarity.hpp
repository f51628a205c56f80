// ff_indel_similarity(a VARCHAR, b VARCHAR) -> DOUBLE: the Indel similarity DuckDB lacks
// (fuzzy_match's `indel` type, as RapidFuzz defines it).
//
// Contract: on Unicode code points, indel = len(a) + len(b) - 2 * LCS(a, b) (the insertions
// and deletions that turn a into b, no substitutions); the result is
// 1 - indel / (len(a) + len(b)), in 0..1, and 1.0 for two empty strings. NULL in -> NULL out.
// Comparison is exact: callers lowercase first when they want case-insensitive scores.
#pragma once

#include <duckdb.h>

#include <string_view>

namespace ff::engine {

//! Registers the function on `conn`'s database (idempotent; a lost race is fine).
void RegisterIndelSimilarity(duckdb_connection conn);

//! The same score for two UTF-8 strings (for tests and callers outside SQL).
double IndelSimilarity(std::string_view a, std::string_view b);

}  // namespace ff::engine
