// One SQL builder per node type. Keys of each type's params are listed above its builder.
// Where Polars and SQL differ (null ordering, broadcasting aggregates in with_columns, unique's
// keep=, join column sets), the SQL spells out Polars' behaviour.
#include "frame/node_sql.hpp"

#include <functional>
#include <map>
#include <set>

#include "engine/engine.hpp"
#include "flowfile/errors.hpp"
#include "frame/compiler.hpp"
#include "frame/expr_json.hpp"
#include "frame/expr_sql.hpp"
#include "frame/fusion.hpp"
#include "frame/node_sql_helpers.hpp"
#include "util/text.hpp"

namespace ff::frame {

using engine::Ident;
using engine::Quote;
using nlohmann::json;

namespace {

using Builder = std::function<std::string(const PlanNode&, const std::vector<std::string>&)>;

// Windows and aggregates broadcast over the frame leave rows in DuckDB's order, not the
// input's. Such nodes number the input's rows (`__ff_row`), list that column in the schema
// their expressions compile against (so windows order by it, see expr_sql.cpp), and sort the
// output by it.
bool NeedsRowOrder(const std::vector<Expr>& exprs) {
  for (const Expr& e : exprs) {
    if (UsesWindow(e) || IsAggregate(e)) return true;
  }
  return false;
}

std::string Numbered(const std::string& input) {
  return "(SELECT *, row_number() OVER () AS __ff_row FROM " + input + ")";
}

Schema WithRowColumn(const Schema* types) {
  Schema out = types ? *types : Schema{};
  out.push_back(Field{"__ff_row", DataType::Named("Int64")});
  return out;
}

// manual_input / cache: {table}
std::string TableScan(const PlanNode& node, const std::vector<std::string>&) {
  return "SELECT * FROM " + Ident(node.params.at("table").get<std::string>());
}

// filter: {predicate} | {drop_nulls: [columns]}
std::string Filter(const PlanNode& node, const std::vector<std::string>& in) {
  if (node.params.contains("drop_nulls")) {
    std::vector<std::string> columns = node.params.at("drop_nulls").get<std::vector<std::string>>();
    if (columns.empty()) columns = ColumnNamesOf(node.inputs.at(0));
    std::vector<std::string> conditions;
    for (const std::string& c : columns) conditions.push_back(Ident(c) + " IS NOT NULL");
    return "SELECT * FROM " + in[0] +
           (conditions.empty() ? "" : " WHERE " + util::JoinText(conditions, " AND "));
  }
  const Expr predicate = ExprFromJson(node.params.at("predicate"));
  const Schema* types = TypesFor(node, {predicate});
  if (NeedsRowOrder({predicate})) {
    const Schema numbered = WithRowColumn(types);
    return "SELECT * EXCLUDE (__ff_row) FROM " + Numbered(in[0]) + " QUALIFY " +
           BroadcastSql(predicate, SqlContext{&numbered, nullptr}) + " ORDER BY __ff_row";
  }
  return "SELECT * FROM " + in[0] + " WHERE " + *FilterCondition(node);
}

// formula (with_columns): {exprs} | {fill_null: expr}
std::string WithColumns(const PlanNode& node, const std::vector<std::string>& in) {
  std::vector<Expr> exprs;
  const Schema* types = nullptr;
  if (node.params.contains("fill_null")) {
    types = &SchemaOf(node.inputs.at(0));
    exprs = FillNullExprs(ExprFromJson(node.params.at("fill_null")), *types);
  } else {
    exprs = ExprsFromJson(node.params.at("exprs"));
    types = TypesFor(node, exprs);
    if (types) exprs = ExpandSelectors(exprs, *types);
  }
  const bool ordered = NeedsRowOrder(exprs);
  const Schema numbered = ordered ? WithRowColumn(types) : Schema{};
  SqlContext ctx{ordered ? &numbered : types, nullptr};
  std::set<std::string> existing;
  for (const std::string& name : ColumnNamesOf(node.inputs.at(0))) existing.insert(name);
  std::vector<std::string> replaced, added;
  for (const Expr& e : exprs) {
    const std::string item = BroadcastSql(e, ctx) + " AS " + Ident(OutputName(e));
    (existing.count(OutputName(e)) ? replaced : added).push_back(item);
  }
  std::string select = ordered ? "SELECT * EXCLUDE (__ff_row)" : "SELECT *";
  if (!replaced.empty()) select += " REPLACE (" + util::JoinText(replaced, ", ") + ")";
  for (const std::string& a : added) select += ", " + a;
  if (!ordered) return select + " FROM " + in[0];
  return select + " FROM " + Numbered(in[0]) + " ORDER BY __ff_row";
}

// select: {exprs} | {drop: [names]} | {rename: {old: new}} | {cast: {name: type}, strict}
std::string Select(const PlanNode& node, const std::vector<std::string>& in) {
  const json& p = node.params;
  const std::vector<std::string> names = ColumnNamesOf(node.inputs.at(0));
  if (p.contains("drop")) {
    std::set<std::string> drop;
    for (const auto& d : p.at("drop")) drop.insert(d.get<std::string>());
    std::vector<std::string> keep;
    for (const std::string& name : names) {
      if (!drop.count(name)) keep.push_back(Ident(name));
    }
    if (keep.empty()) return "SELECT * EXCLUDE (" + util::JoinText(keep, ", ") + ") FROM " + in[0];
    return "SELECT " + util::JoinText(keep, ", ") + " FROM " + in[0];
  }
  if (p.contains("rename")) {
    std::vector<std::string> items;
    for (const std::string& name : names) {
      const auto it = p.at("rename").find(name);
      items.push_back(Ident(name) +
                      (it == p.at("rename").end() ? "" : " AS " + Ident(it->get<std::string>())));
    }
    return "SELECT " + util::JoinText(items, ", ") + " FROM " + in[0];
  }
  if (p.contains("cast")) {
    std::vector<Expr> casts;
    const bool strict = p.value("strict", true);
    for (const auto& [name, type] : p.at("cast").items()) {
      casts.push_back(col(name).cast(DataTypeFromJson(type), strict));
    }
    std::vector<std::string> replaced;
    const Schema& schema = SchemaOf(node.inputs.at(0));
    for (const Expr& e : casts) {
      replaced.push_back(ExprToSql(e, SqlContext{&schema, nullptr}) + " AS " +
                         Ident(OutputName(e)));
    }
    return "SELECT * REPLACE (" + util::JoinText(replaced, ", ") + ") FROM " + in[0];
  }
  std::vector<Expr> exprs = ExprsFromJson(p.at("exprs"));
  const Schema* types = TypesFor(node, exprs);
  if (types) exprs = ExpandSelectors(exprs, *types);
  // Polars: aggregates and literals (expressions reading no column) are scalars; a select of
  // scalars alone gives one row, beside row-wise columns they are broadcast.
  bool any_aggregate = false, all_scalar = true;
  for (const Expr& e : exprs) {
    const bool aggregate = IsAggregate(e);
    any_aggregate = any_aggregate || aggregate;
    const bool literal = !UsesWindow(e) && ReferencedColumns(e).empty();
    all_scalar = all_scalar && (aggregate || literal);
  }
  // One row has no order to keep.
  const bool ordered = !all_scalar && NeedsRowOrder(exprs);
  const Schema numbered = ordered ? WithRowColumn(types) : Schema{};
  SqlContext ctx{ordered ? &numbered : types, nullptr};
  std::vector<std::string> items;
  for (const Expr& e : exprs) {
    const std::string sql =
        (any_aggregate && !all_scalar) ? BroadcastSql(e, ctx) : ExprToSql(e, ctx);
    items.push_back(sql + " AS " + Ident(OutputName(e)));
  }
  if (items.empty()) return "SELECT * EXCLUDE (COLUMNS(*)) FROM " + in[0];
  if (all_scalar && !any_aggregate) return "SELECT " + util::JoinText(items, ", ");
  if (ordered) {
    return "SELECT " + util::JoinText(items, ", ") + " FROM " + Numbered(in[0]) +
           " ORDER BY __ff_row";
  }
  return "SELECT " + util::JoinText(items, ", ") + " FROM " + in[0];
}

// sort: {by: [exprs], descending: [bool], nulls_last: [bool]}
std::string Sort(const PlanNode& node, const std::vector<std::string>& in) {
  const std::vector<Expr> by = ExprsFromJson(node.params.at("by"));
  const SqlContext ctx{TypesFor(node, by), nullptr};
  const auto descending = node.params.at("descending").get<std::vector<bool>>();
  const auto nulls_last = node.params.at("nulls_last").get<std::vector<bool>>();
  std::vector<std::string> keys;
  for (size_t i = 0; i < by.size(); ++i) {
    keys.push_back(ExprToSql(by[i], ctx) + (descending.at(i) ? " DESC" : " ASC") +
                   (nulls_last.at(i) ? " NULLS LAST" : " NULLS FIRST"));
  }
  return "SELECT * FROM " + in[0] + " ORDER BY " + util::JoinText(keys, ", ");
}

// unique: {subset: [names], keep: any|first|last|none, maintain_order}
std::string Unique(const PlanNode& node, const std::vector<std::string>& in) {
  auto subset = node.params.value("subset", std::vector<std::string>{});
  if (subset.empty()) subset = ColumnNamesOf(node.inputs.at(0));
  std::vector<std::string> keys;
  for (const std::string& s : subset) keys.push_back(Ident(s));
  const std::string keep = node.params.value("keep", "any");
  const bool maintain_order = node.params.value("maintain_order", false);
  const std::string numbered = "(SELECT *, row_number() OVER () AS __ff_row FROM " + in[0] + ")";
  const std::string partition = "PARTITION BY " + util::JoinText(keys, ", ");
  std::string condition;
  if (keep == "any" || keep == "first") {
    condition = "row_number() OVER (" + partition + " ORDER BY __ff_row) = 1";
  } else if (keep == "last") {
    condition = "row_number() OVER (" + partition + " ORDER BY __ff_row DESC) = 1";
  } else if (keep == "none") {
    condition = "count(*) OVER (" + partition + ") = 1";
  } else {
    throw Error(ErrorCode::kInvalidArgument,
                "unique: keep must be 'any', 'first', 'last' or 'none', not '" + keep + "'");
  }
  return "SELECT * EXCLUDE (__ff_row) FROM " + numbered + " QUALIFY " + condition +
         (maintain_order ? " ORDER BY __ff_row" : "");
}

// sample: {op: head|tail|slice|sample, n, offset, length, fraction, seed, with_replacement}
std::string Sample(const PlanNode& node, const std::vector<std::string>& in) {
  const json& p = node.params;
  const std::string op = p.value("op", "head");
  if (op == "head")
    return "SELECT * FROM " + in[0] + " LIMIT " + std::to_string(p.at("n").get<int64_t>());
  const std::string numbered =
      "(SELECT *, row_number() OVER () AS __ff_row, count(*) OVER () AS "
      "__ff_count FROM " +
      in[0] + ")";
  if (op == "tail") {
    return "SELECT * EXCLUDE (__ff_row, __ff_count) FROM " + numbered +
           " WHERE __ff_row > __ff_count - " + std::to_string(p.at("n").get<int64_t>()) +
           " ORDER BY __ff_row";
  }
  if (op == "slice") {
    const int64_t offset = p.at("offset").get<int64_t>();
    const std::string start =
        offset >= 0 ? std::to_string(offset) : "__ff_count - " + std::to_string(-offset);
    std::string where = "__ff_row > " + start;
    if (p.contains("length") && !p.at("length").is_null()) {
      where += " AND __ff_row <= " + start + " + " + std::to_string(p.at("length").get<int64_t>());
    }
    return "SELECT * EXCLUDE (__ff_row, __ff_count) FROM " + numbered + " WHERE " + where +
           " ORDER BY __ff_row";
  }
  if (op == "sample") {
    const std::string seed = p.contains("seed") && !p.at("seed").is_null()
                                 ? std::to_string(p.at("seed").get<int64_t>())
                                 : "";
    if (p.contains("n") && !p.at("n").is_null()) {
      return "SELECT * FROM " + in[0] + " USING SAMPLE reservoir(" +
             std::to_string(p.at("n").get<int64_t>()) + " ROWS)" +
             (seed.empty() ? "" : " REPEATABLE (" + seed + ")");
    }
    // Polars takes exactly floor(fraction * height) rows; reservoir sampling does too
    // (bernoulli would only come close).
    const double percent = p.at("fraction").get<double>() * 100.0;
    return "SELECT * FROM " + in[0] + " USING SAMPLE " + std::to_string(percent) +
           " PERCENT (reservoir" + (seed.empty() ? "" : ", " + seed) + ")";
  }
  throw Error(ErrorCode::kInvalidArgument, "sample: unknown operation '" + op + "'");
}

// group_by: {keys: [exprs], aggs: [exprs], maintain_order}
std::string GroupBy(const PlanNode& node, const std::vector<std::string>& in) {
  std::vector<Expr> keys = ExprsFromJson(node.params.at("keys"));
  std::vector<Expr> aggs = ExprsFromJson(node.params.at("aggs"));
  std::vector<Expr> all = keys;
  all.insert(all.end(), aggs.begin(), aggs.end());
  const Schema* types = TypesFor(node, all);
  if (types) {
    keys = ExpandSelectors(keys, *types);
    aggs = ExpandSelectors(aggs, *types);
  }
  SqlContext ctx{types, nullptr};
  const bool maintain_order = node.params.value("maintain_order", false);
  std::vector<std::string> items, group;
  for (const Expr& k : keys) {
    items.push_back(ExprToSql(k, ctx) + " AS " + Ident(OutputName(k)));
    group.push_back(ExprToSql(k, ctx));
  }
  for (const Expr& a : aggs) {
    // A non-aggregated expression in agg() collects the group's values into a list (Polars).
    const std::string sql = IsAggregate(a) ? ExprToSql(a, ctx) : "list(" + ExprToSql(a, ctx) + ")";
    items.push_back(sql + " AS " + Ident(OutputName(a)));
  }
  const std::string source =
      maintain_order ? "(SELECT *, row_number() OVER () AS __ff_row FROM " + in[0] + ")" : in[0];
  std::string sql = "SELECT " + util::JoinText(items, ", ") + " FROM " + source;
  if (!group.empty()) sql += " GROUP BY " + util::JoinText(group, ", ");
  if (maintain_order && !group.empty()) sql += " ORDER BY min(__ff_row)";
  return sql;
}

// record_id (with_row_index): {name, offset}
std::string RecordId(const PlanNode& node, const std::vector<std::string>& in) {
  const int64_t offset = node.params.value("offset", int64_t{0});
  return "SELECT CAST(row_number() OVER () - 1 + " + std::to_string(offset) + " AS UINTEGER) AS " +
         Ident(node.params.at("name").get<std::string>()) + ", * FROM " + in[0];
}

// explode: {columns}
std::string Explode(const PlanNode& node, const std::vector<std::string>& in) {
  std::vector<std::string> items;
  for (const auto& c : node.params.at("columns")) {
    // Polars keeps a row for an empty or null list (with a null value); unnest drops it.
    const std::string list = Ident(c.get<std::string>());
    items.push_back("unnest(CASE WHEN coalesce(len(" + list + "), 0) = 0 THEN [NULL] ELSE " + list +
                    " END) AS " + list);
  }
  return "SELECT * REPLACE (" + util::JoinText(items, ", ") + ") FROM " + in[0];
}

// text_to_rows: {column, delimiter, output_column}
std::string TextToRows(const PlanNode& node, const std::vector<std::string>& in) {
  const std::string column = node.params.at("column").get<std::string>();
  const std::string output = node.params.value("output_column", column);
  // A null cell gives one row holding null (Polars' split then explode), not no row.
  const std::string split = "unnest(CASE WHEN " + Ident(column) + " IS NULL THEN [NULL] ELSE " +
                            "string_split(" + Ident(column) + ", " +
                            Quote(node.params.at("delimiter").get<std::string>()) + ") END)";
  if (output == column)
    return "SELECT * REPLACE (" + split + " AS " + Ident(column) + ") FROM " + in[0];
  return "SELECT *, " + split + " AS " + Ident(output) + " FROM " + in[0];
}

// database_reader / cloud_storage_reader: read what the node's
// runtime_ref names (a registered driver source or an attached file), resolved at creation.
std::string BoundSource(const PlanNode& node, const std::vector<std::string>&) {
  if (node.runtime_ref.empty()) {
    throw Error(ErrorCode::kInternal, NodeLabel(node) + " was not bound to its connection");
  }
  return node.runtime_ref;
}

// sql_query: {query} — the query names its input `self` (as Polars' LazyFrame.sql).
std::string SqlQuery(const PlanNode& node, const std::vector<std::string>& in) {
  return "WITH self AS (SELECT * FROM " + in[0] + ") " + node.params.at("query").get<std::string>();
}

const std::map<std::string, Builder>& Builders() {
  static const std::map<std::string, Builder> kBuilders = {
      {"manual_input", TableScan},
      {"cache", TableScan},
      {"read", ReadSql},
      {"filter", Filter},
      {"formula", WithColumns},
      {"select", Select},
      {"sort", Sort},
      {"unique", Unique},
      {"sample", Sample},
      {"group_by", GroupBy},
      {"record_id", RecordId},
      {"explode", Explode},
      {"text_to_rows", TextToRows},
      {"sql_query", SqlQuery},
      {"join", JoinSql},
      {"cross_join", JoinSql},
      {"union", UnionSql},
      {"pivot", PivotSql},
      {"unpivot", UnpivotSql},
      {"output", PassThrough},
      {"database_reader", BoundSource},
      {"database_writer", PassThrough},
      {"cloud_storage_reader", BoundSource},
      {"catalog_reader", BoundSource},
      {"catalog_writer", PassThrough},
      {"cloud_storage_writer", PassThrough},
  };
  return kBuilders;
}

}  // namespace

std::string PassThrough(const PlanNode&, const std::vector<std::string>& in) {
  return "SELECT * FROM " + in.at(0);
}

// Nodes written directly in SQL (flow node types with no frame method): params.sql_parts is a
// list of SQL texts and input indexes, joined with each index replaced by that input's name.
std::string SqlParts(const PlanNode& node, const std::vector<std::string>& input_refs) {
  std::string sql;
  for (const json& part : node.params.at("sql_parts")) {
    sql += part.is_string() ? part.get<std::string>() : input_refs.at(part.get<size_t>());
  }
  return sql;
}

std::optional<std::string> FilterCondition(const PlanNode& node) {
  if (node.type != "filter" || node.params.contains("sql_parts") ||
      !node.params.contains("predicate")) {
    return std::nullopt;
  }
  const Expr predicate = ExprFromJson(node.params.at("predicate"));
  if (NeedsRowOrder({predicate})) return std::nullopt;
  return ExprToSql(predicate, SqlContext{TypesFor(node, {predicate}), nullptr});
}

std::optional<FormulaParts> FormulaPartsOf(const PlanNode& node) {
  // column_names is set exactly when the expressions hold no selector (frame.cpp).
  if (node.type != "formula" || node.params.contains("sql_parts") ||
      !node.params.contains("exprs") || !node.column_names || node.inputs.size() != 1) {
    return std::nullopt;
  }
  const std::vector<Expr> exprs = ExprsFromJson(node.params.at("exprs"));
  if (NeedsRowOrder(exprs)) return std::nullopt;
  const SqlContext ctx{TypesFor(node, exprs), nullptr};
  FormulaParts parts;
  for (const Expr& e : exprs) {
    parts.items.emplace_back(OutputName(e), BroadcastSql(e, ctx));
    for (const std::string& c : ReferencedColumns(e)) parts.reads_lower.insert(LowerAscii(c));
  }
  return parts;
}

std::string NodeSql(const PlanNode& node, const std::vector<std::string>& input_refs) {
  if (node.params.contains("sql_parts")) return SqlParts(node, input_refs);
  const auto& builders = Builders();
  const auto it = builders.find(node.type);
  if (it == builders.end()) {
    std::vector<std::string> known;
    for (const auto& [name, builder] : builders) known.push_back(name);
    ThrowUnknownName("node type", node.type, known);
  }
  try {
    return it->second(node, input_refs);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::kInvalidArgument,
                NodeLabel(node) + ": settings are incomplete or malformed (" + e.what() + ")");
  }
}

}  // namespace ff::frame
