// Type conversion functions (8). Strict casts (to_integer, to_float) fail on bad text with
// our own message; to_date/to_datetime give null for text that does not parse.
#include "formula/functions.hpp"

namespace ff::formulas {
namespace {

using K = ArgKind;
using Emit = std::function<std::string(const Args&, const CallSite&)>;
using Rule = std::function<DataType(const Args&, const CallSite&)>;

FunctionSpec Convert(std::string name, std::string signature, std::string description,
                     std::string example, int min_args, int max_args, std::vector<ArgKind> kinds,
                     std::vector<int> literal_args, Rule result, Emit emit) {
  return {std::move(name),
          "Type conversion",
          std::move(signature),
          std::move(description),
          std::move(example),
          min_args,
          max_args,
          std::move(kinds),
          std::move(literal_args),
          std::move(result),
          std::move(emit)};
}

void RequireNumberTextOrBool(const Typed& a, const CallSite& s) {
  if (IsNull(a.type) || IsNumber(a.type) || IsText(a.type) || IsBool(a.type)) return;
  ThrowAt(s.formula, a.node->position,
          s.call.text + "() converts numbers, text or booleans, not " + DescribeArg(a));
}

// A strict cast of text: a value that does not convert stops the run with our message.
std::string StrictTextCast(const Typed& a, const std::string& check, const std::string& sql_type,
                           const std::string& function, const std::string& what) {
  return "(CASE WHEN " + a.sql + " IS NULL THEN NULL WHEN " + check + " THEN CAST(" + a.sql +
         " AS " + sql_type + ") ELSE error('" + function + "(): cannot convert ''' || " + a.sql +
         " || ''' to " + what + "') END)";
}

Emit ToFloat() {
  return [](const Args& a, const CallSite& s) {
    RequireNumberTextOrBool(a[0], s);
    if (IsText(a[0].type)) {
      return StrictTextCast(a[0], "TRY_CAST(" + a[0].sql + " AS DOUBLE) IS NOT NULL", "DOUBLE",
                            s.call.text, "a number");
    }
    return "CAST(" + a[0].sql + " AS DOUBLE)";
  };
}

std::string ToBoolean(const Args& a, const CallSite&) {
  const std::string text = "lower(" + CastTo(a[0], Type("String")) + ")";
  const std::string number = "'^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$'";
  return "(CASE WHEN " + a[0].sql + " IS NULL THEN false WHEN " + text +
         " IN ('true', 'yes', '1', 't', 'y') THEN true WHEN " + text +
         " IN ('false', 'no', '0', 'f', 'n') THEN false WHEN regexp_matches(" + text + ", " +
         number + ") THEN CAST(" + text + " AS DOUBLE) <> 0 ELSE false END)";
}

}  // namespace

void AddConversionFunctions(std::vector<FunctionSpec>& out) {
  out.push_back(Convert("to_boolean", "to_boolean(value)",
                        "true for true/yes/1/t/y or a non-zero number; false for anything else, "
                        "null included.",
                        "to_boolean([quantity])", 1, 1, {}, {}, Fixed("Boolean"), ToBoolean));
  out.push_back(Convert(
      "to_date", "to_date(text, date_format='%Y-%m-%d')",
      "Text parsed as a date; null when it does not match the format.", "to_date([date])", 1, 2,
      {K::kText, K::kText}, {1}, Fixed("Date"), [](const Args& a, const CallSite& s) {
        const std::string f = a.size() > 1 ? StringLiteralArg(a[1], s, "date_format") : "%Y-%m-%d";
        return "CAST(try_strptime(" + a[0].sql + ", " + Quoted(f) + ") AS DATE)";
      }));
  out.push_back(Convert("to_datetime", "to_datetime(text, date_format='%Y-%m-%d %H:%M:%S')",
                        "Text parsed as a datetime; null when it does not match the format.",
                        "to_datetime([created])", 1, 2, {K::kText, K::kText}, {1},
                        Fixed("Datetime"), [](const Args& a, const CallSite& s) {
                          const std::string f = a.size() > 1
                                                    ? StringLiteralArg(a[1], s, "date_format")
                                                    : "%Y-%m-%d %H:%M:%S";
                          return "CAST(try_strptime(" + a[0].sql + ", " + Quoted(f) +
                                 ") AS TIMESTAMP)";
                        }));
  out.push_back(Convert(
      "to_decimal", "to_decimal(value, precision=None)",
      "The value as a float, rounded to precision decimals when given.", "to_decimal([price], 2)",
      1, 2, {K::kAny, K::kNumber}, {1}, Fixed("Float64"), [](const Args& a, const CallSite& s) {
        const std::string x = ToFloat()(a, s);
        if (a.size() < 2 || IsNull(a[1].type)) return x;
        return "round_even(" + x + ", " + std::to_string(IntLiteralArg(a[1], s, "precision")) + ")";
      }));
  out.push_back(Convert("to_float", "to_float(value)",
                        "The value as a float; text that is no number is an error.",
                        "to_float([amount])", 1, 1, {}, {}, Fixed("Float64"), ToFloat()));
  out.push_back(Convert(
      "to_integer", "to_integer(value)",
      "The value as a whole number (floats truncate toward zero); text that is "
      "no whole number is an error.",
      "to_integer([price])", 1, 1, {}, {}, Fixed("Int64"), [](const Args& a, const CallSite& s) {
        RequireNumberTextOrBool(a[0], s);
        if (IsText(a[0].type)) {
          return StrictTextCast(a[0], "regexp_full_match(" + a[0].sql + ", '[+-]?[0-9]+')",
                                "BIGINT", s.call.text, "a whole number");
        }
        if (a[0].type.IsFloat() || a[0].type.name == "Decimal") {
          return "CAST(trunc(" + a[0].sql + ") AS BIGINT)";
        }
        return "CAST(" + a[0].sql + " AS BIGINT)";
      }));
  out.push_back(Convert("to_number", "to_number(value)", "Same as to_float.", "to_number([amount])",
                        1, 1, {}, {}, Fixed("Float64"), ToFloat()));
  out.push_back(Convert("to_string", "to_string(value)", "The value as text.", "to_string([n])", 1,
                        1, {}, {}, Fixed("String"), [](const Args& a, const CallSite&) {
                          if (IsNull(a[0].type)) return std::string("CAST(NULL AS VARCHAR)");
                          if (IsText(a[0].type)) return a[0].sql;
                          const std::string cast = CastTo(a[0], Type("String"));
                          return cast == a[0].sql ? "CAST(" + a[0].sql + " AS VARCHAR)" : cast;
                        }));
}

}  // namespace ff::formulas
