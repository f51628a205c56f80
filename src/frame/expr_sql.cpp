// Expression -> DuckDB SQL. Where Polars and DuckDB disagree on semantics (float -> int casts,
// ranks, n_unique with nulls, string slicing), the SQL spells out Polars' behaviour.
#include "frame/expr_sql.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <variant>

#include "engine/engine.hpp"
#include "flowfile/errors.hpp"
#include "formula/formula.hpp"
#include "frame/comparison_types.hpp"
#include "util/sql_dialect.hpp"

namespace ff::frame {

using engine::Ident;
using engine::Quote;

namespace {

const Literal& LiteralArg(const Expr& e, const std::string& function, const char* what) {
  if (e.kind() != Expr::Kind::kLiteral) {
    throw Error(ErrorCode::kInvalidArgument,
                function + ": '" + what + "' must be a constant, not an expression");
  }
  return e.node().literal;
}

std::string StringArg(const Expr& e, const std::string& function, const char* what) {
  const Literal& l = LiteralArg(e, function, what);
  if (auto* s = std::get_if<std::string>(&l.value)) return *s;
  throw Error(ErrorCode::kInvalidArgument, function + ": '" + what + "' must be a string");
}

bool IsNullLiteral(const Expr& e) {
  return e.kind() == Expr::Kind::kLiteral &&
         std::holds_alternative<std::monostate>(e.node().literal.value) &&
         !e.node().literal.is_list;
}

int64_t IntArg(const Expr& e, const std::string& function, const char* what) {
  const Literal& l = LiteralArg(e, function, what);
  if (auto* i = std::get_if<int64_t>(&l.value)) return *i;
  if (auto* d = std::get_if<double>(&l.value)) return static_cast<int64_t>(*d);
  throw Error(ErrorCode::kInvalidArgument, function + ": '" + what + "' must be an integer");
}

double DoubleArg(const Expr& e, const std::string& function, const char* what) {
  const Literal& l = LiteralArg(e, function, what);
  if (auto* i = std::get_if<int64_t>(&l.value)) return static_cast<double>(*i);
  if (auto* d = std::get_if<double>(&l.value)) return *d;
  throw Error(ErrorCode::kInvalidArgument, function + ": '" + what + "' must be a number");
}

bool BoolArg(const Expr& e, const std::string& function, const char* what) {
  const Literal& l = LiteralArg(e, function, what);
  if (auto* b = std::get_if<bool>(&l.value)) return *b;
  throw Error(ErrorCode::kInvalidArgument, function + ": '" + what + "' must be true or false");
}

// The type of `e` when it is a plain column of the input (best effort, for Polars semantics).
std::optional<DataType> KnownType(const Expr& e, const SqlContext& ctx) {
  const ExprNode& node = e.node();
  if (node.kind == Expr::Kind::kCast) return node.dtype;
  if (node.kind == Expr::Kind::kAlias) return KnownType(node.args.at(0), ctx);
  if (node.kind == Expr::Kind::kLiteral && std::holds_alternative<double>(node.literal.value) &&
      node.literal.sql_type.empty() && !node.literal.is_list) {
    return DataType::Named("Float64");
  }
  if (node.kind == Expr::Kind::kCall) {
    // Arithmetic on a float is a float (enough to truncate `(col("f") * 2).cast(Int64)`).
    if (node.name == "truediv") return DataType::Named("Float64");
    static const char* const kArithmetic[] = {"add", "sub",   "mul",      "pow", "neg",
                                              "abs", "round", "floordiv", "mod"};
    for (const char* name : kArithmetic) {
      if (node.name != name) continue;
      for (const Expr& arg : node.args) {
        const auto type = KnownType(arg, ctx);
        if (type && type->IsFloat()) return type;
      }
    }
    return std::nullopt;
  }
  if (node.kind != Expr::Kind::kColumn || !ctx.schema) return std::nullopt;
  for (const Field& f : *ctx.schema) {
    if (f.name == node.name) return f.dtype;
  }
  return std::nullopt;
}

// node_sql numbers the input's rows as `__ff_row` (and lists that column in the schema it
// passes) when expressions need row order: DuckDB windows have no order of their own, Polars'
// cum_sum/shift/diff/rank follow the rows as they are.
std::string RowOrder(const SqlContext& ctx) {
  if (!ctx.schema) return "";
  for (const Field& f : *ctx.schema) {
    if (f.name == "__ff_row") return Ident(f.name);
  }
  return "";
}

// Polars keeps an integer sum in the input's type (Int32 stays Int32, narrower widen to
// Int64); DuckDB widens every integer sum to HUGEINT.
std::string IntegerSumCast(const std::string& sum, const Expr& arg, const SqlContext& ctx) {
  const auto type = KnownType(arg, ctx);
  if (!type || !type->IsInteger() || type->name == "Int128") return sum;
  static const std::map<std::string, std::string> kKept = {
      {"Int32", "INTEGER"}, {"UInt32", "UINTEGER"}, {"UInt64", "UBIGINT"}};
  const auto kept = kKept.find(type->name);
  return "CAST(" + sum + " AS " + (kept == kKept.end() ? "BIGINT" : kept->second) + ")";
}

std::string OverClause(const SqlContext& ctx, const std::string& order_by = "",
                       const std::string& frame = "") {
  std::string out = " OVER (";
  if (ctx.partition && !ctx.partition->empty()) {
    SqlContext inner = ctx;
    inner.partition = nullptr;
    out += "PARTITION BY ";
    for (size_t i = 0; i < ctx.partition->size(); ++i) {
      if (i) out += ", ";
      out += ExprToSql((*ctx.partition)[i], inner);
    }
  }
  if (!order_by.empty())
    out += (out.back() == '(' ? "" : " ") + std::string("ORDER BY ") + order_by;
  if (!frame.empty()) out += (out.back() == '(' ? "" : " ") + frame;
  return out + ")";
}

std::string RegexEscape(const std::string& text) {
  static const std::string kSpecial = R"(\^$.|?*+()[]{}/)";
  std::string out;
  for (char c : text) {
    if (kSpecial.find(c) != std::string::npos) out += '\\';
    out += c;
  }
  return out;
}

// Polars replacement strings use $1; RE2 (DuckDB) uses \1.
std::string ReplacementToRe2(const std::string& value) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '$' && i + 1 < value.size() &&
        std::isdigit(static_cast<unsigned char>(value[i + 1]))) {
      out += '\\';
      continue;
    }
    if (value[i] == '\\') out += '\\';
    out += value[i];
  }
  return out;
}

