// Expressions and data types as JSON, for flow files: the exact tree, so a loaded flow compiles
// to the same SQL as the frame that saved it.
#pragma once

#include <nlohmann/json.hpp>

#include "flowfile/dtypes.hpp"
#include "flowfile/expr.hpp"

namespace ff::frame {

nlohmann::json ExprToJson(const Expr& expr);
//! Throws kInvalidArgument naming the offending part when the JSON is not an expression.
Expr ExprFromJson(const nlohmann::json& json);

nlohmann::json ExprsToJson(const std::vector<Expr>& exprs);
std::vector<Expr> ExprsFromJson(const nlohmann::json& json);

//! A data type as its DuckDB spelling ("DECIMAL(10,2)", "VARCHAR[]").
nlohmann::json DataTypeToJson(const DataType& type);
DataType DataTypeFromJson(const nlohmann::json& json);

}  // namespace ff::frame
