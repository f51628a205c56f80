// filter (basic, advanced, split) and formula.
#include "flow/nodes/formula_bridge.hpp"
#include "flow/nodes/settings.hpp"
#include "flow/type_names.hpp"
#include "flowfile/errors.hpp"

namespace ff::flow {

using nlohmann::json;
using namespace settings;

namespace {

const std::vector<std::string>& Operators() {
  static const std::vector<std::string> ops = {"equals",       "not_equals",
                                               "greater_than", "greater_than_or_equals",
                                               "less_than",    "less_than_or_equals",
                                               "contains",     "not_contains",
                                               "starts_with",  "ends_with",
                                               "is_null",      "is_not_null",
                                               "in",           "not_in",
                                               "between"};
  return ops;
}

std::string CanonicalOperator(const std::string& op) {
  static const std::map<std::string, std::string> symbols = {
      {"=", "equals"},       {"==", "equals"},
      {"!=", "not_equals"},  {"<>", "not_equals"},
      {">", "greater_than"}, {">=", "greater_than_or_equals"},
      {"<", "less_than"},    {"<=", "less_than_or_equals"}};
  const auto it = symbols.find(op);
  return it == symbols.end() ? op : it->second;
}

bool ParsesAsNumber(const std::string& text, double* out) {
  try {
    size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size()) return false;
    if (out) *out = v;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// The value as Flowfile's basic filter writes it: quoted for string columns, bare for numbers
// and booleans, and for other types quoted unless it reads as a number (we then compare it
// as that column's type rather than as text).
Expr ValueFor(const NodeContext& c, const Field& field, const std::string& value) {
  const DataType& type = field.dtype;
  if (type.name == "String") return lit(Literal{value});
  if (type.name == "Boolean") {
    if (value == "true" || value == "True") return lit(Literal{true});
    if (value == "false" || value == "False") return lit(Literal{false});
    c.Fail("filter_input.basic_filter.value",
           "the column '" + field.name + "' is Boolean; compare it with true or false, not '" +
               value + "'");
  }
  double number = 0;
  if (type.IsNumeric()) {
    if (!ParsesAsNumber(value, &number)) {
      c.Fail("filter_input.basic_filter.value", "the column '" + field.name + "' is " +
                                                    type.ToString() + " but the value '" + value +
                                                    "' is not a number");
    }
    if (number == static_cast<double>(static_cast<int64_t>(number)) &&
        value.find_first_of(".eE") == std::string::npos) {
      return lit(Literal{static_cast<int64_t>(number)});
    }
    return lit(Literal{number});
  }
  return lit(Literal{value}).cast(type, /*strict=*/true);
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    std::string part = text.substr(start, comma == std::string::npos ? comma : comma - start);
    const size_t b = part.find_first_not_of(" \t"), e = part.find_last_not_of(" \t");
    out.push_back(b == std::string::npos ? "" : part.substr(b, e - b + 1));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

Expr BasicPredicate(const NodeContext& c, const json& basic) {
  std::string field = Str(c, basic, "field");
  std::string op = Str(c, basic, "operator");
  if (op.empty()) op = Str(c, basic, "filter_type", "equals");  // legacy spelling
  op = CanonicalOperator(op);
  OneOf(c, "filter_input.basic_filter.operator", op, Operators());
  std::string value = Str(c, basic, "value");
  if (value.empty()) value = Str(c, basic, "filter_value");
  if (field.empty()) c.Fail("filter_input.basic_filter.field", "no column is chosen");
  const Schema schema = c.Main().schema();
  const Field* column = nullptr;
  std::vector<std::string> names;
  for (const Field& f : schema) {
    names.push_back(f.name);
    if (f.name == field) column = &f;
  }
  if (!column) ThrowUnknownName("column", field, names);
  const Expr x = col(field);
  if (op == "is_null") return x.is_null();
  if (op == "is_not_null") return x.is_not_null();
  if (op == "contains" || op == "not_contains") {
    const Expr found = x.str().contains(value, /*literal=*/false);  // a regex, as Flowfile
    return op == "contains" ? found : found == lit(Literal{false});
  }
  if (op == "starts_with") return x.str().starts_with(value);
  if (op == "ends_with") return x.str().ends_with(value);
  if (op == "in" || op == "not_in") {
    std::optional<Expr> combined;
    for (const std::string& item : SplitList(value)) {
      const Expr v = ValueFor(c, *column, item);
      const Expr test = op == "in" ? (x == v) : (x != v);
      combined = !combined ? test : (op == "in" ? (*combined | test) : (*combined & test));
    }
    return *combined;
  }
  if (op == "between") {
    const std::string upper = Str(c, basic, "value2");
    if (upper.empty()) c.Fail("filter_input.basic_filter.value2", "between needs an upper bound");
    return (x >= ValueFor(c, *column, value)) & (x <= ValueFor(c, *column, upper));
  }
  const Expr v = ValueFor(c, *column, value);
  if (op == "equals") return x == v;
  if (op == "not_equals") return x != v;
  if (op == "greater_than") return x > v;
  if (op == "greater_than_or_equals") return x >= v;
  if (op == "less_than") return x < v;
  return x <= v;
}

std::vector<FlowFrame> BuildFilter(const NodeContext& c) {
  const json& input = c.Section("filter_input");
  std::string mode = Str(c, input, "mode");
  if (mode.empty()) mode = Str(c, input, "filter_type", "basic");  // legacy spelling
  OneOf(c, "filter_input.mode", mode, {"basic", "advanced"});
  const Expr predicate =
      mode == "basic"
          ? BasicPredicate(c, input.value("basic_filter", json::object()))
          : FormulaExpr(c, "filter_input.advanced_filter", Str(c, input, "advanced_filter"));
  const FlowFrame pass = c.Main().filter(predicate, c.Options());
  // Both outputs always exist (frames are lazy: an unread one costs nothing), so a wire from the
  // fail output works whether or not Flowfile's `split_mode` was ticked. Rows whose predicate
  // is null go to neither output, as in Flowfile.
  return {pass, c.Main().filter(~predicate, c.Options())};
}

std::vector<FlowFrame> BuildFormula(const NodeContext& c) {
  const json& function = c.Section("function");
  const json field = function.value("field", json::object());
  const std::string name = Str(c, field, "name");
  if (name.empty()) c.Fail("function.field.name", "the new column has no name");
  Expr value = FormulaExpr(c, "function.function", Str(c, function, "function"));
  const std::string type = Str(c, field, "data_type", "Auto");
  if (!type.empty() && type != "Auto" && type != "auto") {
    value = value.cast(TypeOrString(type), /*strict=*/true);
  }
  return {c.Main().with_columns({value.alias(name)}, c.Options())};
}

std::vector<std::pair<std::string, json>> BasicConditionFields() {
  std::vector<std::string> with_value;
  for (const std::string& op : Operators()) {
    if (op != "is_null" && op != "is_not_null") with_value.push_back(op);
  }
  return {{"field", SColumn("Column")},
          {"operator", SEnum("Operator", Operators(), "equals")},
          {"value", When(SString("Value"), "operator", with_value)},
          {"value2", When(SString("Upper value (between)"), "operator", {"between"})}};
}

}  // namespace

void AddFilterNodes(std::vector<NodeType>& types) {
  NodeType filter;
  filter.key = "filter";
  filter.label = "Filter rows";
  filter.group = "transform";
  filter.outputs = {"pass", "fail"};
  filter.formula_fields = {"/filter_input/advanced_filter"};
  filter.settings_schema = SObject(
      "Filter",
      {{"filter_input",
        SObject("Filter", {{"mode", SEnum("Mode", {"basic", "advanced"}, "basic")},
                           {"basic_filter",
                            When(SObject("Condition", BasicConditionFields()), "mode", {"basic"})},
                           {"advanced_filter", When(SFormula("Formula"), "mode", {"advanced"})}})},
       // Both outputs always exist, so the flag changes nothing: kept for Flowfile's files.
       {"split_mode", Hidden(SBool("Also output the rows that fail", false))}});
  filter.build = BuildFilter;
  types.push_back(std::move(filter));

  NodeType formula;
  formula.key = "formula";
  formula.label = "Formula";
  formula.group = "transform";
  formula.formula_fields = {"/function/function"};
  formula.settings_schema = SObject(
      "Formula",
      {{"function",
        SObject("Formula",
                {{"field", SObject("New column", {{"name", SString("Name")},
                                                  {"data_type", SType("Type", "Auto", {"Auto"})}})},
                 {"function", SFormula("Formula")}})}});
  formula.build = BuildFormula;
  types.push_back(std::move(formula));
}

}  // namespace ff::flow
