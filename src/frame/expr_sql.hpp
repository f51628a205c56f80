// Compiling expressions to DuckDB SQL.
#pragma once

#include <string>
#include <vector>

#include "flowfile/dtypes.hpp"
#include "flowfile/expr.hpp"

namespace ff::frame {

struct SqlContext {
  const Schema* schema = nullptr;                //!< the input's columns, for types and selectors
  const std::vector<Expr>* partition = nullptr;  //!< set inside `.over(...)`
};

//! The SQL of `expr` (without an alias). Throws kInvalidArgument for unknown functions.
std::string ExprToSql(const Expr& expr, const SqlContext& context);
//! `expr` as a select item: `<sql> AS "<output name>"`.
std::string SelectItem(const Expr& expr, const SqlContext& context);
//! True when `expr` contains a selector (or `all()`), so it expands to several columns.
bool HasSelector(const Expr& expr);
//! Replaces selectors by the matching columns of `schema`, one expression per column.
std::vector<Expr> ExpandSelectors(const std::vector<Expr>& exprs, const Schema& schema);
//! A Polars duration string ("1d", "1mo", "-2h30m") as a DuckDB INTERVAL literal.
std::string DurationToInterval(const std::string& duration);
//! A literal's SQL.
std::string LiteralToSql(const Literal& literal);

}  // namespace ff::frame
