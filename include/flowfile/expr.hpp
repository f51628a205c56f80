// Column expressions: `ff::col("value") > 120`, `ff::when(c).then(v).otherwise(w)`,
// `ff::col("name").str().to_uppercase()`. An Expr is an immutable tree, cheap to copy; it is
// compiled to DuckDB SQL when the frame that holds it runs, and serialised into flow files.
//
// Contract:
//  - Every function is a named call (`"str.contains"`, `"sum"`, `"dt.year"`) whose parameters
//    are argument expressions (literals for options), so one generic path builds, compiles,
//    serialises and loads them all; `Expr::Call` reaches any function by name.
//  - Output names follow Polars: an alias wins; otherwise the name of the leftmost column the
//    expression reads; a bare literal is "literal"; `len()` is "len".
//  - Unknown function names or bad options throw kInvalidArgument when compiled or built.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "flowfile/dtypes.hpp"

namespace ff {

//! A literal value. `sql_type` types a textual literal ("DATE", "TIMESTAMP", "INTERVAL").
struct Literal {
  std::variant<std::monostate, bool, int64_t, double, std::string> value;
  std::string sql_type;
  std::vector<Literal> items;  //!< for list literals (is_in)
  bool is_list = false;
};

class Expr;
struct ExprNode;
class StrNamespace;
class DtNamespace;
class WhenThen;

class Expr {
 public:
  enum class Kind { kColumn, kLiteral, kCall, kAlias, kCast, kWhen, kOver, kSelector };

  Expr();  //!< a NULL literal
  Expr(int value);
  Expr(int64_t value);
  Expr(double value);
  Expr(bool value);
  Expr(const char* value);
  Expr(std::string value);
  explicit Expr(std::shared_ptr<const ExprNode> node) : node_(std::move(node)) {}

  //! Any function by name: Expr::Call("str.replace_all", {col("a"), "x", "y"}).
  static Expr Call(std::string function, std::vector<Expr> args);

  Expr alias(std::string name) const;
  Expr cast(DataType type, bool strict = true) const;
  Expr is_null() const;
  Expr is_not_null() const;
  Expr fill_null(Expr value) const;
  Expr is_in(std::vector<Expr> values) const;
  Expr is_between(Expr lower, Expr upper, std::string closed = "both") const;
  Expr round(int decimals = 0) const;
  Expr abs() const;
  Expr sum() const;
  Expr mean() const;
  Expr median() const;
  Expr min() const;
  Expr max() const;
  Expr count() const;
  Expr len() const;
  Expr n_unique() const;
  Expr first() const;
  Expr last() const;
  Expr std(int ddof = 1) const;
  Expr var(int ddof = 1) const;
  Expr quantile(double q, std::string interpolation = "nearest") const;
  Expr rank(std::string method = "average", bool descending = false) const;
  Expr cum_sum() const;
  Expr shift(int64_t n = 1) const;
  Expr diff(int64_t n = 1) const;
  //! Window: evaluate within groups of `partition_by`, one value per row.
  Expr over(std::vector<Expr> partition_by) const;
  StrNamespace str() const;
  DtNamespace dt() const;

  Kind kind() const;
  const ExprNode& node() const { return *node_; }
  std::shared_ptr<const ExprNode> node_ptr() const { return node_; }

