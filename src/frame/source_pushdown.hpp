// Filters pushed into a database source's own query: `read_database(...).filter(col("x") > 5)`
// makes the server send only matching rows. A predicate is pushed only where the source's SQL
// gives exactly the engine's answer on the values the driver hands the engine: comparisons,
// IN and BETWEEN of a column with constants of its own type family (or with another column),
// AND, OR, NOT, IS [NOT] NULL. Constants are rendered per dialect (util/sql_dialect.hpp);
// string comparisons are made byte-wise (PostgreSQL COLLATE "C", MySQL binary, SQLite BINARY)
// as the engine's are. The frame keeps its filter node too, so whatever is not pushed is
// still applied by the engine, and a pushed conjunct only spares the transfer.
#pragma once

#include <string>
#include <vector>

#include "flowfile/dtypes.hpp"
#include "flowfile/expr.hpp"
#include "util/sql_dialect.hpp"

namespace ff::frame {

//! The top-level AND terms of `predicate` that `dialect` evaluates exactly, as SQL over the
//! source's columns (`schema`, as the engine reads them). Empty when nothing can be pushed.
std::vector<std::string> PushableConjuncts(const Expr& predicate, const Schema& schema,
                                           sql::Dialect dialect);

}  // namespace ff::frame
