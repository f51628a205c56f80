// window_functions, graph_solver and random_split: row-order-aware nodes written in SQL.
#include <algorithm>
#include <cmath>
#include <set>

#include "flow/nodes/settings.hpp"
#include "flow/nodes/sql_node.hpp"
#include "flowfile/errors.hpp"

namespace ff::flow {

using nlohmann::json;
using namespace settings;

namespace {

using sql::Identifier;

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

struct SortKey {
  std::string column;
  bool descending = false;
};

std::vector<SortKey> SortKeys(const NodeContext& c, const json& list, const std::string& setting) {
  std::vector<SortKey> out;
  if (list.is_null()) return out;
  if (!list.is_array()) c.Fail(setting, "expected a list of {column, how}");
  for (const json& item : list) {
    SortKey k;
    k.column = item.is_string() ? item.get<std::string>() : Str(c, item, "column");
    std::string how = item.is_object() ? Str(c, item, "how", "asc") : "asc";
    std::transform(how.begin(), how.end(), how.begin(), ::tolower);
    k.descending = how == "desc" || how == "descending";
    if (k.column.empty()) c.Fail(setting, "an entry names no column");
    out.push_back(k);
  }
  return out;
}

// ORDER BY items in Polars' order (nulls first), the input's row order breaking ties.
std::string OrderItems(const std::vector<SortKey>& keys) {
  std::vector<std::string> items;
  for (const SortKey& k : keys) {
    items.push_back(Identifier(k.column) + (k.descending ? " DESC" : " ASC") + " NULLS FIRST");
  }
  items.push_back("__ff_row");
  return Join(items);
}

std::string WindowExpr(const NodeContext& c, const json& w, const std::string& partition,
                       const std::string& order, bool ordered) {
  const std::string fn = Str(c, w, "function");
  OneOf(c, "window_input.window_functions.function", fn,
        {"rolling_sum", "rolling_mean", "rolling_min", "rolling_max", "rolling_std", "cum_sum",
         "cum_count", "cum_min", "cum_max", "rank", "tile"});
  const std::string x = Identifier(Str(c, w, "column"));
  if (fn != "tile" && Str(c, w, "column").empty()) {
    c.Fail("window_input.window_functions.column", fn + " needs a column");
  }
  const std::string over_rows = "OVER (" + partition + "ORDER BY " + order;
  if (fn.rfind("rolling_", 0) == 0) {
    if (!ordered) c.Fail("window_input.order_by", "rolling functions need an order");
    const int64_t size = Int(c, w, "window_size", 0);
    if (size < 1) c.Fail("window_input.window_functions.window_size", "must be 1 or more");
    const std::string edge = Str(c, w, "edge_behavior", "require_full");
    OneOf(c, "window_input.window_functions.edge_behavior", edge,
          {"require_full", "partial", "fill_zero"});
    const int64_t min_periods = edge == "require_full" ? Int(c, w, "min_periods", size) : 1;
    const std::string frame =
        over_rows + " ROWS BETWEEN " + std::to_string(size - 1) + " PRECEDING AND CURRENT ROW)";
    const std::string agg = fn == "rolling_sum"    ? "sum"
                            : fn == "rolling_mean" ? "avg"
                            : fn == "rolling_min"  ? "min"
                            : fn == "rolling_max"  ? "max"
                                                   : "stddev_samp";
    std::string value = "CASE WHEN count(" + x + ") " + frame +
                        " >= " + std::to_string(min_periods) + " THEN " + agg + "(" + x + ") " +
                        frame + " END";
    return edge == "fill_zero" ? "coalesce(" + value + ", 0)" : value;
  }
  const std::string running = over_rows + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)";
  if (fn == "cum_count") return "count(" + x + ") " + running;
  if (fn.rfind("cum_", 0) == 0) {
    const std::string agg = fn == "cum_sum" ? "sum" : fn == "cum_min" ? "min" : "max";
    // Polars leaves a null where the input is null.
    return "CASE WHEN " + x + " IS NULL THEN NULL ELSE " + agg + "(" + x + ") " + running + " END";
  }
  if (fn == "rank") {
    const std::string method = Str(c, w, "rank_method", "ordinal");
    OneOf(c, "window_input.window_functions.rank_method", method,
          {"ordinal", "dense", "min", "max", "average"});
    const std::string by = "OVER (" + partition + "ORDER BY " + x + " ASC NULLS LAST";
    const std::string ties =
        "count(*) OVER (" + partition + (partition.empty() ? "PARTITION BY " : ", ") + x + ")";
    std::string rank;
    if (method == "ordinal") rank = "row_number() " + by + ", __ff_row)";
    if (method == "dense") rank = "dense_rank() " + by + ")";
    if (method == "min") rank = "rank() " + by + ")";
    if (method == "max") rank = "(rank() " + by + ") + " + ties + " - 1)";
    if (method == "average") rank = "(rank() " + by + ") + (" + ties + " - 1) / 2.0)";
    return "CASE WHEN " + x + " IS NULL THEN NULL ELSE " + rank + " END";
  }
  // tile(n): row positions split into n groups, the larger groups first.
  if (!ordered) c.Fail("window_input.order_by", "tile needs an order");
  const int64_t n = Int(c, w, "number_of_groups", 0);
  if (n < 1) c.Fail("window_input.window_functions.number_of_groups", "must be 1 or more");
  const std::string pos = "(row_number() " + over_rows + ") - 1)";
  const std::string total = "count(*) OVER (" + partition + ")";
  const std::string ns = std::to_string(n);
  const std::string big = "ceil(" + total + " / " + ns + ".0)";
  const std::string thr = "((" + total + " % " + ns + ") * " + big + ")";
  return "CAST(CASE WHEN " + pos + " < " + thr + " THEN floor(" + pos + " / " + big +
         ") + 1 ELSE floor((" + pos + " - " + thr + ") / greatest(" + total + " // " + ns +
         ", 1)) + (" + total + " % " + ns + ") + 1 END AS BIGINT)";
}

std::vector<FlowFrame> BuildWindow(const NodeContext& c) {
  const json& w = c.Section("window_input");
  const std::vector<std::string> partition_by = StrList(c, w, "partition_by");
  const std::vector<SortKey> order_by =
      SortKeys(c, w.value("order_by", json()), "window_input.order_by");
  std::vector<std::string> partition_items;
  for (const std::string& p : partition_by) partition_items.push_back(Identifier(p));
  const std::string partition =
      partition_items.empty() ? "" : "PARTITION BY " + Join(partition_items) + " ";
  const std::string order = OrderItems(order_by);
  std::string items;
  std::set<std::string> names;
  for (const json& f : w.value("window_functions", json::array())) {
    const std::string name = Str(c, f, "new_column_name");
    if (name.empty() || !names.insert(name).second) {
      c.Fail("window_input.window_functions.new_column_name",
             name.empty() ? "every function needs a new column name"
                          : "the name '" + name + "' is used twice");
    }
    items +=
        ", " + WindowExpr(c, f, partition, order, !order_by.empty()) + " AS " + Identifier(name);
  }
  if (items.empty()) c.Fail("window_input.window_functions", "no function is listed");
  // With an order, the whole frame comes out sorted by it (as in Flowfile).
  return {SqlNode(c,
                  {"SELECT * EXCLUDE (__ff_row)" + items +
                       " FROM (SELECT *, row_number() OVER () "
                       "AS __ff_row FROM ",
                   0, ") ORDER BY " + order},
                  {c.Main()})};
}

// Connected components: nodes numbered by first appearance (from before to, row by row);
// components numbered 1, 2, ... by their lowest node number; a row gets its from-node's.
std::vector<FlowFrame> BuildGraphSolver(const NodeContext& c) {
  const json& g = c.Section("graph_solver_input");
  const std::string from = Str(c, g, "col_from"), to = Str(c, g, "col_to");
  if (from.empty() || to.empty()) c.Fail("graph_solver_input", "col_from and col_to are needed");
  const std::string out = Str(c, g, "output_column_name", "graph_group");
  const std::string f = "CAST(" + Identifier(from) + " AS VARCHAR)";
  const std::string t = "CAST(" + Identifier(to) + " AS VARCHAR)";
  const std::string sql =
      ") SELECT s.* EXCLUDE (__ff_row), CAST(coalesce(comp.component, 0) AS UBIGINT) AS " +
      Identifier(out) + " FROM src AS s LEFT JOIN comp ON comp.v = CAST(s." + Identifier(from) +
      " AS VARCHAR)" + " ORDER BY s.__ff_row";
  const std::string edges =
      "edges AS (SELECT " + f + " AS a, " + t + " AS b, __ff_row FROM src WHERE " +
      Identifier(from) + " IS NOT NULL AND " + Identifier(to) +
      " IS NOT NULL), "
      "seen AS (SELECT a AS v, __ff_row * 2 AS pos FROM edges UNION ALL SELECT b, __ff_row * 2 "
      "+ 1 FROM edges), "
      "ids AS (SELECT v, row_number() OVER (ORDER BY min(pos)) AS id FROM seen GROUP BY v), "
      "links AS (SELECT a AS x, b AS y FROM edges UNION SELECT b, a FROM edges UNION SELECT v, v "
      "FROM ids), "
      "reach(v, r) AS (SELECT v, v FROM ids UNION SELECT l.y, reach.r FROM reach JOIN links AS l "
      "ON l.x = reach.v), "
      "low AS (SELECT reach.v, min(ids.id) AS lowest FROM reach JOIN ids ON ids.v = reach.r GROUP "
      "BY reach.v), "
      "comp AS (SELECT v, dense_rank() OVER (ORDER BY lowest) AS component FROM low";
  return {SqlNode(c,
                  {"WITH RECURSIVE src AS (SELECT *, row_number() OVER () AS __ff_row FROM ", 0,
                   "), " + edges + sql},
                  {c.Main()})};
}

std::vector<FlowFrame> BuildRandomSplit(const NodeContext& c) {
  json splits = c.settings().value("splits", json());
  if (splits.is_null()) {
    splits = json::array(
        {{{"name", "train"}, {"percentage", 80}}, {{"name", "test"}, {"percentage", 20}}});
  }
  if (!splits.is_array() || splits.empty() || splits.size() > 10) {
    c.Fail("splits", "expected 1 to 10 splits of {name, percentage}");
  }
  double total = 0;
  std::set<std::string> names;
  std::vector<double> percents;
  for (const json& s : splits) {
    const std::string name = Str(c, s, "name");
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0])) ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
            std::string::npos) {
      c.Fail("splits", "the name '" + name +
                           "' must start with a letter and hold only letters, "
                           "digits and _");
    }
    if (!names.insert(name).second) c.Fail("splits", "the name '" + name + "' is used twice");
    const double p = Number(c, s, "percentage", 0);
    if (!(p > 0)) c.Fail("splits", "each percentage must be more than 0");
    percents.push_back(p);
    total += p;
  }
  if (std::abs(total - 100) > 0.01) c.Fail("splits", "the percentages must add up to 100");
  const json seed_value = c.settings().value("seed", json());
  const std::string seed = seed_value.is_null() ? "CAST(random() * 2147483647 AS BIGINT)"
                                                : std::to_string(Int(c, c.settings(), "seed", 0));
  // Rows shuffled once (a seeded hash of the row number), then cut into consecutive runs:
  // split i takes round-half-even(total * pct / 100) rows, the last one the remainder.
  const std::string shuffled =
      "(SELECT * EXCLUDE (__ff_row), row_number() OVER (ORDER BY hash(__ff_row, __ff_seed), "
      "__ff_row) AS __ff_pos, count(*) OVER () AS __ff_total FROM (SELECT *, row_number() OVER "
      "() AS __ff_row, (SELECT " +
      seed + ") AS __ff_seed FROM ";
  std::vector<FlowFrame> out;
  std::string start = "0";
  for (size_t i = 0; i < percents.size(); ++i) {
    const std::string take =
        "round_even(__ff_total * " + std::to_string(percents[i]) + " / 100, 0)";
    const std::string end = i + 1 == percents.size() ? "__ff_total" : start + " + " + take;
    out.push_back(
        SqlNode(c,
                {"SELECT * EXCLUDE (__ff_pos, __ff_total, __ff_seed) FROM " + shuffled, 0,
                 ")) WHERE __ff_pos > " + start + " AND __ff_pos <= " + end + " ORDER BY __ff_pos"},
                {c.Main()}));
    start = "(" + end + ")";
  }
  return out;
}