 private:
  std::shared_ptr<const ExprNode> node_;
};

struct ExprNode {
  Expr::Kind kind = Expr::Kind::kLiteral;
  std::string name;                  //!< column name, function name, alias or selector kind
  Literal literal;                   //!< kLiteral
  std::vector<Expr> args;            //!< call arguments / the aliased, cast or windowed expression
  DataType dtype;                    //!< kCast target
  bool strict = true;                //!< kCast: false -> TRY_CAST
  std::vector<std::string> strings;  //!< selector parameters
};

Expr operator+(const Expr& a, const Expr& b);
Expr operator-(const Expr& a, const Expr& b);
Expr operator*(const Expr& a, const Expr& b);
Expr operator/(const Expr& a, const Expr& b);
Expr operator%(const Expr& a, const Expr& b);
Expr operator-(const Expr& a);
Expr operator==(const Expr& a, const Expr& b);
Expr operator!=(const Expr& a, const Expr& b);
Expr operator<(const Expr& a, const Expr& b);
Expr operator<=(const Expr& a, const Expr& b);
Expr operator>(const Expr& a, const Expr& b);
Expr operator>=(const Expr& a, const Expr& b);
Expr operator&(const Expr& a, const Expr& b);
Expr operator|(const Expr& a, const Expr& b);
Expr operator~(const Expr& a);

class StrNamespace {
 public:
  explicit StrNamespace(Expr e) : e_(std::move(e)) {}
  Expr contains(std::string pattern, bool literal = false) const;
  Expr starts_with(std::string prefix) const;
  Expr ends_with(std::string suffix) const;
  Expr to_uppercase() const;
  Expr to_lowercase() const;
  Expr len_chars() const;
  Expr replace(std::string pattern, std::string value, bool literal = false) const;
  Expr replace_all(std::string pattern, std::string value, bool literal = false) const;
  Expr slice(int64_t offset, std::optional<int64_t> length = std::nullopt) const;
  Expr strip_chars(std::optional<std::string> characters = std::nullopt) const;
  Expr split(std::string by) const;
  Expr concat(std::string delimiter = "") const;
  Expr strptime(DataType type, std::string format) const;
  Expr to_date(std::optional<std::string> format = std::nullopt) const;
  Expr to_datetime(std::optional<std::string> format = std::nullopt) const;

 private:
  Expr e_;
};

class DtNamespace {
 public:
  explicit DtNamespace(Expr e) : e_(std::move(e)) {}
  Expr year() const;
  Expr month() const;
  Expr day() const;
  Expr hour() const;
  Expr minute() const;
  Expr second() const;
  Expr weekday() const;                    //!< Monday = 1 ... Sunday = 7, as Polars
  Expr truncate(std::string every) const;  //!< Polars durations: "1d", "1mo", "15m"
  Expr offset_by(std::string by) const;    //!< "1d", "-2h", "1mo"

 private:
  Expr e_;
};

//! `when(c).then(v).when(c2).then(v2).otherwise(w)`.
class When {
 public:
  explicit When(std::vector<Expr> args) : args_(std::move(args)) {}
  WhenThen then(Expr value) const;

 private:
  std::vector<Expr> args_;  //!< cond, value, cond, value, ..., cond
};

class WhenThen {
 public:
  explicit WhenThen(std::vector<Expr> args) : args_(std::move(args)) {}
  When when(Expr condition) const;
  Expr otherwise(Expr value) const;
  operator Expr() const;  //!< no otherwise: NULL

 private:
  std::vector<Expr> args_;
};

Expr col(std::string name);
Expr lit(Literal value);
Expr lit_null();
Expr all();  //!< every column
When when(Expr condition);
Expr len();  //!< the row count (of the group)
Expr sum(std::string column);
Expr mean(std::string column);
Expr median(std::string column);
Expr min(std::string column);
Expr max(std::string column);
Expr count(std::string column);
Expr n_unique(std::string column);
Expr first(std::string column);
Expr last(std::string column);
Expr concat_str(std::vector<Expr> exprs, std::string separator = "");
//! A Flowfile formula (`"[price] * (1 - [discount])"`, `"if [a] > 1 then 'x' else 'y' endif"`;
//! the language is docs/formulas.md) usable wherever an expression is. Syntax errors throw
//! kInvalidArgument here, with line and column; column and type errors when the frame is
//! built or compiled. Unaliased, it is named after its first column (or "literal").
Expr formula(std::string text);

namespace selectors {
Expr numeric();
Expr string();
Expr temporal();
Expr boolean();
Expr by_dtype(std::vector<DataType> types);
Expr by_name(std::vector<std::string> names);
Expr starts_with(std::string prefix);
Expr ends_with(std::string suffix);
Expr contains(std::string substring);
Expr matches(std::string regex);
}  // namespace selectors

//! The output column name of an expression (see the contract above).
std::string OutputName(const Expr& expr);
//! Every column name the expression reads (selectors excluded), in first-seen order.
std::vector<std::string> ReferencedColumns(const Expr& expr);
//! True when the expression contains an aggregate outside any window.
bool IsAggregate(const Expr& expr);

}  // namespace ff
