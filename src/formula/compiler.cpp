#include "formula/compiler.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "engine/engine.hpp"
#include "flowfile/errors.hpp"

namespace ff::formulas {
namespace {

// The local wall-clock time with microseconds, as a TIMESTAMP literal (Polars' datetime.now()).
std::string NowSql() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() %
      1000000;
  std::tm local{};
  localtime_r(&seconds, &local);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:%02d.%06lld", local.tm_year + 1900,
                local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec,
                static_cast<long long>(micros));
  return std::string("CAST('") + buffer + "' AS TIMESTAMP)";
}

// Parameter names from a signature "round(number, decimal_places=None)".
std::string ParameterName(const std::string& signature, size_t index) {
  const size_t open = signature.find('('), close = signature.rfind(')');
  if (open == std::string::npos || close == std::string::npos) return "";
  std::vector<std::string> names;
  std::string current;
  for (size_t i = open + 1; i < close; ++i) {
    if (signature[i] == ',') {
      names.push_back(current);
      current.clear();
    } else if (signature[i] != ' ') {
      current += signature[i];
    }
  }
  names.push_back(current);
  if (names.empty()) return "";
  std::string name = names[std::min(index, names.size() - 1)];
  name = name.substr(0, name.find('='));
  if (!name.empty() && name[0] == '*') name.erase(0, 1);
  return name;
}

const char* KindText(ArgKind kind) {
  switch (kind) {
    case ArgKind::kNumber: return "a number";
    case ArgKind::kText: return "text";
    case ArgKind::kTemporal: return "a date or datetime";
    case ArgKind::kDatetime: return "a datetime";
    case ArgKind::kBool: return "a boolean";
    case ArgKind::kAny: break;
  }
  return "a value";
}

bool Fits(ArgKind kind, const DataType& t) {
  if (IsNull(t)) return true;
  switch (kind) {
    case ArgKind::kAny: return true;
    case ArgKind::kNumber: return IsNumber(t) || IsBool(t);
    case ArgKind::kText: return IsText(t);
    case ArgKind::kTemporal: return IsTemporalType(t);
    case ArgKind::kDatetime: return t.name == "Datetime";
    case ArgKind::kBool: return IsBool(t);
  }
  return false;
}

class Compiler {
 public:
  Compiler(const std::string& formula, const Schema& columns)
      : formula_(formula), columns_(columns), now_(NowSql()) {}

  Typed Compile(const Node& n) {
    Typed out;
    switch (n.kind) {
      case Node::Kind::kColumn: out = Column(n); break;
      case Node::Kind::kLiteral: out = Literal(n); break;
      case Node::Kind::kNegate: out = Negate(n); break;
      case Node::Kind::kBinary: out = Binary(n); break;
      case Node::Kind::kCall: out = Call(n); break;
      case Node::Kind::kIf: out = If(n); break;
    }
    out.node = &n;
    return out;
  }

 private:
  [[noreturn]] void Fail(const Node& at, const std::string& message) const {
    ThrowAt(formula_, at.position, message);
  }

  Typed Column(const Node& n) {
    for (const Field& f : columns_) {
      if (f.name == n.text) return Typed{engine::Ident(f.name), f.dtype, &n, false};
    }
    std::vector<std::string> known;
    for (const Field& f : columns_) known.push_back(f.name);
    std::string message = "unknown column [" + n.text + "]";
    if (auto hint = DidYouMean(n.text, known)) {
      message += "; did you mean [" + *hint + "]?";
    } else if (!known.empty() && known.size() <= 12) {
      message += "; the columns are:";
      for (size_t i = 0; i < known.size(); ++i) message += (i ? ", [" : " [") + known[i] + "]";
    }
    Fail(n, message);
  }

  Typed Literal(const Node& n) {
    Typed t;
    if (auto* b = std::get_if<bool>(&n.value)) {
      t = {*b ? "true" : "false", Type("Boolean")};
    } else if (auto* i = std::get_if<int64_t>(&n.value)) {
      const bool small = *i >= INT32_MIN && *i <= INT32_MAX;
      t = {std::to_string(*i), Type(small ? "Int32" : "Int64")};
      t.int_literal = true;
    } else if (auto* d = std::get_if<double>(&n.value)) {
      t = {FloatSql(*d), Type("Float64")};
    } else if (auto* s = std::get_if<std::string>(&n.value)) {
      t = {Quoted(*s), Type("String")};
    } else {
      t = {"NULL", Type("Null")};
    }
    return t;
  }

