// Building expressions: every helper is a named call on argument expressions.
#include "flowfile/expr.hpp"

#include "flowfile/errors.hpp"
#include "formula/formula.hpp"

namespace ff {

namespace {

Expr MakeLiteral(Literal literal) {
  auto node = std::make_shared<ExprNode>();
  node->kind = Expr::Kind::kLiteral;
  node->literal = std::move(literal);
  return Expr(std::move(node));
}

Literal Scalar(std::variant<std::monostate, bool, int64_t, double, std::string> value) {
  Literal literal;
  literal.value = std::move(value);
  return literal;
}

Expr Selector(std::string kind, std::vector<std::string> parameters) {
  auto node = std::make_shared<ExprNode>();
  node->kind = Expr::Kind::kSelector;
  node->name = std::move(kind);
  node->strings = std::move(parameters);
  return Expr(std::move(node));
}

}  // namespace

Expr::Expr() : Expr(MakeLiteral(Literal{})) {}
Expr::Expr(int value) : Expr(MakeLiteral(Scalar(static_cast<int64_t>(value)))) {}
Expr::Expr(int64_t value) : Expr(MakeLiteral(Scalar(value))) {}
Expr::Expr(double value) : Expr(MakeLiteral(Scalar(value))) {}
Expr::Expr(bool value) : Expr(MakeLiteral(Scalar(value))) {}
Expr::Expr(const char* value) : Expr(MakeLiteral(Scalar(std::string(value)))) {}
Expr::Expr(std::string value) : Expr(MakeLiteral(Scalar(std::move(value)))) {}

Expr Expr::Call(std::string function, std::vector<Expr> args) {
  auto node = std::make_shared<ExprNode>();
  node->kind = Kind::kCall;
  node->name = std::move(function);
  node->args = std::move(args);
  return Expr(std::move(node));
}

Expr::Kind Expr::kind() const { return node_->kind; }

Expr Expr::alias(std::string name) const {
  auto node = std::make_shared<ExprNode>();
  node->kind = Kind::kAlias;
  node->name = std::move(name);
  node->args = {*this};
  return Expr(std::move(node));
}

Expr Expr::cast(DataType type, bool strict) const {
  auto node = std::make_shared<ExprNode>();
  node->kind = Kind::kCast;
  node->dtype = std::move(type);
  node->strict = strict;
  node->args = {*this};
  return Expr(std::move(node));
}

Expr Expr::over(std::vector<Expr> partition_by) const {
  auto node = std::make_shared<ExprNode>();
  node->kind = Kind::kOver;
  node->args = {*this};
  for (auto& p : partition_by) node->args.push_back(std::move(p));
  return Expr(std::move(node));
}

Expr Expr::is_null() const { return Call("is_null", {*this}); }
Expr Expr::is_not_null() const { return Call("is_not_null", {*this}); }
Expr Expr::fill_null(Expr value) const { return Call("fill_null", {*this, std::move(value)}); }
Expr Expr::is_in(std::vector<Expr> values) const {
  std::vector<Expr> args{*this};
  for (auto& v : values) args.push_back(std::move(v));
  return Call("is_in", std::move(args));
}
Expr Expr::is_between(Expr lower, Expr upper, std::string closed) const {
  return Call("is_between", {*this, std::move(lower), std::move(upper), Expr(std::move(closed))});
}
Expr Expr::round(int decimals) const { return Call("round", {*this, Expr(decimals)}); }
Expr Expr::abs() const { return Call("abs", {*this}); }
Expr Expr::sum() const { return Call("sum", {*this}); }
Expr Expr::mean() const { return Call("mean", {*this}); }
Expr Expr::median() const { return Call("median", {*this}); }
Expr Expr::min() const { return Call("min", {*this}); }
Expr Expr::max() const { return Call("max", {*this}); }
Expr Expr::count() const { return Call("count", {*this}); }
Expr Expr::len() const { return Call("len", {*this}); }
Expr Expr::n_unique() const { return Call("n_unique", {*this}); }
Expr Expr::first() const { return Call("first", {*this}); }
Expr Expr::last() const { return Call("last", {*this}); }
Expr Expr::std(int ddof) const { return Call("std", {*this, Expr(ddof)}); }
Expr Expr::var(int ddof) const { return Call("var", {*this, Expr(ddof)}); }
Expr Expr::quantile(double q, std::string interpolation) const {
  return Call("quantile", {*this, Expr(q), Expr(std::move(interpolation))});
}
Expr Expr::rank(std::string method, bool descending) const {
  return Call("rank", {*this, Expr(std::move(method)), Expr(descending)});
}
Expr Expr::cum_sum() const { return Call("cum_sum", {*this}); }
Expr Expr::shift(int64_t n) const { return Call("shift", {*this, Expr(n)}); }
Expr Expr::diff(int64_t n) const { return Call("diff", {*this, Expr(n)}); }
StrNamespace Expr::str() const { return StrNamespace(*this); }
DtNamespace Expr::dt() const { return DtNamespace(*this); }

#define FF_BINARY(op, name) \
  Expr operator op(const Expr& a, const Expr& b) { return Expr::Call(name, {a, b}); }
FF_BINARY(+, "add")
FF_BINARY(-, "sub")
FF_BINARY(*, "mul")
FF_BINARY(/, "truediv")
FF_BINARY(%, "mod")
FF_BINARY(==, "eq")
FF_BINARY(!=, "neq")
FF_BINARY(<, "lt")
FF_BINARY(<=, "le")
FF_BINARY(>, "gt")
FF_BINARY(>=, "ge")
FF_BINARY(&, "and")
FF_BINARY(|, "or")
#undef FF_BINARY
Expr operator-(const Expr& a) { return Expr::Call("neg", {a}); }
Expr operator~(const Expr& a) { return Expr::Call("not", {a}); }

// ---------------------------------------------------------------- namespaces

Expr StrNamespace::contains(std::string pattern, bool literal) const {
  return Expr::Call("str.contains", {e_, Expr(std::move(pattern)), Expr(literal)});
}
Expr StrNamespace::starts_with(std::string prefix) const {
  return Expr::Call("str.starts_with", {e_, Expr(std::move(prefix))});
}
Expr StrNamespace::ends_with(std::string suffix) const {
  return Expr::Call("str.ends_with", {e_, Expr(std::move(suffix))});
}
Expr StrNamespace::to_uppercase() const { return Expr::Call("str.to_uppercase", {e_}); }
Expr StrNamespace::to_lowercase() const { return Expr::Call("str.to_lowercase", {e_}); }
Expr StrNamespace::len_chars() const { return Expr::Call("str.len_chars", {e_}); }
Expr StrNamespace::replace(std::string pattern, std::string value, bool literal) const {
  return Expr::Call("str.replace",
                    {e_, Expr(std::move(pattern)), Expr(std::move(value)), Expr(literal)});
}
Expr StrNamespace::replace_all(std::string pattern, std::string value, bool literal) const {
  return Expr::Call("str.replace_all",
                    {e_, Expr(std::move(pattern)), Expr(std::move(value)), Expr(literal)});
}
Expr StrNamespace::slice(int64_t offset, std::optional<int64_t> length) const {
  return Expr::Call("str.slice", {e_, Expr(offset), length ? Expr(*length) : Expr()});
}
Expr StrNamespace::strip_chars(std::optional<std::string> characters) const {
  return Expr::Call("str.strip_chars", {e_, characters ? Expr(*characters) : Expr()});
}
Expr StrNamespace::split(std::string by) const {
  return Expr::Call("str.split", {e_, Expr(std::move(by))});
}
Expr StrNamespace::concat(std::string delimiter) const {
  return Expr::Call("str.concat", {e_, Expr(std::move(delimiter))});
}
Expr StrNamespace::strptime(DataType type, std::string format) const {
  return Expr::Call("str.strptime", {e_, Expr(type.ToString()), Expr(std::move(format))});
}
Expr StrNamespace::to_date(std::optional<std::string> format) const {
  return Expr::Call("str.to_date", {e_, format ? Expr(*format) : Expr()});
}
Expr StrNamespace::to_datetime(std::optional<std::string> format) const {
  return Expr::Call("str.to_datetime", {e_, format ? Expr(*format) : Expr()});
}

Expr DtNamespace::year() const { return Expr::Call("dt.year", {e_}); }
Expr DtNamespace::month() const { return Expr::Call("dt.month", {e_}); }
Expr DtNamespace::day() const { return Expr::Call("dt.day", {e_}); }
Expr DtNamespace::hour() const { return Expr::Call("dt.hour", {e_}); }
Expr DtNamespace::minute() const { return Expr::Call("dt.minute", {e_}); }
Expr DtNamespace::second() const { return Expr::Call("dt.second", {e_}); }
Expr DtNamespace::weekday() const { return Expr::Call("dt.weekday", {e_}); }
Expr DtNamespace::truncate(std::string every) const {
  return Expr::Call("dt.truncate", {e_, Expr(std::move(every))});
}
Expr DtNamespace::offset_by(std::string by) const {
  return Expr::Call("dt.offset_by", {e_, Expr(std::move(by))});
}

// ---------------------------------------------------------------- when / then

WhenThen When::then(Expr value) const {
  auto args = args_;
  args.push_back(std::move(value));
  return WhenThen(std::move(args));
}

When WhenThen::when(Expr condition) const {
  auto args = args_;
  args.push_back(std::move(condition));
  return When(std::move(args));
}

Expr WhenThen::otherwise(Expr value) const {
  auto node = std::make_shared<ExprNode>();
  node->kind = Expr::Kind::kWhen;
  node->args = args_;
  node->args.push_back(std::move(value));
  return Expr(std::move(node));
}

WhenThen::operator Expr() const { return otherwise(Expr()); }

// ---------------------------------------------------------------- free functions

Expr col(std::string name) {
  if (name == "*") return all();
  auto node = std::make_shared<ExprNode>();
  node->kind = Expr::Kind::kColumn;
  node->name = std::move(name);
  return Expr(std::move(node));
}
Expr lit(Literal value) { return MakeLiteral(std::move(value)); }
Expr lit_null() { return Expr(); }
Expr all() { return Selector("all", {}); }
When when(Expr condition) { return When({std::move(condition)}); }
Expr len() { return Expr::Call("len", {}); }
Expr sum(std::string column) { return col(std::move(column)).sum(); }
Expr mean(std::string column) { return col(std::move(column)).mean(); }
Expr median(std::string column) { return col(std::move(column)).median(); }
Expr min(std::string column) { return col(std::move(column)).min(); }
Expr max(std::string column) { return col(std::move(column)).max(); }
Expr count(std::string column) { return col(std::move(column)).count(); }
Expr n_unique(std::string column) { return col(std::move(column)).n_unique(); }
Expr first(std::string column) { return col(std::move(column)).first(); }
Expr last(std::string column) { return col(std::move(column)).last(); }
Expr concat_str(std::vector<Expr> exprs, std::string separator) {
  std::vector<Expr> args{Expr(std::move(separator))};
  for (auto& e : exprs) args.push_back(std::move(e));
  return Expr::Call("concat_str", std::move(args));
}

Expr formula(std::string text) {
  formulas::CheckSyntax(text);
  return Expr::Call("formula", {Expr(std::move(text))});
}

namespace selectors {
Expr numeric() { return Selector("numeric", {}); }
Expr string() { return Selector("string", {}); }
Expr temporal() { return Selector("temporal", {}); }
Expr boolean() { return Selector("boolean", {}); }
Expr by_dtype(std::vector<DataType> types) {
  std::vector<std::string> names;
  for (auto& t : types) names.push_back(t.ToString());
  return Selector("by_dtype", std::move(names));
}
Expr by_name(std::vector<std::string> names) { return Selector("by_name", std::move(names)); }
Expr starts_with(std::string prefix) { return Selector("starts_with", {std::move(prefix)}); }
Expr ends_with(std::string suffix) { return Selector("ends_with", {std::move(suffix)}); }
Expr contains(std::string substring) { return Selector("contains", {std::move(substring)}); }
Expr matches(std::string regex) { return Selector("matches", {std::move(regex)}); }
}  // namespace selectors

// ---------------------------------------------------------------- inspection

namespace {

bool IsFormula(const ExprNode& node) {
  return node.kind == Expr::Kind::kCall && node.name == "formula" && node.args.size() == 1 &&
         node.args[0].kind() == Expr::Kind::kLiteral &&
         std::holds_alternative<std::string>(node.args[0].node().literal.value);
}

const std::string& FormulaText(const ExprNode& node) {
  return std::get<std::string>(node.args[0].node().literal.value);
}

}  // namespace

std::string OutputName(const Expr& expr) {
  const ExprNode& node = expr.node();
  switch (node.kind) {
    case Expr::Kind::kAlias:
    case Expr::Kind::kColumn: return node.name;
    case Expr::Kind::kLiteral: return "literal";
    case Expr::Kind::kSelector: return "*";
    case Expr::Kind::kWhen:
      return OutputName(node.args.at(1));  // Polars: the first `then` value names the result
    case Expr::Kind::kCall:
      if (node.name == "len" && node.args.empty()) return "len";
      if (IsFormula(node)) {
        const auto columns = formulas::ReferencedColumns(FormulaText(node));
        return columns.empty() ? "literal" : columns.front();
      }
      if (node.name == "concat_str")
        return node.args.size() > 1 ? OutputName(node.args[1]) : "literal";
      if (node.args.empty()) return node.name;
      return OutputName(node.args.front());
    case Expr::Kind::kCast:
    case Expr::Kind::kOver: return OutputName(node.args.front());
  }
  return "literal";
}

namespace {

void CollectColumns(const Expr& expr, std::vector<std::string>& out) {
  const ExprNode& node = expr.node();
  auto add = [&out](const std::string& name) {
    for (auto& seen : out) {
      if (seen == name) return;
    }
    out.push_back(name);
  };
  if (node.kind == Expr::Kind::kColumn) return add(node.name);
  if (IsFormula(node)) {
    for (const std::string& name : formulas::ReferencedColumns(FormulaText(node))) add(name);
    return;
  }
  // col("a", "b") names its columns too, so a wrong name fails at the call that gives it.
  if (node.kind == Expr::Kind::kSelector && node.name == "by_name") {
    for (const std::string& name : node.strings) add(name);
    return;
  }
  for (const Expr& arg : node.args) CollectColumns(arg, out);
}

bool IsAggregateFunction(const std::string& name) {
  static const char* const kNames[] = {"sum",   "mean", "median",   "min",       "max",
                                       "count", "len",  "n_unique", "first",     "last",
                                       "std",   "var",  "quantile", "str.concat"};
  for (const char* n : kNames) {
    if (name == n) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> ReferencedColumns(const Expr& expr) {
  std::vector<std::string> out;
  CollectColumns(expr, out);
  return out;
}

bool IsAggregate(const Expr& expr) {
  const ExprNode& node = expr.node();
  if (node.kind == Expr::Kind::kOver) return false;
  if (node.kind == Expr::Kind::kCall && IsAggregateFunction(node.name)) return true;
  for (const Expr& arg : node.args) {
    if (IsAggregate(arg)) return true;
  }
  return false;
}

}  // namespace ff
