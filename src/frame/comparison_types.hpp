// Comparisons between values of different kinds are refused, as Polars refuses them:
// DuckDB would cast silently (`amount > '2'` compares as numbers, or as text), and a filter
// that quietly means something else is a wrong result without an error.
#pragma once

#include <string>

#include "frame/expr_sql.hpp"

namespace ff::frame {

//! Throws Error(kInvalidArgument) when `left` and `right` are of known, incomparable kinds
//! (a number with a string, a boolean with a string or a number, a date or time with a
//! number or a boolean). A string compared with a date or time is allowed: it is read as
//! one ("2026-01-01"), and a string that is not one fails in the engine. Kinds that are
//! not known here (results of most functions) are left to the engine.
void CheckComparable(const std::string& op, const Expr& left, const Expr& right,
                     const SqlContext& context);

}  // namespace ff::frame