NodeType Make(std::string key, std::string label, json schema,
              std::function<std::vector<FlowFrame>(const NodeContext&)> build) {
  NodeType t;
  t.key = std::move(key);
  t.label = std::move(label);
  t.group = "transform";
  t.settings_schema = std::move(schema);
  t.build = std::move(build);
  return t;
}

// One window function: each option shown for the functions that read it.
json WindowFunctionSchema() {
  const std::vector<std::string> rolling = {"rolling_sum", "rolling_mean", "rolling_min",
                                            "rolling_max", "rolling_std"};
  std::vector<std::string> all = rolling;
  all.insert(all.end(), {"cum_sum", "cum_count", "cum_min", "cum_max", "rank"});
  const std::vector<std::string> with_column = all;  // tile numbers rows, reading no column
  all.push_back("tile");
  const auto for_rolling = [&](json field) { return When(std::move(field), "function", rolling); };
  return SObject(
      "Function",
      {{"function", SEnum("Function", all, "cum_sum")},
       {"column", When(SColumn("Column"), "function", with_column)},
       {"new_column_name", SString("New column")},
       {"window_size", for_rolling(SInt("Window size"))},
       {"min_periods",
        When(for_rolling(SInt("Minimum values")), "edge_behavior", {"require_full"})},
       {"number_of_groups", When(SInt("Groups (tile)"), "function", {"tile"})},
       {"edge_behavior",
        for_rolling(SEnum("Edges", {"require_full", "partial", "fill_zero"}, "require_full"))},
       {"rank_method",
        When(SEnum("Rank method", {"ordinal", "dense", "min", "max", "average"}, "ordinal"),
             "function", {"rank"})}});
}

}  // namespace

