// Nodes over several inputs (join, union) and the reshaping ones (pivot, unpivot). The output
// column sets follow Polars 1.x exactly, since users compare results with Polars'.
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/engine.hpp"
#include "flowfile/errors.hpp"
#include "frame/compiler.hpp"
#include "frame/expr_json.hpp"
#include "frame/node_sql_helpers.hpp"
#include "util/text.hpp"

namespace ff::frame {

using engine::Ident;
using engine::Quote;
using nlohmann::json;

namespace {

// The plain column a key expression names, or "" for a computed key.
std::string KeyColumn(const Expr& key) {
  return key.kind() == Expr::Kind::kColumn ? key.node().name : "";
}

}  // namespace

std::string JoinSql(const PlanNode& node, const std::vector<std::string>& in) {
  const Schema& left = SchemaOf(node.inputs.at(0));
  const Schema& right = SchemaOf(node.inputs.at(1));
  const json& p = node.params;
  std::string how = node.type == "cross_join" ? "cross" : p.value("how", "inner");
  if (how == "outer") how = "full";
  const std::string suffix = p.value("suffix", "_right");
  const std::vector<Expr> left_on =
      how == "cross" ? std::vector<Expr>{} : ExprsFromJson(p.at("left_on"));
  const std::vector<Expr> right_on =
      how == "cross" ? std::vector<Expr>{} : ExprsFromJson(p.at("right_on"));
  const bool coalesce = p.contains("coalesce") && !p.at("coalesce").is_null()
                            ? p.at("coalesce").get<bool>()
                            : how != "full";

  // Keys are computed beside the columns so expression keys and same-named columns never clash.
  std::vector<std::string> left_keys, right_keys, condition;
  for (size_t i = 0; i < left_on.size(); ++i) {
    left_keys.push_back(ExprToSql(left_on[i], SqlContext{&left, nullptr}) + " AS __ff_lk" +
                        std::to_string(i));
    right_keys.push_back(ExprToSql(right_on[i], SqlContext{&right, nullptr}) + " AS __ff_rk" +
                         std::to_string(i));
    condition.push_back("__l.__ff_lk" + std::to_string(i) + " = __r.__ff_rk" + std::to_string(i));
  }
  const std::string left_source =
      left_keys.empty()
          ? in[0] + " AS __l"
          : "(SELECT *, " + util::JoinText(left_keys, ", ") + " FROM " + in[0] + ") AS __l";
  const std::string right_source =
      right_keys.empty()
          ? in[1] + " AS __r"
          : "(SELECT *, " + util::JoinText(right_keys, ", ") + " FROM " + in[1] + ") AS __r";

  std::set<std::string> left_key_columns, right_key_columns;
  std::map<std::string, std::string> right_partner;  // right key column -> left key column
  for (size_t i = 0; i < left_on.size(); ++i) {
    if (!KeyColumn(left_on[i]).empty()) left_key_columns.insert(KeyColumn(left_on[i]));
    if (!KeyColumn(right_on[i]).empty()) {
      right_key_columns.insert(KeyColumn(right_on[i]));
      right_partner[KeyColumn(right_on[i])] = KeyColumn(left_on[i]);
    }
  }

  std::vector<std::string> items;
  std::set<std::string> taken;
  auto add = [&](const std::string& side, const std::string& column, std::string name) {
    while (taken.count(name)) name += suffix;
    taken.insert(name);
    items.push_back(side + "." + Ident(column) + (name == column ? "" : " AS " + Ident(name)));
  };
  if (how == "semi" || how == "anti") {
    for (const Field& f : left) add("__l", f.name, f.name);
    return "SELECT " + util::JoinText(items, ", ") + " FROM " + left_source +
           (how == "semi" ? " SEMI" : " ANTI") + " JOIN " + right_source + " ON " +
           util::JoinText(condition, " AND ");
  }
  if (how == "right" && coalesce) {
    for (const Field& f : left) {
      if (!left_key_columns.count(f.name)) add("__l", f.name, f.name);
    }
    for (const Field& f : right) add("__r", f.name, f.name);
  } else {
    for (const Field& f : left) {
      if (how == "full" && coalesce && left_key_columns.count(f.name)) {
        // The coalesced key: whichever side matched.
        for (size_t i = 0; i < left_on.size(); ++i) {
          if (KeyColumn(left_on[i]) == f.name) {
            taken.insert(f.name);
            items.push_back("coalesce(__l." + Ident(f.name) + ", __r.__ff_rk" + std::to_string(i) +
                            ") AS " + Ident(f.name));
          }
        }
        continue;
      }
      add("__l", f.name, f.name);
    }
    for (const Field& f : right) {
      if (coalesce && how != "cross" && right_key_columns.count(f.name)) continue;
      add("__r", f.name, f.name);
    }
  }
  const std::map<std::string, std::string> kJoinWords = {{"inner", "INNER JOIN"},
                                                         {"left", "LEFT JOIN"},
                                                         {"right", "RIGHT JOIN"},
                                                         {"full", "FULL OUTER JOIN"},
                                                         {"cross", "CROSS JOIN"}};
  const auto word = kJoinWords.find(how);
  if (word == kJoinWords.end()) {
    throw Error(ErrorCode::kInvalidArgument,
                "join: how must be inner, left, right, full, outer, semi, anti or cross, not '" +
                    how + "'");
  }
  std::string sql = "SELECT " + util::JoinText(items, ", ") + " FROM " + left_source + " " +
                    word->second + " " + right_source;
  if (how != "cross") sql += " ON " + util::JoinText(condition, " AND ");
  return sql;
}

std::string UnionSql(const PlanNode& node, const std::vector<std::string>& in) {
  const std::string how = node.params.value("how", "vertical");
  if (how == "vertical" || how == "vertical_relaxed") {
    std::vector<std::string> parts;
    for (const std::string& ref : in) parts.push_back("SELECT * FROM " + ref);
    return util::JoinText(parts, " UNION ALL ");
  }
  if (how == "diagonal" || how == "diagonal_relaxed") {
    std::vector<std::string> parts;
    for (const std::string& ref : in) parts.push_back("SELECT * FROM " + ref);
    return util::JoinText(parts, " UNION ALL BY NAME ");
  }
  if (how == "horizontal") {
    std::vector<std::string> items, rows;
    std::string from;
    for (size_t i = 0; i < in.size(); ++i) {
      const std::string alias = "__h" + std::to_string(i);
      for (const Field& f : SchemaOf(node.inputs[i])) items.push_back(alias + "." + Ident(f.name));
      rows.push_back(alias + ".__ff_row");
      const std::string numbered =
          "(SELECT *, row_number() OVER () AS __ff_row FROM " + in[i] + ") AS " + alias;
      if (i == 0) {
        from = numbered;
      } else {
        from += " FULL OUTER JOIN " + numbered + " ON " + alias + ".__ff_row = coalesce(" +
                util::JoinText(std::vector<std::string>(rows.begin(), rows.end() - 1), ", ") + ")";
      }
    }
    return "SELECT " + util::JoinText(items, ", ") + " FROM " + from + " ORDER BY coalesce(" +
           util::JoinText(rows, ", ") + ")";
  }
  throw Error(ErrorCode::kInvalidArgument,
              "concat: how must be vertical, vertical_relaxed, diagonal, diagonal_relaxed or "
              "horizontal, not '" +
                  how + "'");
}

namespace {

// The distinct non-null values of `on`, as text, in order of first appearance: read from the
// input on the node's first compile (files saved by older versions carry them as on_values).
std::vector<std::string> PivotValues(const PlanNode& node) {
  if (node.params.contains("on_values"))
    return node.params.at("on_values").get<std::vector<std::string>>();
  std::lock_guard<std::mutex> lock(node.data_mutex);
  if (!node.from_data) {
    const NodePtr& input = node.inputs.at(0);
    const std::string sql = PivotValuesSql(
        CompileSql(input), node.params.at("on").get<std::string>(), ColumnNamesOf(input));
    json values = json::array();
    try {
      auto connection = engine::Engine::Get().Acquire();
      for (const auto& row : connection->QueryText(sql)) values.push_back(row.at(0).value_or(""));
    } catch (const Error& error) {
      if (error.code() == ErrorCode::kEngine) ThrowAttributed(input, error);
      throw;
    }
    node.from_data = std::move(values);
  }
  return node.from_data->get<std::vector<std::string>>();
}

}  // namespace

std::string PivotSql(const PlanNode& node, const std::vector<std::string>& in) {
  const json& p = node.params;
  const std::string on = p.at("on").get<std::string>();
  const auto index = p.at("index").get<std::vector<std::string>>();
  const auto values = p.at("values").get<std::vector<std::string>>();
  const std::vector<std::string> on_values = PivotValues(node);
  const std::string aggregate = p.value("aggregate_function", "first");
  // The row number that orders first/last must not shadow an input column of the same name.
  const std::string row = Ident(InternalName("__ff_row", ColumnNamesOf(node.inputs.at(0))));
  auto agg = [&aggregate, &row](const std::string& value, const std::string& match) {
    const std::string filter = " FILTER (WHERE " + match + ")";
    const std::string v = Ident(value);
    if (aggregate == "first") return "arg_min(" + v + ", " + row + ")" + filter;
    if (aggregate == "last") return "arg_max(" + v + ", " + row + ")" + filter;
    if (aggregate == "sum") return "sum(" + v + ")" + filter;
    if (aggregate == "mean") return "avg(" + v + ")" + filter;
    if (aggregate == "median") return "median(" + v + ")" + filter;
    if (aggregate == "min") return "min(" + v + ")" + filter;
    if (aggregate == "max") return "max(" + v + ")" + filter;
    if (aggregate == "count") return "CAST(count(" + v + ")" + filter + " AS UINTEGER)";
    if (aggregate == "len") return "CAST(count(*)" + filter + " AS UINTEGER)";
    throw Error(ErrorCode::kInvalidArgument,
                "pivot: aggregate_function must be first, last, sum, mean, median, min, max, count "
                "or len, not '" +
                    aggregate + "'");
  };
  std::vector<std::string> items, group;
  for (const std::string& i : index) {
    items.push_back(Ident(i));
    group.push_back(Ident(i));
  }
  for (const std::string& value : values) {
    for (const std::string& v : on_values) {
      const std::string name = values.size() == 1 ? v : value + "_" + v;
      items.push_back(agg(value, "CAST(" + Ident(on) + " AS VARCHAR) = " + Quote(v)) + " AS " +
                      Ident(name));
    }
  }
  std::string sql = "SELECT " + util::JoinText(items, ", ") +
                    " FROM (SELECT *, row_number() OVER () AS " + row + " FROM " + in[0] + ")";
  if (!group.empty())
    sql += " GROUP BY " + util::JoinText(group, ", ") + " ORDER BY min(" + row + ")";
  return sql;
}

std::string PivotValuesSql(const std::string& input_sql, const std::string& on,
                           const std::vector<std::string>& input_columns) {
  const std::string row = Ident(InternalName("__ff_row", input_columns));
  return "SELECT CAST(" + Ident(on) + " AS VARCHAR) FROM (SELECT *, row_number() OVER () AS " +
         row + " FROM (" + input_sql + ")) AS ff_rows WHERE " + Ident(on) +
         " IS NOT NULL GROUP BY 1 ORDER BY min(" + row + ")";
}

std::string UnpivotSql(const PlanNode& node, const std::vector<std::string>& in) {
  const json& p = node.params;
  const Schema& schema = SchemaOf(node.inputs.at(0));
  const auto index = p.value("index", std::vector<std::string>{});
  auto on = p.value("on", std::vector<std::string>{});
  if (on.empty()) {
    const std::set<std::string> index_set(index.begin(), index.end());
    for (const Field& f : schema) {
      if (!index_set.count(f.name)) on.push_back(f.name);
    }
  }
  const std::string variable = p.value("variable_name", "variable");
  const std::string value = p.value("value_name", "value");
  std::vector<std::string> index_items;
  for (const std::string& i : index) index_items.push_back(Ident(i));
  // One SELECT per column, in column order: Polars lists all rows of the first column first.
  std::vector<std::string> parts;
  for (const std::string& column : on) {
    std::string select = "SELECT ";
    if (!index_items.empty()) select += util::JoinText(index_items, ", ") + ", ";
    parts.push_back(select + Quote(column) + " AS " + Ident(variable) + ", " + Ident(column) +
                    " AS " + Ident(value) + " FROM " + in[0]);
  }
  if (parts.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                "unpivot: no columns to unpivot (every column is an index)");
  }
  return util::JoinText(parts, " UNION ALL ");
}

}  // namespace ff::frame
