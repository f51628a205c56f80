// Flowfile's formula language (`[price] * (1 - [discount])`, `if [a] > 2 then "x" else "y" endif`)
// compiled to one DuckDB SQL scalar expression: no row-by-row evaluation.
//
// Contract:
//  - The language is Flowfile's (polars-expr-transformer): its lexical rules, its operator
//    precedence (`=`, `%`, `&`, `|` bind tighter than arithmetic; see docs/formulas.md), its
//    95 functions plus `not()`, the `in` operator and `None`.
//  - Every error is ff::Error(kInvalidArgument) whose message names the line and column, the
//    offending token and what was expected; unknown column and function names suggest the
//    closest known one. Type errors (a string compared with a number, `year()` of a string)
//    are reported here, in our words, never left to the engine.
//  - `now()` / `today()` are constants captured when the formula is compiled.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "flowfile/dtypes.hpp"

// The namespace is `formulas` because ff::formula(text) is the public expression builder
// (include/flowfile/expr.hpp).
namespace ff::formulas {

//! Compiles `text` to a DuckDB SQL scalar expression over `columns` (every binary operation is
//! parenthesised). Column references become quoted identifiers.
std::string CompileToSql(const std::string& text, const Schema& columns);
//! The type the formula produces over `columns` (Polars dtype names).
DataType ResultType(const std::string& text, const Schema& columns);
//! Parses only (no column or type checks); throws like CompileToSql.
void CheckSyntax(const std::string& text);
//! Column names the formula references, in first-seen order, without duplicates.
std::vector<std::string> ReferencedColumns(const std::string& text);
//! The formula literal for a flow parameter value: strings quoted (JSON style), numbers bare,
//! bools true/false, null None. Arrays and objects throw kInvalidArgument.
std::string ParameterLiteral(const nlohmann::json& value);

//! A formula checked for an editor: ok with its result type, or the error and where it is.
struct Check {
  bool ok = true;
  std::string type;     //!< the result type (Polars name); empty when only the syntax was checked
  std::string message;  //!< the error in our words, without the excerpt
  int line = 0, column = 0;  //!< 1-based place of the error (0 when it has none)
  size_t offset = 0;         //!< the same place as a 0-based character (code point) offset
};
//! Checks `text`: names and types over `columns` when given, else the syntax only. A bad
//! formula is reported in the result, never thrown.
Check Validate(const std::string& text, const Schema* columns);

struct FunctionInfo {
  std::string name, category, signature, description;
};
//! Every function users can call, in category then name order (for function lists and
//! autocompletion).
const std::vector<FunctionInfo>& Functions();

}  // namespace ff::formulas