std::string TruncatePart(const std::string& every) {
  static const std::map<std::string, std::string> kUnits = {
      {"1y", "year"},         {"1q", "quarter"},     {"1mo", "month"}, {"1w", "week"},
      {"1d", "day"},          {"1h", "hour"},        {"1m", "minute"}, {"1s", "second"},
      {"1ms", "millisecond"}, {"1us", "microsecond"}};
  auto it = kUnits.find(every);
  return it == kUnits.end() ? "" : it->second;
}

using Args = std::vector<Expr>;
using Compiler = std::function<std::string(const Args&, const SqlContext&, const std::string&)>;

std::string Sql(const Expr& e, const SqlContext& ctx) { return ExprToSql(e, ctx); }

std::string Aggregate(const std::string& body, const SqlContext& ctx) {
  return ctx.partition ? body + OverClause(ctx) : body;
}

std::string Unary(const char* fn, const Args& a, const SqlContext& ctx) {
  return std::string(fn) + "(" + Sql(a.at(0), ctx) + ")";
}

const std::map<std::string, Compiler>& Compilers() {
  static const std::map<std::string, Compiler> kCompilers = [] {
    std::map<std::string, Compiler> m;
    auto binary = [&m](const char* name, const char* op) {
      m[name] = [op](const Args& a, const SqlContext& c, const std::string&) {
        return "(" + Sql(a.at(0), c) + " " + op + " " + Sql(a.at(1), c) + ")";
      };
    };
    binary("add", "+");
    binary("sub", "-");
    binary("mul", "*");
    binary("truediv", "/");
    // Polars floors and gives the remainder the divisor's sign (as Python); DuckDB truncates
    // and its `//` on floats is plain division. (x - pymod) // y is exact for both.
    auto python_mod = [](const std::string& x, const std::string& y) {
      return "(((" + x + " % " + y + ") + " + y + ") % " + y + ")";
    };
    m["floordiv"] = [python_mod](const Args& a, const SqlContext& c, const std::string&) {
      const std::string x = Sql(a.at(0), c), y = Sql(a.at(1), c);
      return "((" + x + " - " + python_mod(x, y) + ") // " + y + ")";
    };
    m["mod"] = [python_mod](const Args& a, const SqlContext& c, const std::string&) {
      return python_mod(Sql(a.at(0), c), Sql(a.at(1), c));
    };
    auto comparison = [&m](const char* name, const char* op) {
      m[name] = [op](const Args& a, const SqlContext& c, const std::string&) {
        CheckComparable(op, a.at(0), a.at(1), c);
        return "(" + Sql(a.at(0), c) + " " + op + " " + Sql(a.at(1), c) + ")";
      };
    };
    comparison("eq", "=");
    comparison("neq", "<>");
    comparison("lt", "<");
    comparison("le", "<=");
    comparison("gt", ">");
    comparison("ge", ">=");
    binary("and", "AND");
    binary("or", "OR");
    binary("xor", "XOR");
    m["pow"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return "pow(" + Sql(a.at(0), c) + ", " + Sql(a.at(1), c) + ")";
    };
    m["neg"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return "(-" + Sql(a.at(0), c) + ")";
    };
    m["formula"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      // node_sql passes the input's schema for formulas (TypesFor): they need column types.
      if (!c.schema)
        throw Error(ErrorCode::kInternal, "a formula was compiled without its input's columns");
      return "(" + formulas::CompileToSql(StringArg(a.at(0), fn, "text"), *c.schema) + ")";
    };
    m["not"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return "(NOT " + Sql(a.at(0), c) + ")";
    };
    m["is_null"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return "(" + Sql(a.at(0), c) + " IS NULL)";
    };
    m["is_not_null"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return "(" + Sql(a.at(0), c) + " IS NOT NULL)";
    };
    m["is_nan"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return "isnan(" + Sql(a.at(0), c) + ")";
    };
    m["fill_null"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return "COALESCE(" + Sql(a.at(0), c) + ", " + Sql(a.at(1), c) + ")";
    };
    m["fill_nan"] = [](const Args& a, const SqlContext& c, const std::string&) {
      const std::string x = Sql(a.at(0), c);
      return "(CASE WHEN isnan(" + x + ") THEN " + Sql(a.at(1), c) + " ELSE " + x + " END)";
    };
    m["is_in"] = [](const Args& a, const SqlContext& c, const std::string&) {
      std::string items;
      for (size_t i = 1; i < a.size(); ++i) {
        const Expr& item = a[i];
        if (item.kind() == Expr::Kind::kLiteral && item.node().literal.is_list) {
          for (const Literal& l : item.node().literal.items) {
            items += (items.empty() ? "" : ", ") + LiteralToSql(l);
          }
        } else {
          items += (items.empty() ? "" : ", ") + Sql(item, c);
        }
      }
      if (items.empty()) return std::string("false");
      return "(" + Sql(a.at(0), c) + " IN (" + items + "))";
    };
    m["is_between"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      const std::string x = Sql(a.at(0), c), lo = Sql(a.at(1), c), hi = Sql(a.at(2), c);
      const std::string closed = a.size() > 3 ? StringArg(a[3], fn, "closed") : "both";
      if (closed == "both") return "(" + x + " BETWEEN " + lo + " AND " + hi + ")";
      if (closed == "left") return "(" + x + " >= " + lo + " AND " + x + " < " + hi + ")";
      if (closed == "right") return "(" + x + " > " + lo + " AND " + x + " <= " + hi + ")";
      if (closed == "none") return "(" + x + " > " + lo + " AND " + x + " < " + hi + ")";
      throw Error(
          ErrorCode::kInvalidArgument,
          "is_between: closed must be 'both', 'left', 'right' or 'none', not '" + closed + "'");
    };
    m["round"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      return "round(" + Sql(a.at(0), c) + ", " +
             std::to_string(a.size() > 1 ? IntArg(a[1], fn, "decimals") : 0) + ")";
    };
    for (const char* simple :
         {"abs", "floor", "ceil", "sqrt", "exp", "sign", "sin", "cos", "tan"}) {
      m[simple] = [simple](const Args& a, const SqlContext& c, const std::string&) {
        return Unary(simple, a, c);
      };
    }
    m["log"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      if (a.size() < 2) return Unary("ln", a, c);
      return "log(" + std::to_string(DoubleArg(a[1], fn, "base")) + ", " + Sql(a[0], c) + ")";
    };
    m["log10"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return Unary("log10", a, c);
    };
    m["concat_str"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      // `||` propagates NULL as Polars' concat_str does by default.
      const std::string sep = Quote(StringArg(a.at(0), fn, "separator"));
      std::string out = "(";
      for (size_t i = 1; i < a.size(); ++i) {
        if (i > 1) out += " || " + sep + " || ";
        out += "CAST(" + Sql(a[i], c) + " AS VARCHAR)";
      }
      return out + ")";
    };
    // ---- aggregates
    auto agg = [&m](const char* name, const char* sql) {
      m[name] = [sql](const Args& a, const SqlContext& c, const std::string&) {
        return Aggregate(std::string(sql) + "(" + Sql(a.at(0), c) + ")", c);
      };
    };
    m["sum"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return IntegerSumCast(Aggregate("sum(" + Sql(a.at(0), c) + ")", c), a.at(0), c);
    };
    agg("mean", "avg");
    agg("median", "median");
    agg("min", "min");
    agg("max", "max");
    // Counts stay Int64 (Polars: UInt32): C++ callers read them as Value::integer.
    agg("count", "count");
    // Inside .over(), the group's first and last rows in row order: the whole partition
    // ordered by the row number (a window ORDER BY alone would end the frame at each row).
    auto positional = [&m](const char* name) {
      m[name] = [name](const Args& a, const SqlContext& c, const std::string&) {
        const std::string body = std::string(name) + "(" + Sql(a.at(0), c) + ")";
        const std::string order = RowOrder(c);
        if (!c.partition) return body;
        if (order.empty()) return body + OverClause(c);
        return body +
               OverClause(c, order, "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING");
      };
    };
    positional("first");
    positional("last");
    m["len"] = [](const Args&, const SqlContext& c, const std::string&) {
      return Aggregate("count(*)", c);
    };
    m["n_unique"] = [](const Args& a, const SqlContext& c, const std::string&) {
      // Polars counts null as one distinct value.
      const std::string x = Sql(a.at(0), c);
      return "(" + Aggregate("count(DISTINCT " + x + ")", c) + " + CAST(" +
             Aggregate("count(*)", c) + " > " + Aggregate("count(" + x + ")", c) + " AS BIGINT))";
    };
    m["std"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      const int64_t ddof = a.size() > 1 ? IntArg(a[1], fn, "ddof") : 1;
      return Aggregate(
          std::string(ddof == 0 ? "stddev_pop" : "stddev_samp") + "(" + Sql(a[0], c) + ")", c);
    };
    m["var"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      const int64_t ddof = a.size() > 1 ? IntArg(a[1], fn, "ddof") : 1;
      return Aggregate(std::string(ddof == 0 ? "var_pop" : "var_samp") + "(" + Sql(a[0], c) + ")",
                       c);
    };
    m["quantile"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      const double q = DoubleArg(a.at(1), fn, "quantile");
      const std::string method = a.size() > 2 ? StringArg(a[2], fn, "interpolation") : "nearest";
      const std::string qs = std::to_string(q);
      const std::string x = Sql(a[0], c);
      if (method == "linear")
        return "CAST(" + Aggregate("quantile_cont(" + x + ", " + qs + ")", c) + " AS DOUBLE)";
      // DuckDB's quantile_disc picks index ceil(n*q)-1; Polars works from the position
      // (n-1)*q among the sorted non-null values, rounding it down, up or to the nearest.
      const std::string sorted =
          "list_sort(" + Aggregate("list(" + x + ")", c) + ", 'ASC', 'NULLS LAST')";
      const std::string position = "((" + Aggregate("count(" + x + ")", c) + " - 1) * " + qs + ")";
      auto at = [&sorted](const std::string& index) {
        return "CAST(" + sorted + "[CAST(" + index + " AS BIGINT) + 1] AS DOUBLE)";
      };
      if (method == "nearest") return at("round(" + position + ")");
      if (method == "lower") return at("floor(" + position + ")");
      if (method == "higher") return at("ceil(" + position + ")");
      if (method == "midpoint") {
        return "((" + at("floor(" + position + ")") + " + " + at("ceil(" + position + ")") +
               ") / 2)";
      }
      throw Error(ErrorCode::kInvalidArgument,
                  "quantile: interpolation must be nearest, lower, higher, midpoint or linear");
    };
    m["str.concat"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      const std::string delimiter = a.size() > 1 ? StringArg(a[1], fn, "delimiter") : "";
      return Aggregate("string_agg(" + Sql(a[0], c) + ", " + Quote(delimiter) + ")", c);
    };
    // ---- window functions (row order = input order)
    m["rank"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      const std::string x = Sql(a.at(0), c);
      const std::string method = a.size() > 1 ? StringArg(a[1], fn, "method") : "average";
      const bool descending = a.size() > 2 && BoolArg(a[2], fn, "descending");
      const std::string row_order = RowOrder(c);
      // Ties keep row order, which only the ordinal method can see.
      const std::string order = x + (descending ? " DESC" : " ASC") + " NULLS LAST" +
                                (row_order.empty() ? "" : ", " + row_order);
      std::string ties_partition = "PARTITION BY ";
      if (c.partition) {
        SqlContext inner = c;
        inner.partition = nullptr;
        for (const Expr& p : *c.partition) ties_partition += Sql(p, inner) + ", ";
      }
      ties_partition += x;
      const std::string ties = "count(*) OVER (" + ties_partition + ")";
      // rank() and dense_rank() must see ties as peers: order by the value alone.
      const std::string value_order = x + (descending ? " DESC" : " ASC") + " NULLS LAST";
      std::string body;
      if (method == "average") {
        body = "(rank()" + OverClause(c, value_order) + " + (" + ties + " - 1) / 2.0)";
      } else if (method == "min") {
        body = "rank()" + OverClause(c, value_order);
      } else if (method == "max") {
        body = "(rank()" + OverClause(c, value_order) + " + " + ties + " - 1)";
      } else if (method == "dense") {
        body = "dense_rank()" + OverClause(c, value_order);
      } else if (method == "ordinal") {
        body = "row_number()" + OverClause(c, order);
      } else {
        throw Error(
            ErrorCode::kInvalidArgument,
            "rank: method must be average, min, max, dense or ordinal, not '" + method + "'");
      }
      return "(CASE WHEN " + x + " IS NULL THEN NULL ELSE " + body + " END)";
    };
    m["cum_sum"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return IntegerSumCast(
          "sum(" + Sql(a.at(0), c) + ")" +
              OverClause(c, RowOrder(c), "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"),
          a.at(0), c);
    };
    m["shift"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      const int64_t n = a.size() > 1 ? IntArg(a[1], fn, "n") : 1;
      const std::string x = Sql(a.at(0), c);
      if (n >= 0) return "lag(" + x + ", " + std::to_string(n) + ")" + OverClause(c, RowOrder(c));
      return "lead(" + x + ", " + std::to_string(-n) + ")" + OverClause(c, RowOrder(c));
    };
    m["diff"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      const int64_t n = a.size() > 1 ? IntArg(a[1], fn, "n") : 1;
      const std::string x = Sql(a.at(0), c);
      return "(" + x + " - lag(" + x + ", " + std::to_string(n) + ")" + OverClause(c, RowOrder(c)) +
             ")";
    };
    // ---- strings
    m["str.contains"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      const std::string pattern = StringArg(a.at(1), fn, "pattern");
      const bool literal = a.size() > 2 && BoolArg(a[2], fn, "literal");
      if (literal) return "contains(" + Sql(a[0], c) + ", " + Quote(pattern) + ")";
      return "regexp_matches(" + Sql(a[0], c) + ", " + Quote(pattern) + ")";
    };
    m["str.starts_with"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return "starts_with(" + Sql(a.at(0), c) + ", " + Sql(a.at(1), c) + ")";
    };
    m["str.ends_with"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return "suffix(" + Sql(a.at(0), c) + ", " + Sql(a.at(1), c) + ")";
    };
    m["str.to_uppercase"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return Unary("upper", a, c);
    };
    m["str.to_lowercase"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return Unary("lower", a, c);
    };
    m["str.len_chars"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return Unary("length", a, c);
    };
    m["str.len_bytes"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return Unary("strlen", a, c);
    };
    auto replace = [](bool all) {
      return [all](const Args& a, const SqlContext& c, const std::string& fn) {
        const std::string pattern = StringArg(a.at(1), fn, "pattern");
        const std::string value = StringArg(a.at(2), fn, "value");
        const bool literal = a.size() > 3 && BoolArg(a[3], fn, "literal");
        const std::string x = Sql(a[0], c);
        if (literal && all)
          return "replace(" + x + ", " + Quote(pattern) + ", " + Quote(value) + ")";
        const std::string re = literal ? RegexEscape(pattern) : pattern;
        const std::string rep =
            literal ? ReplacementToRe2(RegexEscape(value)) : ReplacementToRe2(value);
        return "regexp_replace(" + x + ", " + Quote(re) + ", " + Quote(rep) +
               (all ? ", 'g')" : ")");
      };
    };
    m["str.replace"] = replace(false);
    m["str.replace_all"] = replace(true);
    m["str.slice"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      const int64_t offset = IntArg(a.at(1), fn, "offset");
      const std::string x = Sql(a[0], c);
      // A negative offset counts from the end; when it reaches before the start, Polars
      // starts at 0 and shortens the length by the overshoot.
      const std::string signed_start = "(length(" + x + ") + (" + std::to_string(offset) + "))";
      const std::string start =
          offset >= 0 ? std::to_string(offset + 1) : "greatest(" + signed_start + ", 0) + 1";
      if (a.size() < 3 || IsNullLiteral(a[2])) return "substring(" + x + ", " + start + ")";
      const std::string length = std::to_string(IntArg(a[2], fn, "length"));
      if (offset >= 0) return "substring(" + x + ", " + start + ", " + length + ")";
      return "substring(" + x + ", " + start + ", greatest(" + length + " + least(" + signed_start +
             ", 0), 0))";
    };
    m["str.head"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      return "left(" + Sql(a.at(0), c) + ", " + std::to_string(IntArg(a.at(1), fn, "n")) + ")";
    };
    m["str.tail"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      return "right(" + Sql(a.at(0), c) + ", " + std::to_string(IntArg(a.at(1), fn, "n")) + ")";
    };
    m["str.strip_chars"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      if (a.size() < 2 || IsNullLiteral(a[1])) return Unary("trim", a, c);
      return "trim(" + Sql(a[0], c) + ", " + Quote(StringArg(a[1], fn, "characters")) + ")";
    };
    m["str.strip_chars_start"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      if (a.size() < 2 || IsNullLiteral(a[1])) return Unary("ltrim", a, c);
      return "ltrim(" + Sql(a[0], c) + ", " + Quote(StringArg(a[1], fn, "characters")) + ")";
    };
    m["str.strip_chars_end"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      if (a.size() < 2 || IsNullLiteral(a[1])) return Unary("rtrim", a, c);
      return "rtrim(" + Sql(a[0], c) + ", " + Quote(StringArg(a[1], fn, "characters")) + ")";
    };
    m["str.split"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return "string_split(" + Sql(a.at(0), c) + ", " + Sql(a.at(1), c) + ")";
    };
    m["str.strptime"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      const std::string type = StringArg(a.at(1), fn, "dtype");
      DataType target = type.starts_with("Datetime") ? DataType::Datetime() : DataType::Named(type);
      const std::string format = StringArg(a.at(2), fn, "format");
      return "CAST(strptime(" + Sql(a[0], c) + ", " + Quote(format) + ") AS " + target.ToSql() +
             ")";
    };
    auto to_temporal = [](const char* sql_type) {
      return [sql_type](const Args& a, const SqlContext& c, const std::string& fn) {
        const std::string x = Sql(a.at(0), c);
        if (a.size() < 2 || IsNullLiteral(a[1])) return "CAST(" + x + " AS " + sql_type + ")";
        return "CAST(strptime(" + x + ", " + Quote(StringArg(a[1], fn, "format")) + ") AS " +
               sql_type + ")";
      };
    };
    m["str.to_date"] = to_temporal("DATE");
    m["str.to_datetime"] = to_temporal("TIMESTAMP");
    m["str.to_integer"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return "CAST(" + Sql(a.at(0), c) + " AS BIGINT)";
    };
    // ---- temporal
    // Polars' types for date parts: Int32 years, Int16 days of the year, Int8 for the rest.
    auto part = [&m](const char* name, const char* sql, const char* type) {
      m[name] = [sql, type](const Args& a, const SqlContext& c, const std::string&) {
        return "CAST(" + std::string(sql) + "(" + Sql(a.at(0), c) + ") AS " + type + ")";
      };
    };
    part("dt.year", "year", "INTEGER");
    part("dt.quarter", "quarter", "TINYINT");
    part("dt.month", "month", "TINYINT");
    part("dt.day", "day", "TINYINT");
    part("dt.hour", "hour", "TINYINT");
    part("dt.minute", "minute", "TINYINT");
    part("dt.second", "second", "TINYINT");
    part("dt.weekday", "isodow", "TINYINT");
    part("dt.ordinal_day", "dayofyear", "SMALLINT");
    part("dt.week", "week", "TINYINT");
    m["dt.date"] = [](const Args& a, const SqlContext& c, const std::string&) {
      return "CAST(" + Sql(a.at(0), c) + " AS DATE)";
    };
    m["dt.truncate"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      const std::string every = StringArg(a.at(1), fn, "every");
      const std::string x = Sql(a[0], c);
      const auto type = KnownType(a[0], c);
      const std::string cast = type ? type->ToSql() : "";
      const std::string unit = TruncatePart(every);
      // Polars counts buckets from the Unix epoch (weeks from its first Monday); DuckDB's
      // time_bucket would start at 2000-01-03, shifting odd-sized buckets ("2d", "3h").
      const bool weeks = every.find('w') != std::string::npos;
      const std::string day = weeks ? "1970-01-05" : "1970-01-01";
      std::string origin = "TIMESTAMP '" + day + "'";
      if (type && type->name == "Date") origin = "DATE '" + day + "'";
      if (type && type->name == "Datetime" && !type->time_zone.empty()) {
        origin = "TIMESTAMPTZ '" + day + " 00:00:00+00'";
      }
      std::string body =
          unit.empty() ? "time_bucket(" + DurationToInterval(every) + ", " + x + ", " + origin + ")"
                       : "date_trunc(" + Quote(unit) + ", " + x + ")";
      return cast.empty() ? body : "CAST(" + body + " AS " + cast + ")";
    };
    m["dt.offset_by"] = [](const Args& a, const SqlContext& c, const std::string& fn) {
      const std::string by = StringArg(a.at(1), fn, "by");
      const std::string x = Sql(a[0], c);
      const auto type = KnownType(a[0], c);
      std::string body = "(" + x + " + " + DurationToInterval(by) + ")";
      if (type && type->name == "Date") body = "CAST(" + body + " AS DATE)";
      return body;
    };
    return m;
  }();
  return kCompilers;
}

}  // namespace

