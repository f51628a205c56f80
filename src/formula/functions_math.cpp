// Math functions (23). Where DuckDB raises an error for a value outside a function's domain
// (sqrt(-1), ln(0), acos(2)), the SQL gives what Polars gives: NaN or -inf.
#include "formula/functions.hpp"

namespace ff::formulas {
namespace {

using K = ArgKind;
using Emit = std::function<std::string(const Args&, const CallSite&)>;
using Rule = std::function<DataType(const Args&, const CallSite&)>;

FunctionSpec Math(std::string name, std::string signature, std::string description,
                  std::string example, int min_args, int max_args, std::vector<int> literal_args,
                  Rule result, Emit emit) {
  return {std::move(name),
          "Math",
          std::move(signature),
          std::move(description),
          std::move(example),
          min_args,
          max_args,
          std::vector<ArgKind>{K::kNumber},
          std::move(literal_args),
          std::move(result),
          std::move(emit)};
}

const std::string kNaN = "CAST('NaN' AS DOUBLE)";

// `fn(x)` where `valid` holds; NaN (or `otherwise`) elsewhere; null stays null.
Emit Guarded(const std::string& fn, const std::string& valid, const std::string& otherwise = kNaN) {
  return [fn, valid, otherwise](const Args& a, const CallSite&) {
    const std::string x = "CAST(" + a[0].sql + " AS DOUBLE)";
    std::string condition = valid;
    for (size_t at = condition.find('$'); at != std::string::npos; at = condition.find('$')) {
      condition.replace(at, 1, x);
    }
    return "(CASE WHEN " + x + " IS NULL THEN NULL WHEN " + condition + " THEN " + fn + "(" + x +
           ") ELSE " + otherwise + " END)";
  };
}

// ln/log2/log10: -inf at 0 and NaN below, as Polars.
Emit Logarithm(const std::string& fn) {
  return [fn](const Args& a, const CallSite&) {
    const std::string x = "CAST(" + a[0].sql + " AS DOUBLE)";
    return "(CASE WHEN " + x + " > 0 THEN " + fn + "(" + x + ") WHEN " + x +
           " = 0 THEN CAST('-inf' AS DOUBLE) WHEN " + x + " < 0 OR isnan(" + x + ") THEN " + kNaN +
           " END)";
  };
}

Emit Double(const std::string& fn) {
  return [fn](const Args& a, const CallSite&) { return fn + "(CAST(" + a[0].sql + " AS DOUBLE))"; };
}

// The input's type back (DuckDB's ceil/floor of an integer give a DOUBLE, sign a TINYINT).
Emit KeepType(const std::string& fn) {
  return [fn](const Args& a, const CallSite&) {
    if (IsNull(a[0].type)) return std::string("NULL");
    if (a[0].type.IsInteger() && (fn == "ceil" || fn == "floor")) return a[0].sql;
    return "CAST(" + fn + "(" + a[0].sql + ") AS " + a[0].type.ToSql() + ")";
  };
}

Rule PowerType() {
  return [](const Args& a, const CallSite& s) {
    if (a[0].type.IsInteger() && a[1].type.IsInteger()) {
      return Supertype({a[0], a[1]}, s.formula, s.call, "pow()");
    }
    return Type("Float64");
  };
}

Emit Power() {
  return [](const Args& a, const CallSite& s) {
    const std::string p = "pow(" + a[0].sql + ", " + a[1].sql + ")";
    if (a[0].type.IsInteger() && a[1].type.IsInteger()) {
      // Integer powers stay integers (Polars); exact below 2^53.
      return "CAST(trunc(" + p + ") AS " + PowerType()(a, s).ToSql() + ")";
    }
    return p;
  };
}

Rule Rounded() {
  return [](const Args& a, const CallSite&) { return a[0].type; };
}

}  // namespace

void AddMathFunctions(std::vector<FunctionSpec>& out) {
  const auto f64 = Fixed("Float64");
  out.push_back(Math("abs", "abs(number)", "The absolute value.", "abs([change])", 1, 1, {},
                     SameAs(0), Fn("abs")));
  out.push_back(Math("acos", "acos(number)", "Arc cosine in radians (NaN outside -1..1).",
                     "acos(1)", 1, 1, {}, f64, Guarded("acos", "$ BETWEEN -1 AND 1")));
  out.push_back(Math("asin", "asin(number)", "Arc sine in radians (NaN outside -1..1).", "asin(0)",
                     1, 1, {}, f64, Guarded("asin", "$ BETWEEN -1 AND 1")));
  out.push_back(Math("atan", "atan(number)", "Arc tangent in radians.", "atan(0)", 1, 1, {}, f64,
                     Double("atan")));
  out.push_back(Math("ceil", "ceil(number)", "Rounded up to a whole number.", "ceil([price])", 1, 1,
                     {}, SameAs(0), KeepType("ceil")));
  out.push_back(Math("cos", "cos(angle)", "Cosine of an angle in radians.", "cos(0)", 1, 1, {}, f64,
                     Double("cos")));
  out.push_back(
      Math("exp", "exp(number)", "e to the power number.", "exp(0)", 1, 1, {}, f64, Double("exp")));
  out.push_back(Math("floor", "floor(number)", "Rounded down to a whole number.", "floor([price])",
                     1, 1, {}, SameAs(0), KeepType("floor")));
  out.push_back(Math("log", "log(number)", "Natural logarithm (-inf at 0, NaN below).",
                     "log([value])", 1, 1, {}, f64, Logarithm("ln")));
  out.push_back(Math("log10", "log10(number)", "Logarithm base 10.", "log10(10000)", 1, 1, {}, f64,
                     Logarithm("log10")));
  out.push_back(Math("log2", "log2(number)", "Logarithm base 2.", "log2(8)", 1, 1, {}, f64,
                     Logarithm("log2")));
  out.push_back(Math(
      "mod", "mod(dividend, divisor)", "The remainder, with the divisor's sign (same as %).",
      "mod([n], 3)", 2, 2, {}, Super("mod()"), [](const Args& a, const CallSite&) {
        return "(((" + a[0].sql + " % " + a[1].sql + ") + " + a[1].sql + ") % " + a[1].sql + ")";
      }));
  out.push_back(Math("negation", "negation(number)", "The number with its sign flipped.",
                     "negation([price])", 1, 1, {}, SameAs(0),
                     [](const Args& a, const CallSite&) { return "(-" + a[0].sql + ")"; }));
  out.push_back(Math("negative", "negative()", "The constant -1.", "[amount] * negative()", 0, 0,
                     {}, Fixed("Int32"),
                     [](const Args&, const CallSite&) { return std::string("(-1)"); }));
  out.push_back(Math("pow", "pow(base, exponent)", "base to the power exponent.", "pow([n], 2)", 2,
                     2, {}, PowerType(), Power()));
  out.push_back(Math("power", "power(base, exponent)", "Same as pow.", "power(3, 2)", 2, 2, {},
                     PowerType(), Power()));
  out.push_back(Math("random_int", "random_int(min_value=0, max_value=2)",
                     "A random whole number from min_value up to (not including) max_value, "
                     "new for every row.",
                     "random_int(1, 100)", 0, 2, {0, 1}, Fixed("Int64"),
                     [](const Args& a, const CallSite& s) {
                       const int64_t lo = a.size() > 0 ? IntLiteralArg(a[0], s, "min_value") : 0;
                       const int64_t hi = a.size() > 1 ? IntLiteralArg(a[1], s, "max_value") : 2;
                       if (hi <= lo) {
                         ThrowAt(s.formula, s.call.position,
                                 "random_int(): max_value must be greater than min_value");
                       }
                       return "CAST(floor(random() * " + std::to_string(hi - lo) + ") + " +
                              std::to_string(lo) + " AS BIGINT)";
                     }));
  out.push_back(
      Math("round", "round(number, decimal_places=0)",
           "Rounded to decimal_places, halves to the even neighbour (2.5 -> 2).",
           "round([price], 2)", 1, 2, {1}, Rounded(), [](const Args& a, const CallSite& s) {
             const int64_t d = a.size() > 1 ? IntLiteralArg(a[1], s, "decimal_places") : 0;
             if (a[0].type.IsInteger() && d >= 0) return a[0].sql;
             return "CAST(round_even(" + a[0].sql + ", " + std::to_string(d) + ") AS " +
                    (IsNull(a[0].type) ? std::string("DOUBLE") : a[0].type.ToSql()) + ")";
           }));
  out.push_back(Math("sign", "sign(number)", "-1, 0 or 1 by the number's sign.", "sign([change])",
                     1, 1, {}, SameAs(0), KeepType("sign")));
  out.push_back(Math("sin", "sin(angle)", "Sine of an angle in radians.", "sin(0)", 1, 1, {}, f64,
                     Double("sin")));
  out.push_back(Math("sqrt", "sqrt(number)", "Square root (NaN for a negative number).",
                     "sqrt([area])", 1, 1, {}, f64, Guarded("sqrt", "$ >= 0")));
  out.push_back(Math("tan", "tan(angle)", "Tangent of an angle in radians.", "tan(0)", 1, 1, {},
                     f64, Double("tan")));
  out.push_back(Math("tanh", "tanh(number)", "Hyperbolic tangent.", "tanh(0)", 1, 1, {}, f64,
                     Double("tanh")));
}

}  // namespace ff::formulas
