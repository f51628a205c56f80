// The formula function table: each function as data (name, arity, which arguments must be
// literals, argument kinds, result type rule, SQL emitter), so the compiler has one generic
// path and a UI can list them (formulas::Functions()).
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "flowfile/dtypes.hpp"
#include "formula/ast.hpp"

namespace ff::formulas {

//! A compiled argument: its SQL, its type and the node it came from.
struct Typed {
  Typed() = default;
  Typed(std::string sql_, DataType type_, const Node* node_ = nullptr, bool int_literal_ = false)
      : sql(std::move(sql_)), type(std::move(type_)), node(node_), int_literal(int_literal_) {}
  std::string sql;
  DataType type;
  const Node* node = nullptr;
  bool int_literal = false;  //!< a bare integer literal, which adapts to the other operand
};
using Args = std::vector<Typed>;

//! What an emitter may need besides its arguments.
struct CallSite {
  const std::string& formula;
  const Node& call;
  std::string now_sql;  //!< TIMESTAMP literal of the compile time (now(), today())
};

//! The kind of value an argument must have; Null (None) always fits.
enum class ArgKind { kAny, kNumber, kText, kTemporal, kDatetime, kBool };

struct FunctionSpec {
  std::string name, category, signature, description, example;
  int min_args = 0;
  int max_args = 0;               //!< -1: any number
  std::vector<ArgKind> kinds;     //!< per position; the last one repeats for variadic functions
  std::vector<int> literal_args;  //!< positions that must be literals (options, patterns)
  //! The result type from the argument types; may throw (via ThrowAt) on mismatched types.
  std::function<DataType(const Args&, const CallSite&)> result;
  //! The SQL, given the compiled arguments.
  std::function<std::string(const Args&, const CallSite&)> emit;
};

//! nullptr when `name` is no function users may call (hidden helpers included).
const FunctionSpec* FindFunction(const std::string& name);
//! Every callable name (for "did you mean").
std::vector<std::string> FunctionNames();

// Category tables (one file each).
void AddLogicFunctions(std::vector<FunctionSpec>& out);
void AddStringFunctions(std::vector<FunctionSpec>& out);
void AddMathFunctions(std::vector<FunctionSpec>& out);
void AddDateFunctions(std::vector<FunctionSpec>& out);
void AddConversionFunctions(std::vector<FunctionSpec>& out);

// ---- helpers shared by the tables (types.cpp)

DataType Type(const std::string& name);  //!< a type by name, including "Null"
bool IsNull(const DataType& t);
bool IsText(const DataType& t);
bool IsBool(const DataType& t);
bool IsNumber(const DataType& t);  //!< integers, floats, decimals
bool IsTemporalType(const DataType& t);
//! "column [x] (String)", "the string \"a\"", "an Int64 value": for error messages.
std::string DescribeArg(const Typed& arg);
//! The common type of values (Polars' supertype, as far as formulas need it); throws naming
//! both sides when there is none. `what` names the construct ("if branches", "coalesce").
DataType Supertype(const Args& values, const std::string& formula, const Node& at,
                   const std::string& what);
//! `arg.sql`, cast to `to` when its type differs (so DuckDB sees one type in CASE/COALESCE).
std::string CastTo(const Typed& arg, const DataType& to);
//! A literal argument's value (checked by the compiler for literal_args positions).
const LiteralValue& LiteralArg(const Typed& arg);
std::string StringLiteralArg(const Typed& arg, const CallSite& site, const std::string& what);
int64_t IntLiteralArg(const Typed& arg, const CallSite& site, const std::string& what);
//! Throws naming both sides when `a` and `b` cannot be compared (text with numbers, ...).
void CheckComparable(const std::string& formula, const Node& at, const Typed& a, const Typed& b,
                     const std::string& op);
std::string Quoted(const std::string& text);  //!< SQL string literal
std::string FloatSql(double value);           //!< CAST(<v> AS DOUBLE), inf/nan included

// ---- small rules for the tables

inline std::function<DataType(const Args&, const CallSite&)> Fixed(const std::string& type) {
  const DataType t = Type(type);
  return [t](const Args&, const CallSite&) { return t; };
}
//! The type of argument `i` (Polars keeps the input's type for abs, floor, round...).
inline std::function<DataType(const Args&, const CallSite&)> SameAs(size_t i) {
  return [i](const Args& a, const CallSite&) { return a.at(i).type; };
}
//! The supertype of all arguments.
inline std::function<DataType(const Args&, const CallSite&)> Super(const std::string& what) {
  return [what](const Args& a, const CallSite& s) { return Supertype(a, s.formula, s.call, what); };
}
//! `sql_name(arg0, arg1, ...)`.
inline std::function<std::string(const Args&, const CallSite&)> Fn(const std::string& sql_name) {
  return [sql_name](const Args& a, const CallSite&) {
    std::string out = sql_name + "(";
    for (size_t i = 0; i < a.size(); ++i) out += (i ? ", " : "") + a[i].sql;
    return out + ")";
  };
}

}  // namespace ff::formulas