void AddWindowNodes(std::vector<NodeType>& types) {
  types.push_back(Make(
      "window_functions", "Window functions",
      SObject("Window functions",
              {{"window_input",
                SObject("Window",
                        {{"partition_by", SArray("Partition by", SColumn("Column"))},
                         {"order_by",
                          SArray("Order by", SObject("Key", {{"column", SColumn("Column")},
                                                             {"how", SEnum("Order", {"asc", "desc"},
                                                                           "asc")}}))},
                         {"window_functions", SArray("Functions", WindowFunctionSchema())}})}}),
      BuildWindow));
  types.push_back(Make(
      "graph_solver", "Graph solver",
      SObject(
          "Graph solver",
          {{"graph_solver_input",
            SObject("Graph", {{"col_from", SColumn("From")},
                              {"col_to", SColumn("To")},
                              {"output_column_name", SString("Group column", "graph_group")}})}}),
      BuildGraphSolver));
  NodeType split = Make(
      "random_split", "Random split",
      SObject("Random split",
              {{"splits", SArray("Splits", SObject("Split", {{"name", SString("Name")},
                                                             {"percentage", SNumber("Percent")}}))},
               {"seed", SInt("Seed")}}),
      BuildRandomSplit);
  split.outputs = {"train", "test"};
  types.push_back(std::move(split));
}

}  // namespace ff::flow
