// Logic and null functions (13 documented, plus `not`).
#include "formula/functions.hpp"

namespace ff::formulas {
namespace {

using K = ArgKind;

std::string Coalesce(const Args& a, const CallSite& s, const char* sql_name) {
  const DataType type = Supertype(a, s.formula, s.call, std::string(sql_name) + "()");
  std::string out = std::string(sql_name) + "(";
  for (size_t i = 0; i < a.size(); ++i) out += (i ? ", " : "") + CastTo(a[i], type);
  return out + ")";
}

}  // namespace

void AddLogicFunctions(std::vector<FunctionSpec>& out) {
  const std::string c = "Logic";
  out.push_back({.name = "between",
                 .category = c,
                 .signature = "between(value, min_val, max_val)",
                 .description = "True when min_val <= value <= max_val (both ends included).",
                 .example = "between([age], 30, 40)",
                 .min_args = 3,
                 .max_args = 3,
                 .result = Fixed("Boolean"),
                 .emit = [](const Args& a, const CallSite& s) {
                   CheckComparable(s.formula, s.call, a[0], a[1], "between");
                   CheckComparable(s.formula, s.call, a[0], a[2], "between");
                   return "((" + a[0].sql + " >= " + a[1].sql + ") AND (" + a[0].sql +
                          " <= " + a[2].sql + "))";
                 }});
  out.push_back(
      {.name = "coalesce",
       .category = c,
       .signature = "coalesce(*values)",
       .description = "The first value that is not null.",
       .example = "coalesce([nickname], [name], \"n/a\")",
       .min_args = 1,
       .max_args = -1,
       .result = Super("coalesce()"),
       .emit = [](const Args& a, const CallSite& s) { return Coalesce(a, s, "COALESCE"); }});
  out.push_back({.name = "contains",
                 .category = c,
                 .signature = "contains(text, search_for)",
                 .description = "True when the regular expression search_for matches somewhere "
                                "in text.",
                 .example = "contains([product], \"Laptop\")",
                 .min_args = 2,
                 .max_args = 2,
                 .kinds = {K::kText, K::kText},
                 .result = Fixed("Boolean"),
                 .emit = Fn("regexp_matches")});
  out.push_back({.name = "does_not_equal",
                 .category = c,
                 .signature = "does_not_equal(v1, v2)",
                 .description = "True when the values differ (null when either is null).",
                 .example = "does_not_equal([status], \"cancelled\")",
                 .min_args = 2,
                 .max_args = 2,
                 .result = Fixed("Boolean"),
                 .emit = [](const Args& a, const CallSite& s) {
                   CheckComparable(s.formula, s.call, a[0], a[1], "does_not_equal");
                   return "(NOT (" + a[0].sql + " = " + a[1].sql + "))";
                 }});
  out.push_back({.name = "equals",
                 .category = c,
                 .signature = "equals(v1, v2)",
                 .description = "True when the values are equal (null when either is null).",
                 .example = "equals([status], \"shipped\")",
                 .min_args = 2,
                 .max_args = 2,
                 .result = Fixed("Boolean"),
                 .emit = [](const Args& a, const CallSite& s) {
                   CheckComparable(s.formula, s.call, a[0], a[1], "equals");
                   return "(" + a[0].sql + " = " + a[1].sql + ")";
                 }});
  out.push_back({.name = "greatest",
                 .category = c,
                 .signature = "greatest(*values)",
                 .description = "The largest of the values, ignoring nulls.",
                 .example = "greatest([price], 100)",
                 .min_args = 1,
                 .max_args = -1,
                 .result = Super("greatest()"),
                 .emit = [](const Args& a, const CallSite& s) {
                   return Coalesce(a, s, "greatest");  // DuckDB's greatest skips nulls
                 }});
  out.push_back(
      {.name = "ifnull",
       .category = c,
       .signature = "ifnull(value, default)",
       .description = "value, or default when value is null.",
       .example = "ifnull([discount], 0)",
       .min_args = 2,
       .max_args = 2,
       .result = Super("ifnull()"),
       .emit = [](const Args& a, const CallSite& s) { return Coalesce(a, s, "COALESCE"); }});
  out.push_back(
      {.name = "is_empty",
       .category = c,
       .signature = "is_empty(value)",
       .description = "True when value is null (an empty string \"\" is not empty).",
       .example = "is_empty([email])",
       .min_args = 1,
       .max_args = 1,
       .result = Fixed("Boolean"),
       .emit = [](const Args& a, const CallSite&) { return "(" + a[0].sql + " IS NULL)"; }});
  out.push_back(
      {.name = "is_not_empty",
       .category = c,
       .signature = "is_not_empty(value)",
       .description = "True when value is not null.",
       .example = "is_not_empty([email])",
       .min_args = 1,
       .max_args = 1,
       .result = Fixed("Boolean"),
       .emit = [](const Args& a, const CallSite&) { return "(" + a[0].sql + " IS NOT NULL)"; }});
  out.push_back({.name = "is_string",
                 .category = c,
                 .signature = "is_string(value)",
                 .description = "True when the literal value is text. Only literals: a column's "
                                "type is known from the schema.",
                 .example = "is_string(\"hello\")",
                 .min_args = 1,
                 .max_args = 1,
                 .literal_args = {0},
                 .result = Fixed("Boolean"),
                 .emit = [](const Args& a, const CallSite&) {
                   return std::string(IsText(a[0].type) ? "true" : "false");
                 }});
  out.push_back({.name = "least",
                 .category = c,
                 .signature = "least(*values)",
                 .description = "The smallest of the values, ignoring nulls.",
                 .example = "least([price], 100)",
                 .min_args = 1,
                 .max_args = -1,
                 .result = Super("least()"),
                 .emit = [](const Args& a, const CallSite& s) {
                   return Coalesce(a, s, "least");  // DuckDB's least skips nulls
                 }});
  out.push_back({.name = "nullif",
                 .category = c,
                 .signature = "nullif(v1, v2)",
                 .description = "Null when v1 equals v2, else v1.",
                 .example = "nullif([status], \"cancelled\")",
                 .min_args = 2,
                 .max_args = 2,
                 .result = SameAs(0),
                 .emit = [](const Args& a, const CallSite& s) {
                   CheckComparable(s.formula, s.call, a[0], a[1], "nullif");
                   return "NULLIF(" + a[0].sql + ", " + a[1].sql + ")";
                 }});
  out.push_back(
      {.name = "nvl",
       .category = c,
       .signature = "nvl(value, default)",
       .description = "Same as ifnull: value, or default when value is null.",
       .example = "nvl([email], \"no email\")",
       .min_args = 2,
       .max_args = 2,
       .result = Super("nvl()"),
       .emit = [](const Args& a, const CallSite& s) { return Coalesce(a, s, "COALESCE"); }});
  out.push_back({.name = "not",
                 .category = c,
                 .signature = "not(condition)",
                 .description = "True when condition is false (null stays null).",
                 .example = "not([is_active])",
                 .min_args = 1,
                 .max_args = 1,
                 .kinds = {K::kBool},
                 .result = Fixed("Boolean"),
                 .emit = [](const Args& a, const CallSite&) { return "(NOT " + a[0].sql + ")"; }});
}

}  // namespace ff::formulas