std::string LiteralToSql(const Literal& l) {
  if (l.is_list) {
    std::string out = "[";
    for (size_t i = 0; i < l.items.size(); ++i) out += (i ? ", " : "") + LiteralToSql(l.items[i]);
    return out + "]";
  }
  std::string body;
  if (std::holds_alternative<std::monostate>(l.value)) {
    body = "NULL";
  } else if (auto* b = std::get_if<bool>(&l.value)) {
    body = *b ? "true" : "false";
  } else if (auto* i = std::get_if<int64_t>(&l.value)) {
    body = std::to_string(*i);
  } else if (auto* d = std::get_if<double>(&l.value)) {
    if (std::isnan(*d)) return "CAST('NaN' AS DOUBLE)";
    if (std::isinf(*d)) return *d > 0 ? "CAST('inf' AS DOUBLE)" : "CAST('-inf' AS DOUBLE)";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", *d);
    body = std::string("CAST(") + buffer + " AS DOUBLE)";  // Polars floats are f64, not DECIMAL
    return l.sql_type.empty() ? body : "CAST(" + body + " AS " + l.sql_type + ")";
  } else if (l.sql_type == "BLOB") {
    // Raw bytes (NUL, invalid UTF-8) cannot travel inside a quoted string: spell them in hex.
    sql::Constant blob;
    blob.type = sql::Constant::kBlob;
    blob.text = std::get<std::string>(l.value);
    return *sql::Render(blob, sql::Dialect::kDuckDb);
  } else {
    body = Quote(std::get<std::string>(l.value));
  }
  if (!l.sql_type.empty()) return "CAST(" + body + " AS " + l.sql_type + ")";
  return body;
}