  Typed Negate(const Node& n) {
    Typed x = Compile(*n.args[0]);
    if (!IsNumber(x.type) && !IsNull(x.type)) {
      Fail(n, "unary minus needs a number, got " + DescribeArg(x));
    }
    return Typed{"(-" + x.sql + ")", x.type, &n, x.int_literal};
  }

  // Numbers (booleans count as 0/1, as in Polars) for + - * / %.
  DataType Arithmetic(const Node& n, Typed& a, Typed& b) {
    for (Typed* side : {&a, &b}) {
      if (IsBool(side->type)) {
        side->sql = "CAST(" + side->sql + " AS INTEGER)";
        side->type = Type("Int32");
      } else if (!IsNumber(side->type) && !IsNull(side->type)) {
        std::string hint =
            IsText(side->type) ? "; convert text with to_float() or to_integer()" : "";
        if (IsTemporalType(side->type)) hint = "; use add_days(), date_diff_days() and friends";
        Fail(n, "'" + n.text + "' needs numbers, but got " + DescribeArg(*side) + hint);
      }
    }
    return Supertype({a, b}, formula_, n, "'" + n.text + "'");
  }

  Typed Binary(const Node& n) {
    Typed a = Compile(*n.args[0]), b = Compile(*n.args[1]);
    const std::string& op = n.text;
    Typed out;
    out.int_literal = a.int_literal && b.int_literal;
    if (op == "+" && (IsText(a.type) || IsText(b.type))) {
      for (const Typed* side : {&a, &b}) {
        if (!IsText(side->type) && !IsNull(side->type)) {
          Fail(n, "'+' joins text only with text, but got " + DescribeArg(a) + " + " +
                      DescribeArg(b) + "; convert with to_string() or use concat()");
        }
      }
      return {"(" + a.sql + " || " + b.sql + ")", Type("String")};
    }
    if (op == "-" && IsTemporalType(a.type) && IsTemporalType(b.type)) {
      return {"(CAST(" + a.sql + " AS TIMESTAMP) - CAST(" + b.sql + " AS TIMESTAMP))",
              Type("Duration")};
    }
    if (op == "+" || op == "-" || op == "*") {
      out.type = Arithmetic(n, a, b);
      out.sql = "(" + a.sql + " " + op + " " + b.sql + ")";
      return out;
    }
    if (op == "/") {
      Arithmetic(n, a, b);
      return {"(CAST(" + a.sql + " AS DOUBLE) / CAST(" + b.sql + " AS DOUBLE))", Type("Float64")};
    }
    if (op == "%") {
      out.type = Arithmetic(n, a, b);
      // Python's modulo (the result takes the divisor's sign), as Polars.
      out.sql = "(((" + a.sql + " % " + b.sql + ") + " + b.sql + ") % " + b.sql + ")";
      return out;
    }
    if (op == "in") {
      for (const Typed* side : {&a, &b}) {
        if (!IsText(side->type) && !IsNull(side->type)) {
          Fail(n,
               "'in' searches text for a pattern (\"a\" in [name]), but got " + DescribeArg(*side));
        }
      }
      return {"regexp_matches(" + b.sql + ", " + a.sql + ")", Type("Boolean")};
    }
    if (op == "and" || op == "or" || op == "&" || op == "|") return Logical(n, a, b);
    CheckComparable(formula_, n, a, b, "'" + op + "'");
    // Polars compares a boolean with a number as 0/1; DuckDB needs the cast spelled out.
    if (IsBool(a.type) != IsBool(b.type) && (IsNumber(a.type) || IsNumber(b.type))) {
      Typed& flag = IsBool(a.type) ? a : b;
      flag.sql = "CAST(" + flag.sql + " AS INTEGER)";
    }
    if (op == "=") return {"(" + a.sql + " = " + b.sql + ")", Type("Boolean")};
    if (op == "!=") return {"(NOT (" + a.sql + " = " + b.sql + "))", Type("Boolean")};
    return {"(" + a.sql + " " + op + " " + b.sql + ")", Type("Boolean")};
  }

