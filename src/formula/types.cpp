// Type helpers for the formula compiler and function tables: classification, Polars-style
// supertypes, literal arguments and SQL literal spelling.
#include <cmath>
#include <cstdio>

#include "engine/engine.hpp"
#include "formula/functions.hpp"

namespace ff::formulas {
namespace {

int IntegerRank(const DataType& t) {
  static const char* const kOrder[] = {"Int8",   "UInt8", "Int16",  "UInt16", "Int32",
                                       "UInt32", "Int64", "UInt64", "Int128"};
  for (int i = 0; i < 9; ++i)
    if (t.name == kOrder[i]) return i;
  return 6;
}

// The supertype of two types, or Unknown when they do not mix.
DataType Pair(const Typed& a, const Typed& b) {
  const DataType &x = a.type, &y = b.type;
  if (IsNull(x)) return y;
  if (IsNull(y) || x == y) return x;
  if (IsText(x) || IsText(y)) return Type("String");  // Polars casts the other side to text
  if (x.IsInteger() && y.IsInteger()) {
    if (a.int_literal) return y;  // a literal adapts to the column's type
    if (b.int_literal) return x;
    const bool mixed = x.name.starts_with("U") != y.name.starts_with("U");
    const DataType& wider = IntegerRank(x) >= IntegerRank(y) ? x : y;
    return mixed && wider.name.starts_with("U") ? Type("Int64") : wider;
  }
  if (IsNumber(x) && IsNumber(y)) {
    if (x.IsFloat() && y.IsFloat()) return Type("Float64");
    if (x.IsFloat()) return x;
    if (y.IsFloat()) return y;
    return x.name == "Decimal" ? x : y;  // decimal with an integer
  }
  if ((IsBool(x) && IsNumber(y)) || (IsNumber(x) && IsBool(y))) return IsBool(x) ? y : x;
  if (IsTemporalType(x) && IsTemporalType(y)) return x.name == "Datetime" ? x : y;
  return Type("Unknown");
}

}  // namespace

DataType Type(const std::string& name) { return DataType::Named(name); }
bool IsNull(const DataType& t) { return t.name == "Null"; }
bool IsText(const DataType& t) { return t.name == "String"; }
bool IsBool(const DataType& t) { return t.name == "Boolean"; }
bool IsNumber(const DataType& t) { return t.IsNumeric(); }
bool IsTemporalType(const DataType& t) { return t.name == "Date" || t.name == "Datetime"; }

std::string DescribeArg(const Typed& arg) {
  const Node* n = arg.node;
  if (n && n->kind == Node::Kind::kColumn) {
    return "column [" + n->text + "] (" + arg.type.ToString() + ")";
  }
  LiteralValue storage;
  if (const LiteralValue* v = n ? LiteralOf(*n, storage) : nullptr) {
    if (auto* s = std::get_if<std::string>(v)) return "the string \"" + *s + "\"";
    if (auto* i = std::get_if<int64_t>(v)) return "the number " + std::to_string(*i);
    if (auto* d = std::get_if<double>(v)) {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%g", *d);
      return std::string("the number ") + buffer;
    }
    if (auto* b = std::get_if<bool>(v)) return *b ? "true" : "false";
    return "None";
  }
  return "a " + arg.type.ToString() + " value";
}

DataType Supertype(const Args& values, const std::string& formula, const Node& at,
                   const std::string& what) {
  if (values.empty()) return Type("Null");
  Typed acc = values[0];
  for (size_t i = 1; i < values.size(); ++i) {
    const DataType next = Pair(acc, values[i]);
    if (next.name == "Unknown") {
      ThrowAt(formula, values[i].node ? values[i].node->position : at.position,
              what + " mix " + DescribeArg(acc) + " and " + DescribeArg(values[i]) +
                  ", which have no common type; convert one with to_string(), to_float() or "
                  "to_date()");
    }
    acc.int_literal = acc.int_literal && values[i].int_literal;
    acc.type = next;
    acc.node = values[i].node;
  }
  return acc.type;
}

std::string CastTo(const Typed& arg, const DataType& to) {
  if (arg.type == to || IsNull(arg.type) || to.name == "Unknown") return arg.sql;
  if (IsText(to) && arg.type.name == "Datetime") {
    // Polars prints datetimes with their fraction: 2024-01-15 10:30:00.000000.
    return "strftime(" + arg.sql + ", '%Y-%m-%d %H:%M:%S.%f')";
  }
  // Text, and integers of differing widths, must agree for DuckDB's CASE/COALESCE.
  if (IsText(to) || (to.IsInteger() && arg.type.IsInteger()) || to.IsFloat()) {
    return "CAST(" + arg.sql + " AS " + to.ToSql() + ")";
  }
  return arg.sql;
}

const LiteralValue& LiteralArg(const Typed& arg) {
  static thread_local LiteralValue storage;
  const LiteralValue* v = LiteralOf(*arg.node, storage);
  static const LiteralValue kNone;
  return v ? *v : kNone;
}

std::string StringLiteralArg(const Typed& arg, const CallSite& site, const std::string& what) {
  const LiteralValue& v = LiteralArg(arg);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  ThrowAt(site.formula, arg.node->position,
          site.call.text + "(): " + what + " must be a string literal such as \"...\", not " +
              DescribeArg(arg));
}

int64_t IntLiteralArg(const Typed& arg, const CallSite& site, const std::string& what) {
  const LiteralValue& v = LiteralArg(arg);
  if (auto* i = std::get_if<int64_t>(&v)) return *i;
  ThrowAt(site.formula, arg.node->position,
          site.call.text + "(): " + what + " must be a whole number, not " + DescribeArg(arg));
}

void CheckComparable(const std::string& formula, const Node& at, const Typed& a, const Typed& b,
                     const std::string& op) {
  auto family = [](const DataType& t) {
    if (IsNumber(t) || IsBool(t)) return 1;
    if (IsText(t)) return 2;
    if (IsTemporalType(t)) return 3;
    return IsNull(t) ? 0 : 4;
  };
  const int x = family(a.type), y = family(b.type);
  if (x == 0 || y == 0 || (x == y && x != 4) || (x == 2 && y == 3) || (x == 3 && y == 2)) return;
  if (x == 4 && y == 4 && a.type == b.type) return;
  ThrowAt(formula, at.position,
          "cannot compare " + DescribeArg(a) + " with " + DescribeArg(b) + " (" + op + "): a " +
              a.type.ToString() + " and a " + b.type.ToString() +
              " do not compare; convert one side first, e.g. with to_string() or to_float()");
}

std::string Quoted(const std::string& text) { return engine::Quote(text); }

std::string FloatSql(double value) {
  if (std::isnan(value)) return "CAST('NaN' AS DOUBLE)";
  if (std::isinf(value)) return value > 0 ? "CAST('inf' AS DOUBLE)" : "CAST('-inf' AS DOUBLE)";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return std::string("CAST(") + buffer + " AS DOUBLE)";
}

}  // namespace ff::formulas
