// Filters pushed into a database source's own query: `read_database(...).filter(col("x") > 5)`
// makes the server send only matching rows. Only predicates whose meaning is the same in the
// source's SQL and in the frame are pushed (comparisons of columns with constants, AND, OR,
// NOT, IS [NOT] NULL, IN, BETWEEN); the frame keeps its filter node too, so a predicate that
// is not pushed is still applied by the engine.
#pragma once

#include <optional>
#include <string>

#include "flowfile/expr.hpp"

namespace ff::frame {

//! `predicate` in PostgreSQL / SQLite syntax, or nullopt when it cannot be pushed exactly.
std::optional<std::string> PushableSql(const Expr& predicate);

}  // namespace ff::frame