  // and/or/&/|: Kleene logic on booleans, bitwise on integers (as Polars' and_/or_).
  Typed Logical(const Node& n, Typed& a, Typed& b) {
    const bool word = n.text == "and" || n.text == "&";
    const bool bools = (IsBool(a.type) || IsNull(a.type)) && (IsBool(b.type) || IsNull(b.type));
    if (bools) {
      return {"(" + a.sql + (word ? " AND " : " OR ") + b.sql + ")", Type("Boolean")};
    }
    if ((a.type.IsInteger() || IsNull(a.type)) && (b.type.IsInteger() || IsNull(b.type))) {
      return {"(" + a.sql + (word ? " & " : " | ") + b.sql + ")",
              Supertype({a, b}, formula_, n, "'" + n.text + "'")};
    }
    Fail(n, "'" + n.text + "' needs two booleans (conditions), but got " + DescribeArg(a) +
                " and " + DescribeArg(b));
  }

  Typed If(const Node& n) {
    Args values;
    std::vector<std::string> conditions;
    for (size_t i = 0; i + 1 < n.args.size(); i += 2) {
      Typed c = Compile(*n.args[i]);
      if (!IsBool(c.type) && !IsNull(c.type)) {
        Fail(*n.args[i], "an if condition must be true or false, but got " + DescribeArg(c));
      }
      conditions.push_back(c.sql);
      values.push_back(Compile(*n.args[i + 1]));
    }
    values.push_back(Compile(*n.args.back()));
    const DataType type = Supertype(values, formula_, n, "the branches of this if block");
    std::string sql = "(CASE";
    for (size_t i = 0; i < conditions.size(); ++i) {
      sql += " WHEN " + conditions[i] + " THEN " + CastTo(values[i], type);
    }
    sql += " ELSE " + CastTo(values.back(), type) + " END)";
    return {sql, type};
  }

  Typed Call(const Node& n) {
    const FunctionSpec* spec = FindFunction(n.text);
    if (!spec) Fail(n, "unknown function '" + n.text + "'");  // the parser checked already
    Args args;
    for (const NodePtr& a : n.args) args.push_back(Compile(*a));
    for (size_t i = 0; i < args.size(); ++i) {
      const std::string name = ParameterName(spec->signature, i);
      const std::string where = n.text + "(): argument " + std::to_string(i + 1) +
                                (name.empty() ? "" : " (" + name + ")");
      for (int literal : spec->literal_args) {
        LiteralValue storage;
        if (literal == static_cast<int>(i) && !LiteralOf(*n.args[i], storage)) {
          Fail(*n.args[i], where + " must be a literal value such as 2 or \"text\", not " +
                               DescribeArg(args[i]) + " (it is an option, not per-row data)");
        }
      }
      if (spec->kinds.empty()) continue;
      const ArgKind kind = spec->kinds[std::min(i, spec->kinds.size() - 1)];
      if (!Fits(kind, args[i].type)) {
        std::string hint;
        if (IsText(args[i].type) && (kind == ArgKind::kTemporal || kind == ArgKind::kDatetime)) {
          hint = "; parse text first with to_date(...) or to_datetime(...)";
        } else if (IsText(args[i].type) && kind == ArgKind::kNumber) {
          hint = "; convert text first with to_float(...) or to_integer(...)";
        } else if (kind == ArgKind::kText) {
          hint = "; convert it first with to_string(...)";
        }
        Fail(*n.args[i],
             where + " must be " + KindText(kind) + ", got " + DescribeArg(args[i]) + hint);
      }
    }
    const CallSite site{formula_, n, now_};
    Typed out;
    out.type = spec->result(args, site);
    out.sql = spec->emit(args, site);
    return out;
  }

  const std::string& formula_;
  const Schema& columns_;
  std::string now_;
};

}  // namespace

Typed CompileTree(const std::string& formula, const Node& root, const Schema& columns) {
  return Compiler(formula, columns).Compile(root);
}

}  // namespace ff::formulas
