// Aggregating and reshaping nodes: group_by, pivot, unpivot, record_count.
#include <algorithm>
#include <set>

#include "flow/nodes/settings.hpp"
#include "flow/nodes/sql_node.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/warnings.hpp"

namespace ff::flow {

using nlohmann::json;
using namespace settings;

namespace {

const std::vector<std::string>& Aggregations() {
  static const std::vector<std::string> names = {"sum",   "max",      "mean",  "median", "min",
                                                 "count", "n_unique", "first", "last",   "concat",
                                                 "std",   "var",      "len"};
  return names;
}

Expr Aggregate(const NodeContext& c, const std::string& setting, const std::string& agg,
               const std::string& column) {
  OneOf(c, setting, agg, Aggregations());
  const Expr x = col(column);
  if (agg == "sum") return x.sum();
  if (agg == "max") return x.max();
  if (agg == "min") return x.min();
  if (agg == "mean") return x.mean();
  if (agg == "median") return x.median();
  if (agg == "count") return x.count();
  if (agg == "n_unique") return x.n_unique();
  if (agg == "first") return x.first();
  if (agg == "last") return x.last();
  if (agg == "std") return x.std();
  if (agg == "var") return x.var();
  if (agg == "len") return len();
  // concat: the group's values as text joined by ",", nulls skipped.
  return Expr::Call("str.concat", {x.cast(DataType::Named("String")), Expr(",")});
}

std::vector<FlowFrame> BuildGroupBy(const NodeContext& c) {
  const json list = c.Section("groupby_input").value("agg_cols", json::array());
  if (!list.is_array() || list.empty()) c.Fail("groupby_input.agg_cols", "no columns are listed");
  std::vector<Expr> keys, aggs;
  std::vector<std::string> key_names;
  for (const json& item : list) {
    const std::string old_name = Str(c, item, "old_name");
    const std::string agg = Str(c, item, "agg", "groupby");
    if (old_name.empty()) c.Fail("groupby_input.agg_cols", "an entry names no column");
    if (agg == "groupby") {
      const std::string name = Str(c, item, "new_name", old_name);
      keys.push_back(col(old_name).alias(name.empty() ? old_name : name));
      key_names.push_back(name.empty() ? old_name : name);
      continue;
    }
    std::string name = Str(c, item, "new_name");
    if (name.empty()) name = old_name + "_" + agg;
    aggs.push_back(Aggregate(c, "groupby_input.agg_cols.agg", agg, old_name).alias(name));
  }
  if (keys.empty()) return {c.Main().select(aggs, c.Options())};
  if (aggs.empty()) {
    UniqueOptions o;
    o.description = c.node().description;
    return {c.Main().select(keys, c.Options()).unique(o)};
  }
  return {c.Main().group_by(keys).agg(aggs, c.Options())};
}

// The aggregate SQL of one pivot cell: `agg` of `value` over the rows where the pivot column
// holds `match`. Sums and counts of missing combinations are 0, as in Flowfile.
std::string PivotCell(const NodeContext& c, const std::string& agg, const std::string& value,
                      const std::string& match, const std::string& row) {
  OneOf(c, "pivot_input.aggregations", agg, Aggregations());
  const std::string v = sql::Identifier(value);
  const std::string filter = " FILTER (WHERE " + match + ")";
  if (agg == "sum") return "coalesce(sum(" + v + ")" + filter + ", 0)";
  if (agg == "count") return "CAST(count(" + v + ")" + filter + " AS BIGINT)";
  if (agg == "len") return "CAST(count(*)" + filter + " AS BIGINT)";
  if (agg == "mean") return "avg(" + v + ")" + filter;
  if (agg == "first") return "arg_min(" + v + ", " + row + ")" + filter;
  if (agg == "last") return "arg_max(" + v + ", " + row + ")" + filter;
  if (agg == "n_unique") {
    return "(count(DISTINCT " + v + ")" + filter + " + CAST(count(*)" + filter + " > count(" + v +
           ")" + filter + " AS BIGINT))";
  }
  if (agg == "concat")
    return "string_agg(CAST(" + v + " AS VARCHAR), ','" + " ORDER BY " + row + ")" + filter;
  if (agg == "std") return "stddev_samp(" + v + ")" + filter;
  if (agg == "var") return "var_samp(" + v + ")" + filter;
  return agg + "(" + v + ")" + filter;  // min, max, median
}

std::vector<FlowFrame> BuildPivot(const NodeContext& c) {
  const json& p = c.Section("pivot_input");
  const std::vector<std::string> index = StrList(c, p, "index_columns");
  const std::string on = Str(c, p, "pivot_column");
  const std::string value = Str(c, p, "value_col");
  std::vector<std::string> aggs = StrList(c, p, "aggregations");
  if (on.empty()) c.Fail("pivot_input.pivot_column", "no column is chosen");
  if (value.empty()) c.Fail("pivot_input.value_col", "no value column is chosen");
  if (aggs.empty()) c.Fail("pivot_input.aggregations", "no aggregation is chosen");
  // The new columns are the pivot column's values, sorted, at most 200 (Flowfile's limit):
  // finding them reads the pivot column, as Flowfile does.
  const DataFrame found = c.Main()
                              .select({col(on)})
                              .unique()
                              .sort({col(on)})
                              .head(201)
                              .select({col(on).cast(DataType::Named("String")).alias("v")})
                              .collect();
  std::vector<std::string> values;
  for (const auto& row : found.rows()) {
    if (row.at(0).kind == Value::Kind::kNull) continue;  // a null value names no column
    values.push_back(row.at(0).text);
  }
  if (values.size() > 200) {
    values.resize(200);
    Warn(c.node().Label() +
         ": the pivot column has more than 200 values; only the first 200 "
         "(sorted) become columns, as in Flowfile");
  }
  // The row number that orders first/last/concat must not shadow a column of the input.
  const std::vector<std::string> taken = c.Main().columns();
  std::string row_name = "__ff_row";
  for (int i = 1; std::find(taken.begin(), taken.end(), row_name) != taken.end(); ++i) {
    row_name = "__ff_row_" + std::to_string(i);
  }
  const std::string row = sql::Identifier(row_name);
  std::string select;
  for (const std::string& i : index) select += sql::Identifier(i) + ", ";
  for (const std::string& v : values) {
    const std::string match = "CAST(" + sql::Identifier(on) + " AS VARCHAR) = " + sql::String(v);
    for (const std::string& agg : aggs) {
      const std::string name = aggs.size() == 1 ? v : v + "_" + agg;
      select += PivotCell(c, agg, value, match, row) + " AS " + sql::Identifier(name) + ", ";
    }
  }
  if (select.empty()) c.Fail("pivot_input", "the pivot produces no columns (no values found)");
  select.resize(select.size() - 2);
  std::string group;
  for (const std::string& i : index) group += (group.empty() ? "" : ", ") + sql::Identifier(i);
  return {
      SqlNode(c,
              {"SELECT " + select + " FROM (SELECT *, row_number() OVER () AS " + row + " FROM ", 0,
               ")" + (group.empty() ? "" : " GROUP BY " + group)},
              {c.Main()})};
}

bool MatchesSelector(const std::string& selector, const DataType& type) {
  if (selector == "all") return true;
  if (selector == "numeric") return type.IsNumeric();
  if (selector == "float") return type.IsFloat();
  if (selector == "string") return type.name == "String";
  if (selector == "date") return type.IsTemporal();
  return false;
}

std::vector<FlowFrame> BuildUnpivot(const NodeContext& c) {
  const json& u = c.Section("unpivot_input");
  const std::vector<std::string> index = StrList(c, u, "index_columns");
  std::vector<std::string> on = StrList(c, u, "value_columns");
  const std::string mode = Str(c, u, "data_type_selector_mode", "column");
  OneOf(c, "unpivot_input.data_type_selector_mode", mode, {"column", "data_type"});
  if (mode == "data_type") {
    const std::string selector = Str(c, u, "data_type_selector", "all");
    OneOf(c, "unpivot_input.data_type_selector", selector,
          {"float", "all", "date", "numeric", "string"});
    on.clear();
    const std::set<std::string> idx(index.begin(), index.end());
    for (const Field& f : c.Main().schema()) {
      if (!idx.count(f.name) && MatchesSelector(selector, f.dtype)) on.push_back(f.name);
    }
  }
  UnpivotOptions o;
  o.on = on;
  o.index = index;
  o.description = c.node().description;
  return {c.Main().unpivot(o)};
}

NodeType Aggregate(std::string key, std::string label, json schema,
                   std::function<std::vector<FlowFrame>(const NodeContext&)> build) {
  NodeType t;
  t.key = std::move(key);
  t.label = std::move(label);
  t.group = "aggregate";
  t.settings_schema = std::move(schema);
  t.build = std::move(build);
  return t;
}

}  // namespace

void AddAggregateNodes(std::vector<NodeType>& types) {
  std::vector<std::string> agg_names = {"groupby"};
  for (const std::string& a : Aggregations()) agg_names.push_back(a);
  types.push_back(Aggregate(
      "group_by", "Group by",
      SObject(
          "Group by",
          {{"groupby_input",
            SObject("Group by",
                    {{"agg_cols",
                      SArray("Columns",
                             SObject("Column", {{"old_name", SColumn("Column")},
                                                {"agg", SEnum("Aggregation", agg_names, "groupby")},
                                                {"new_name", SString("Output name")}}))}})}}),
      BuildGroupBy));
  types.push_back(Aggregate(
      "pivot", "Pivot",
      SObject("Pivot",
              {{"pivot_input",
                SObject("Pivot",
                        {{"index_columns", SArray("Index columns", SColumn("Column"))},
                         {"pivot_column", SColumn("Pivot column")},
                         {"value_col", SColumn("Value column")},
                         {"aggregations",
                          SArray("Aggregations", SEnum("Aggregation", Aggregations(), "sum"))}})}}),
      BuildPivot));
  types.push_back(Aggregate(
      "unpivot", "Unpivot",
      SObject("Unpivot",
              {{"unpivot_input",
                SObject("Unpivot",
                        {{"index_columns", SArray("Index columns", SColumn("Column"))},
                         {"value_columns", When(SArray("Value columns", SColumn("Column")),
                                                "data_type_selector_mode", {"column"})},
                         {"data_type_selector_mode",
                          SEnum("Choose columns by", {"column", "data_type"}, "column")},
                         {"data_type_selector",
                          When(SEnum("Type", {"all", "numeric", "float", "string", "date"}, "all"),
                               "data_type_selector_mode", {"data_type"})}})}}),
      BuildUnpivot));
  types.push_back(Aggregate("record_count", "Count records", SObject("Record count", {}),
                            [](const NodeContext& c) {
                              return std::vector<FlowFrame>{
                                  c.Main().select({len().alias("number_of_records")}, c.Options())};
                            }));
}

}  // namespace ff::flow