std::string DurationToInterval(const std::string& duration) {
  static const std::regex kPart("(\\d+)(ns|us|ms|mo|s|m|h|d|w|q|y)");
  static const std::map<std::string, std::string> kUnit = {
      {"ns", "microseconds"}, {"us", "microseconds"}, {"ms", "milliseconds"}, {"s", "seconds"},
      {"m", "minutes"},       {"h", "hours"},         {"d", "days"},          {"w", "days"},
      {"mo", "months"},       {"q", "months"},        {"y", "years"}};
  std::string text = duration;
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.erase(0, 1);
  }
  std::string out;
  size_t consumed = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kPart);
       it != std::sregex_iterator(); ++it) {
    if (static_cast<size_t>(it->position()) != consumed) break;
    consumed += it->length();
    int64_t n = std::stoll((*it)[1]);
    const std::string unit = (*it)[2];
    if (unit == "w") n *= 7;
    if (unit == "q") n *= 3;
    if (unit == "ns") n /= 1000;
    out += (out.empty() ? "" : " ") + std::string(negative ? "-" : "") + std::to_string(n) + " " +
           kUnit.at(unit);
  }
  if (out.empty() || consumed != text.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                "'" + duration +
                    "' is not a duration; expected e.g. '1d', '2h30m', '1mo', '-1w' "
                    "(units ns, us, ms, s, m, h, d, w, mo, q, y)");
  }
  return "INTERVAL " + Quote(out);
}

