// Pieces shared by the node SQL builders, and the builders that live in their own files
// (reads, and nodes that combine inputs).
#pragma once

#include <string>
#include <vector>

#include "flowfile/expr.hpp"
#include "frame/expr_sql.hpp"
#include "frame/plan_node.hpp"

namespace ff::frame {

//! True when `expr` contains `.over(...)` or a window function (rank, cum_sum, shift, diff).
bool UsesWindow(const Expr& expr);
//! SQL of `expr` where aggregates outside windows are evaluated over the whole input and
//! broadcast to every row (Polars' with_columns(col("x").sum())).
std::string BroadcastSql(const Expr& expr, const SqlContext& context);
//! The input's schema when compiling `exprs` needs column types (selectors, casts, dt.truncate,
//! dt.offset_by), else nullptr: most nodes compile from column names alone, so a frame's
//! schema costs one bind of the whole chain instead of one per node.
const Schema* TypesFor(const PlanNode& node, const std::vector<Expr>& exprs, size_t input = 0);
//! fill_null(value) over a frame: one expression per column whose type can hold `value`.
std::vector<Expr> FillNullExprs(const Expr& value, const Schema& schema);

//! `base`, or `base_1`, `base_2`, ...: the first that names none of `taken` (compared without
//! case, as DuckDB resolves names), for helper columns that must not shadow a user's.
std::string InternalName(const std::string& base, const std::vector<std::string>& taken);

//! `name` with ASCII letters lowered: how DuckDB compares column names.
std::string LowerAscii(std::string name);

// read: {format: parquet|csv|json|ndjson, paths: [...], options: {...}}
std::string ReadSql(const PlanNode& node, const std::vector<std::string>& in);
// read with format delta (delta_nodes.cpp)
std::string DeltaReadSql(const PlanNode& node);
// join / cross_join: {how, left_on, right_on, suffix, coalesce}
std::string JoinSql(const PlanNode& node, const std::vector<std::string>& in);
// union: {how: vertical|vertical_relaxed|diagonal|diagonal_relaxed|horizontal}
std::string UnionSql(const PlanNode& node, const std::vector<std::string>& in);
// pivot: {on, index, values, aggregate_function, on_values}
std::string PivotSql(const PlanNode& node, const std::vector<std::string>& in);
//! The distinct non-null values of `on` (as text) in `input_sql`, in order of first appearance;
//! `input_columns` are the input's names, which the helper columns avoid.
std::string PivotValuesSql(const std::string& input_sql, const std::string& on,
                           const std::vector<std::string>& input_columns);
// unpivot: {on, index, variable_name, value_name}
std::string UnpivotSql(const PlanNode& node, const std::vector<std::string>& in);
// output: the input unchanged (writers record where the rows went in their params)
std::string PassThrough(const PlanNode& node, const std::vector<std::string>& in);

}  // namespace ff::frame
