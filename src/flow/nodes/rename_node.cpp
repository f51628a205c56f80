// dynamic_rename: rename many columns at once by prefix, suffix, formula or the first row.
#include <algorithm>
#include <set>

#include "flow/nodes/formula_bridge.hpp"
#include "flow/nodes/settings.hpp"
#include "flowfile/errors.hpp"

namespace ff::flow {

using nlohmann::json;
using namespace settings;

namespace {

bool InTypeGroup(const std::string& group, const DataType& t) {
  if (group == "Numeric") return t.IsNumeric();
  if (group == "String") return t.name == "String";
  if (group == "Date") return t.IsTemporal();
  if (group == "Boolean") return t.name == "Boolean";
  if (group == "Binary") return t.name == "Binary";
  if (group == "Complex") return t.name == "List" || t.name == "Array" || t.name == "Struct";
  return !t.IsNumeric() && t.name != "String" && !t.IsTemporal() && t.name != "Boolean" &&
         t.name != "Binary";  // Other
}

std::vector<std::string> Targets(const NodeContext& c, const json& r, const Schema& schema) {
  const std::string mode = Str(c, r, "selection_mode", "all");
  OneOf(c, "dynamic_rename_input.selection_mode", mode, {"all", "list", "data_type"});
  std::vector<std::string> out;
  if (mode == "list") {
    const std::vector<std::string> listed = StrList(c, r, "selected_columns");
    const std::set<std::string> wanted(listed.begin(), listed.end());
    for (const Field& f : schema) {
      if (wanted.count(f.name)) out.push_back(f.name);  // unknown names are ignored
    }
    return out;
  }
  const std::string group = Str(c, r, "selected_data_type", "String");
  if (mode == "data_type") {
    OneOf(c, "dynamic_rename_input.selected_data_type", group,
          {"Numeric", "String", "Date", "Other", "Boolean", "Binary", "Complex"});
  }
  for (const Field& f : schema) {
    if (mode == "all" || InTypeGroup(group, f.dtype)) out.push_back(f.name);
  }
  return out;
}

// The formula evaluated over a one-column frame `column_name` holding the target names.
std::vector<std::string> FormulaNames(const NodeContext& c, const std::string& formula,
                                      const std::vector<std::string>& targets) {
  std::vector<Value> names;
  for (const std::string& t : targets) {
    Value v;
    v.kind = Value::Kind::kString;
    v.text = t;
    names.push_back(std::move(v));
  }
  const FlowFrame frame = from_columns({{"column_name", names}});
  const Expr e = FormulaExpr(c, "dynamic_rename_input.formula", formula);
  const DataFrame result =
      frame.select({e.cast(DataType::Named("String"), false).alias("new_name")}).collect();
  std::vector<std::string> out;
  for (const auto& row : result.rows()) {
    if (row.at(0).kind == Value::Kind::kNull) {
      c.Fail("dynamic_rename_input.formula", "the formula gave no name (null) for a column");
    }
    out.push_back(row.at(0).text);
  }
  if (out.size() == 1 && targets.size() > 1) out.assign(targets.size(), out[0]);  // broadcast
  return out;
}

std::vector<FlowFrame> BuildDynamicRename(const NodeContext& c) {
  const json& r = c.Section("dynamic_rename_input");
  const std::string mode = Str(c, r, "rename_mode", "prefix");
  OneOf(c, "dynamic_rename_input.rename_mode", mode, {"prefix", "suffix", "formula", "first_row"});
  const Schema schema = c.Main().schema();
  const std::vector<std::string> targets = Targets(c, r, schema);
  std::vector<std::string> names = targets;
  FlowFrame input = c.Main();
  if (mode == "prefix" || mode == "suffix") {
    const std::string affix = Str(c, r, mode);
    for (std::string& n : names) n = mode == "prefix" ? affix + n : n + affix;
  } else if (mode == "formula") {
    const std::string formula = Str(c, r, "formula");
    if (formula.empty()) return {c.Main()};
    names = FormulaNames(c, formula, targets);
  } else {
    // The first row's values name the columns; that row is then dropped.
    const DataFrame first = c.Main().head(1).collect();
    if (first.height() == 0) c.Fail("dynamic_rename_input.rename_mode", "there is no first row");
    const std::vector<std::string> columns = first.columns();
    const std::vector<Value> row = first.row(0);
    for (size_t i = 0; i < targets.size(); ++i) {
      const size_t at = std::find(columns.begin(), columns.end(), targets[i]) - columns.begin();
      const Value& v = row.at(at);
      const std::string text = v.kind == Value::Kind::kString ? v.text : v.ToString();
      if (v.kind == Value::Kind::kNull || text.empty()) {
        c.Fail("dynamic_rename_input.rename_mode",
               "the first row has no value for the column '" + targets[i] + "' to name it by");
      }
      names[i] = text;
    }
    input = c.Main().slice(1, std::nullopt, c.Options());
  }
  std::map<std::string, std::string> mapping;
  for (size_t i = 0; i < targets.size(); ++i) {
    if (targets[i] != names[i]) mapping[targets[i]] = names[i];
  }
  std::set<std::string> seen;
  for (const Field& f : schema) {
    const auto it = mapping.find(f.name);
    const std::string final_name = it == mapping.end() ? f.name : it->second;
    if (!seen.insert(final_name).second) {
      c.Fail("dynamic_rename_input", "two columns would be named '" + final_name + "'");
    }
  }
  if (mapping.empty()) return {input};
  return {input.rename(mapping, c.Options())};
}

}  // namespace

void AddRenameNode(std::vector<NodeType>& types) {
  NodeType t;
  t.key = "dynamic_rename";
  t.label = "Rename columns";
  t.group = "transform";
  t.formula_fields = {"/dynamic_rename_input/formula"};
  t.settings_schema = SObject(
      "Rename",
      {{"dynamic_rename_input",
        SObject(
            "Rename",
            {{"rename_mode", SEnum("Mode", {"prefix", "suffix", "formula", "first_row"}, "prefix")},
             {"prefix", When(SString("Prefix"), "rename_mode", {"prefix"})},
             {"suffix", When(SString("Suffix"), "rename_mode", {"suffix"})},
             {"formula", When(SFormula("Formula over [column_name]"), "rename_mode", {"formula"})},
             {"selection_mode", SEnum("Columns", {"all", "list", "data_type"}, "all")},
             {"selected_columns",
              When(SArray("Columns", SColumn("Column")), "selection_mode", {"list"})},
             {"selected_data_type",
              When(SEnum("Type",
                         {"Numeric", "String", "Date", "Other", "Boolean", "Binary", "Complex"},
                         "String"),
                   "selection_mode", {"data_type"})}})}});
  t.build = BuildDynamicRename;
  types.push_back(std::move(t));
}

}  // namespace ff::flow