std::string ExprToSql(const Expr& expr, const SqlContext& ctx) {
  const ExprNode& node = expr.node();
  switch (node.kind) {
    case Expr::Kind::kColumn: return Ident(node.name);
    case Expr::Kind::kLiteral: return LiteralToSql(node.literal);
    case Expr::Kind::kAlias: return ExprToSql(node.args.at(0), ctx);
    case Expr::Kind::kCast: {
      const Expr& inner = node.args.at(0);
      std::string x = ExprToSql(inner, ctx);
      auto from = KnownType(inner, ctx);
      // Polars truncates floats cast to integers; DuckDB would round.
      if (node.dtype.IsInteger() && from && from->IsFloat()) x = "trunc(" + x + ")";
      return std::string(node.strict ? "CAST(" : "TRY_CAST(") + x + " AS " + node.dtype.ToSql() +
             ")";
    }
    case Expr::Kind::kWhen: {
      std::string out = "(CASE";
      const auto& a = node.args;
      for (size_t i = 0; i + 1 < a.size(); i += 2) {
        out += " WHEN " + ExprToSql(a[i], ctx) + " THEN " + ExprToSql(a[i + 1], ctx);
      }
      return out + " ELSE " + ExprToSql(a.back(), ctx) + " END)";
    }
    case Expr::Kind::kOver: {
      std::vector<Expr> partition(node.args.begin() + 1, node.args.end());
      SqlContext inner = ctx;
      inner.partition = &partition;
      return ExprToSql(node.args.at(0), inner);
    }
    case Expr::Kind::kSelector:
      throw Error(ErrorCode::kInvalidArgument, "a selector (" + node.name +
                                                   ") can only be used where several columns are "
                                                   "allowed (select, with_columns, agg, drop)");
    case Expr::Kind::kCall: {
      const auto& compilers = Compilers();
      auto it = compilers.find(node.name);
      if (it == compilers.end()) {
        std::vector<std::string> known;
        for (auto& [name, _] : compilers) known.push_back(name);
        ThrowUnknownName("function", node.name, known);
      }
      return it->second(node.args, ctx, node.name);
    }
  }
  throw Error(ErrorCode::kInternal, "unknown expression kind");
}

