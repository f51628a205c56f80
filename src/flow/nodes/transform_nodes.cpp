// Row and column transforms: select, sort, sample, unique, record_id, text_to_rows,
// sql_query, wait_for (filter and formula are in filter_nodes.cpp).
#include <algorithm>
#include <set>

#include "flow/nodes/settings.hpp"
#include "flow/nodes/sql_node.hpp"
#include "flow/type_names.hpp"
#include "flowfile/errors.hpp"

namespace ff::flow {

using nlohmann::json;
using namespace settings;

void AddFilterNodes(std::vector<NodeType>& types);
void AddWindowNodes(std::vector<NodeType>& types);
void AddRenameNode(std::vector<NodeType>& types);

namespace {

NodeType Transform(std::string key, std::string label, json schema,
                   std::function<std::vector<FlowFrame>(const NodeContext&)> build) {
  NodeType t;
  t.key = std::move(key);
  t.label = std::move(label);
  t.group = "transform";
  t.settings_schema = std::move(schema);
  t.build = std::move(build);
  return t;
}

struct SelectEntry {
  std::string old_name, new_name;
  std::optional<std::string> data_type;
  bool keep = true;
  int64_t position = 0;
};

std::vector<SelectEntry> SelectEntries(const NodeContext& c, const json& list,
                                       const std::string& setting) {
  std::vector<SelectEntry> out;
  if (list.is_null()) return out;
  if (!list.is_array()) c.Fail(setting, "expected a list of columns");
  for (const json& item : list) {
    SelectEntry e;
    if (item.is_string()) {
      e.old_name = e.new_name = item.get<std::string>();
    } else {
      e.old_name = Str(c, item, "old_name");
      if (e.old_name.empty()) c.Fail(setting, "an entry has no old_name: " + item.dump());
      e.new_name = Str(c, item, "new_name", e.old_name);
      if (e.new_name.empty()) e.new_name = e.old_name;
      if (item.contains("data_type") && !item.at("data_type").is_null()) {
        e.data_type = Str(c, item, "data_type");
      }
      e.keep = Bool(c, item, "keep", true);
      e.position = Int(c, item, "position", 0);
    }
    out.push_back(std::move(e));
  }
  return out;
}

// A select item casting `name` to `type` as Flowfile's select does: only when the type
// differs, never failing (a failed cast gives null).
Expr CastTo(const std::string& name, const DataType& current, const DataType& target) {
  if (current == target) return col(name);
  if ((target.name == "Date" || target.name == "Datetime") && current.name == "String") {
    return target.name == "Date" ? col(name).str().to_date() : col(name).str().to_datetime();
  }
  return col(name).cast(target, /*strict=*/false);
}

std::vector<FlowFrame> BuildSelect(const NodeContext& c) {
  std::vector<SelectEntry> entries =
      SelectEntries(c, c.settings().value("select_input", json::array()), "select_input");
  const Schema schema = c.Main().schema();
  std::map<std::string, DataType> types;
  for (const Field& f : schema) types[f.name] = f.dtype;
  std::vector<SelectEntry> available;
  std::set<std::string> listed;
  for (const SelectEntry& e : entries) {
    listed.insert(e.old_name);
    if (types.count(e.old_name)) available.push_back(e);  // entries for absent columns: ignored
  }
  std::stable_sort(
      available.begin(), available.end(),
      [](const SelectEntry& a, const SelectEntry& b) { return a.position < b.position; });
  std::vector<Expr> exprs;
  std::set<std::string> names;
  auto add = [&](Expr e, const std::string& name) {
    if (!names.insert(name).second) {
      c.Fail("select_input", "two columns would be named '" + name + "'; rename one of them");
    }
    exprs.push_back(std::move(e).alias(name));
  };
  for (const SelectEntry& e : available) {
    if (!e.keep) continue;
    const DataType& current = types.at(e.old_name);
    Expr value =
        e.data_type ? CastTo(e.old_name, current, TypeOrString(*e.data_type)) : col(e.old_name);
    add(value, e.new_name);
  }
  if (Bool(c, c.settings(), "keep_missing", true)) {
    for (const Field& f : schema) {
      if (!listed.count(f.name)) add(col(f.name), f.name);
    }
  }
  if (exprs.empty()) c.Fail("select_input", "no column is kept");
  return {c.Main().select(exprs, c.Options())};
}

std::vector<FlowFrame> BuildSort(const NodeContext& c) {
  const json list = c.settings().value("sort_input", json::array());
  if (!list.is_array()) c.Fail("sort_input", "expected a list of {column, how}");
  if (list.empty()) return {c.Main()};
  std::vector<Expr> by;
  SortOptions o;
  o.description = c.node().description;
  for (const json& item : list) {
    const std::string column = Str(c, item, "column");
    if (column.empty()) c.Fail("sort_input", "an entry names no column: " + item.dump());
    std::string how = Str(c, item, "how", "asc");
    std::transform(how.begin(), how.end(), how.begin(), ::tolower);
    by.push_back(col(column));
    o.descending.push_back(how == "desc" || how == "descending");
    o.nulls_last.push_back(false);  // Polars: nulls first in both directions
  }
  return {c.Main().sort(by, o)};
}

std::vector<FlowFrame> BuildSample(const NodeContext& c) {
  const json& s = c.settings();
  const std::string method = Str(c, s, "sample_method", "first");
  OneOf(c, "sample_method", method, {"first", "random", "random_fraction"});
  const int64_t n = Int(c, s, "sample_size", 1000);
  if (n < 0) c.Fail("sample_size", "must be 0 or more");
  if (method == "first") return {c.Main().head(n, c.Options())};
  SampleOptions o;
  o.description = c.node().description;
  if (s.contains("seed") && !s.at("seed").is_null()) o.seed = Int(c, s, "seed", 0);
  if (method == "random") {
    o.n = n;
  } else {
    const double percent = Number(c, s, "fraction", 10);
    if (!(percent > 0 && percent <= 100)) c.Fail("fraction", "must be a percentage in (0, 100]");
    o.fraction = percent / 100.0;
  }
  return {c.Main().sample(o)};
}

std::vector<FlowFrame> BuildUnique(const NodeContext& c) {
  const json& u = c.Section("unique_input");
  const std::string strategy = Str(c, u, "strategy", "any");
  OneOf(c, "unique_input.strategy", strategy, {"any", "first", "last", "none"});
  UniqueOptions o;
  o.description = c.node().description;
  if (!u.contains("columns") || u.at("columns").is_null()) return {c.Main().unique(o)};
  o.subset = StrList(c, u, "columns");
  o.keep = strategy;
  o.maintain_order = true;
  return {c.Main().unique(o)};
}

std::vector<FlowFrame> BuildRecordId(const NodeContext& c) {
  const json& r = c.Section("record_id_input");
  const std::string name = Str(c, r, "output_column_name", "record_id");
  const int64_t offset = Int(c, r, "offset", 1);
  const std::vector<std::string> groups = StrList(c, r, "group_by_columns");
  if (!Bool(c, r, "group_by", false) || groups.empty()) {
    return {c.Main().with_row_index(name, offset, c.Options())};
  }
  std::string partition;
  for (const std::string& g : groups)
    partition += (partition.empty() ? "" : ", ") + sql::Identifier(g);
  // Numbering restarts per group and follows the input's row order.
  return {SqlNode(
      c,
      {"SELECT CAST(row_number() OVER (PARTITION BY " + partition + " ORDER BY __ff_row) + " +
           std::to_string(offset - 1) + " AS BIGINT) AS " + sql::Identifier(name) +
           ", * EXCLUDE (__ff_row) FROM (SELECT *, "
           "row_number() OVER () AS __ff_row FROM ",
       0, ") ORDER BY __ff_row"},
      {c.Main()})};
}

std::vector<FlowFrame> BuildTextToRows(const NodeContext& c) {
  const json& t = c.Section("text_to_rows_input");
  const std::string column = Str(c, t, "column_to_split");
  if (column.empty()) c.Fail("text_to_rows_input.column_to_split", "no column is chosen");
  std::string output = Str(c, t, "output_column_name");
  if (output.empty()) output = column;
  if (!Bool(c, t, "split_by_fixed_value", true)) {
    const std::string by = Str(c, t, "split_by_column");
    if (by.empty()) c.Fail("text_to_rows_input.split_by_column", "no delimiter column is chosen");
    const std::string split = "unnest(CASE WHEN " + sql::Identifier(column) +
                              " IS NULL THEN [NULL] ELSE string_split(" + sql::Identifier(column) +
                              ", " + sql::Identifier(by) + ") END)";
    const std::string select =
        output == column ? "SELECT * REPLACE (" + split + " AS " + sql::Identifier(column) + ")"
                         : "SELECT *, " + split + " AS " + sql::Identifier(output);
    return {SqlNode(c, {select + " FROM ", 0}, {c.Main()})};
  }
  return {c.Main().text_to_rows(column, Str(c, t, "split_fixed_value", ","),
                                output == column ? std::nullopt : std::optional(output),
                                c.Options())};
}

// sql_query: the inputs are input_1 .. input_N. Only queries (SELECT / WITH) are accepted.
std::vector<FlowFrame> BuildSqlQuery(const NodeContext& c) {
  const std::string query = Str(c, c.Section("sql_query_input"), "sql_code");
  size_t start = query.find_first_not_of(" \t\r\n(");
  std::string head = start == std::string::npos ? "" : query.substr(start, 6);
  std::transform(head.begin(), head.end(), head.begin(), ::toupper);
  if (head.rfind("SELECT", 0) != 0 && head.rfind("WITH", 0) != 0) {
    c.Fail("sql_query_input.sql_code", "only SELECT or WITH queries are allowed");
  }
  json parts = json::array();
  std::string with = "WITH ";
  for (size_t i = 0; i < c.inputs().main.size(); ++i) {
    parts.push_back(with + "input_" + std::to_string(i + 1) + " AS (SELECT * FROM ");
    parts.push_back(i);
    with = "), ";
  }
  std::string body = query;
  const size_t with_at = start == std::string::npos ? 0 : start;
  if (head.rfind("WITH", 0) == 0) body = ", " + query.substr(with_at + 4);  // merge the WITHs
  parts.push_back(")" + std::string(head.rfind("WITH", 0) == 0 ? "" : " ") + body);
  return {SqlNode(c, parts, c.inputs().main)};
}

}  // namespace

void AddTransformNodes(std::vector<NodeType>& types) {
  AddFilterNodes(types);
  json select_item = SObject("Column", {{"old_name", SColumn("Column")},
                                        {"new_name", SString("New name")},
                                        {"data_type", SType("Type", nullptr)},
                                        {"keep", SBool("Keep", true)},
                                        {"position", SInt("Position")}});
  types.push_back(
      Transform("select", "Select columns",
                SObject("Select", {{"select_input", SArray("Columns", select_item)},
                                   {"keep_missing", SBool("Keep other columns", true)}}),
                BuildSelect));
  types.push_back(Transform(
      "sort", "Sort",
      SObject(
          "Sort",
          {{"sort_input",
            SArray("Sort by", SObject("Key", {{"column", SColumn("Column")},
                                              {"how", SEnum("Order", {"asc", "desc"}, "asc")}}))}}),
      BuildSort));
  types.push_back(Transform(
      "sample", "Sample",
      SObject(
          "Sample",
          {{"sample_method", SEnum("Method", {"first", "random", "random_fraction"}, "first")},
           {"sample_size", When(SInt("Rows", 1000), "sample_method", {"first", "random"})},
           {"fraction", When(SNumber("Percent of rows", 10), "sample_method", {"random_fraction"})},
           {"seed", When(SInt("Seed"), "sample_method", {"random", "random_fraction"})}}),
      BuildSample));
  types.push_back(Transform(
      "unique", "Drop duplicates",
      SObject("Unique",
              {{"unique_input",
                SObject("Unique",
                        {{"columns", SArray("Key columns", SColumn("Column"))},
                         {"strategy", SEnum("Keep", {"any", "first", "last", "none"}, "any")}})}}),
      BuildUnique));
  types.push_back(Transform(
      "record_id", "Add record id",
      SObject("Record id",
              {{"record_id_input",
                SObject("Record id",
                        {{"output_column_name", SString("Column", "record_id")},
                         {"offset", SInt("Start at", 1)},
                         {"group_by", SBool("Number per group", false)},
                         {"group_by_columns", When(SArray("Group columns", SColumn("Column")),
                                                   "group_by", {true})}})}}),
      BuildRecordId));
  types.push_back(Transform(
      "text_to_rows", "Text to rows",
      SObject("Text to rows",
              {{"text_to_rows_input",
                SObject("Split", {{"column_to_split", SColumn("Column")},
                                  {"output_column_name", SString("Output column")},
                                  {"split_by_fixed_value", SBool("Split by a fixed value", true)},
                                  {"split_fixed_value",
                                   When(SString("Delimiter", ","), "split_by_fixed_value", {true})},
                                  {"split_by_column", When(SColumn("Delimiter column"),
                                                           "split_by_fixed_value", {false})}})}}),
      BuildTextToRows));
  NodeType sql = Transform(
      "sql_query", "SQL query",
      SObject("SQL", {{"sql_query_input", SObject("SQL", {{"sql_code", SString("Query")}})}}),
      BuildSqlQuery);
  sql.max_inputs = -1;
  types.push_back(std::move(sql));
  NodeType wait = Transform("wait_for", "Wait for", SObject("Wait for", {}),
                            [](const NodeContext& c) { return std::vector<FlowFrame>{c.Main()}; });
  wait.right_input = true;
  types.push_back(std::move(wait));
  AddRenameNode(types);
  AddWindowNodes(types);
}

}  // namespace ff::flow