std::string SelectItem(const Expr& expr, const SqlContext& context) {
  return ExprToSql(expr, context) + " AS " + Ident(OutputName(expr));
}

bool HasSelector(const Expr& expr) {
  if (expr.kind() == Expr::Kind::kSelector) return true;
  for (const Expr& a : expr.node().args) {
    if (HasSelector(a)) return true;
  }
  return false;
}

namespace {

bool SelectorMatches(const ExprNode& s, const Field& f) {
  const std::string& k = s.name;
  if (k == "all") return true;
  if (k == "numeric") return f.dtype.IsNumeric();
  if (k == "string") return f.dtype.name == "String";
  if (k == "temporal") return f.dtype.IsTemporal();
  if (k == "boolean") return f.dtype.name == "Boolean";
  if (k == "by_dtype") {
    for (const std::string& t : s.strings) {
      if (t == f.dtype.ToString() || t == f.dtype.name) return true;
    }
    return false;
  }
  if (k == "by_name") {
    for (const std::string& n : s.strings) {
      if (n == f.name) return true;
    }
    return false;
  }
  if (k == "starts_with") return f.name.starts_with(s.strings.at(0));
  if (k == "ends_with") return f.name.ends_with(s.strings.at(0));
  if (k == "contains") return f.name.find(s.strings.at(0)) != std::string::npos;
  if (k == "matches") return std::regex_search(f.name, std::regex(s.strings.at(0)));
  if (k == "exclude") return false;
  throw Error(ErrorCode::kInvalidArgument, "unknown selector '" + k + "'");
}

// Rebuilds `expr` with its selector replaced by the column `name`.
Expr Substitute(const Expr& expr, const std::string& name) {
  if (expr.kind() == Expr::Kind::kSelector) return col(name);
  auto node = std::make_shared<ExprNode>(expr.node());
  for (Expr& a : node->args) a = Substitute(a, name);
  return Expr(std::move(node));
}

const ExprNode* FindSelector(const Expr& expr) {
  if (expr.kind() == Expr::Kind::kSelector) return &expr.node();
  for (const Expr& a : expr.node().args) {
    if (auto* s = FindSelector(a)) return s;
  }
  return nullptr;
}

}  // namespace

std::vector<Expr> ExpandSelectors(const std::vector<Expr>& exprs, const Schema& schema) {
  std::vector<Expr> out;
  for (const Expr& e : exprs) {
    const ExprNode* selector = FindSelector(e);
    if (!selector) {
      out.push_back(e);
      continue;
    }
    if (selector->name == "by_name") {
      // Named columns come in the order given (Polars' col(["b", "a"])), each must exist.
      std::vector<std::string> known;
      for (const Field& f : schema) known.push_back(f.name);
      for (const std::string& name : selector->strings) {
        if (std::find(known.begin(), known.end(), name) == known.end()) {
          ThrowUnknownName("column", name, known);
        }
        out.push_back(Substitute(e, name));
      }
      continue;
    }
    // `all().exclude(...)`-style selectors carry their exclusions as strings after "!".
    for (const Field& f : schema) {
      if (!SelectorMatches(*selector, f)) continue;
      bool excluded = false;
      if (selector->name == "all") {
        for (const std::string& x : selector->strings) excluded |= (x == f.name);
      }
      if (!excluded) out.push_back(Substitute(e, f.name));
    }
  }
  return out;
}

}  // namespace ff::frame
