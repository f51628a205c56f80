// POST /api/v1/flows/preview: the first rows of one node's output, its total row count and
// simple column statistics, for the Designer's preview grid.
//
// Three DuckDB queries over the node's compiled plan: the first `limit` rows; count(*), which
// DuckDB answers from Parquet metadata for a plain read and with one narrow scan otherwise; and
// one aggregate query with, per column, nulls, exact distinct values, min and max. The
// aggregate covers the first kStatsRows rows unless "full_stats" asks for all of them: a full
// scan of every column of a 10M-row node takes seconds, the sample tens of milliseconds.
// (One query for count and stats would be slower: DuckDB materialises a plan it reads twice.)
//
// DELETE /api/v1/flows/preview/{key}: cancels the page's preview (preview_gate.hpp).
#include <chrono>

#include "api.hpp"
#include "flow_paths.hpp"
#include "flowfile/cancel.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/flow.hpp"
#include "preview_gate.hpp"
#include "preview_json.hpp"
#include "schema_helpers.hpp"

namespace ff::server {
namespace {

constexpr int64_t kDefaultLimit = 100;
constexpr int64_t kMaxLimit = 10000;
constexpr int64_t kStatsRows = 100000;

std::string Quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

// Min and max make sense for values with an order a person reads; nested values have none.
bool HasRange(const DataType& type) {
  return type.IsNumeric() || type.IsTemporal() || type.name == "String" || type.name == "Boolean";
}

bool HasDistinct(const DataType& type) {
  return type.name != "List" && type.name != "Array" && type.name != "Struct" &&
         type.name != "Null" && type.name != "Unknown";
}

// One SELECT with count(*) first, then per column: count(c) [, distinct] [, min, max], over
// the first `sample` rows (all rows when it is 0).
std::string StatsQuery(const Schema& schema, int64_t sample) {
  std::string sql = "SELECT count(*) AS \"rows\"";
  for (size_t i = 0; i < schema.size(); ++i) {
    const std::string c = Quoted(schema[i].name);
    const std::string n = std::to_string(i);
    sql += ", count(" + c + ") AS \"n" + n + "\"";
    // Exact: DuckDB's approx_count_distinct is off by a quarter on a thousand values.
    if (HasDistinct(schema[i].dtype)) sql += ", count(DISTINCT " + c + ") AS \"d" + n + "\"";
    if (HasRange(schema[i].dtype)) {
      sql += ", min(" + c + ") AS \"lo" + n + "\", max(" + c + ") AS \"hi" + n + "\"";
    }
  }
  if (sample == 0) return sql + " FROM self";
  return sql + " FROM (SELECT * FROM self LIMIT " + std::to_string(sample) + ") AS sample";
}

// {<column>: {nulls, distinct?, min?, max?}} from the one row of StatsQuery, and the rows
// the stats cover.
Json StatsJson(const Schema& schema, const DataFrame& result, int64_t* stats_rows) {
  const Json row = PreviewJson(result).at("rows").at(0);
  const Schema& names = result.schema();
  std::map<std::string, Json> by_alias;
  for (size_t i = 0; i < names.size(); ++i) by_alias[names[i].name] = row.at(i);
  *stats_rows = by_alias.at("rows").get<int64_t>();
  Json stats = Json::object();
  for (size_t i = 0; i < schema.size(); ++i) {
    const std::string n = std::to_string(i);
    Json column = {{"nulls", *stats_rows - by_alias.at("n" + n).get<int64_t>()}};
    if (auto d = by_alias.find("d" + n); d != by_alias.end()) column["distinct"] = d->second;
    if (auto lo = by_alias.find("lo" + n); lo != by_alias.end()) column["min"] = lo->second;
    if (auto hi = by_alias.find("hi" + n); hi != by_alias.end()) column["max"] = hi->second;
    stats[schema[i].name] = std::move(column);
  }
  return stats;
}

int64_t LimitOf(const Json& body) {
  if (!body.contains("limit")) return kDefaultLimit;
  const Json& limit = body.at("limit");
  if (!limit.is_number_integer() || limit.get<int64_t>() < 1 || limit.get<int64_t>() > kMaxLimit) {
    throw ApiError(400, "invalid_argument",
                   "'limit' must be an integer from 1 to " + std::to_string(kMaxLimit) + ", not " +
                       limit.dump());
  }
  return limit.get<int64_t>();
}

// A page's preview key: letters, digits, '-' and '_', up to 64 (the page makes one at random).
std::string KeyOf(const Json& body) {
  if (!body.contains("key")) return "";
  const Json& key = body.at("key");
  static const std::string kAllowed =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
  const std::string text = key.is_string() ? key.get<std::string>() : "";
  if (text.empty() || text.size() > 64 || text.find_first_not_of(kAllowed) != std::string::npos) {
    throw ApiError(400, "invalid_argument",
                   "'key' must be 1 to 64 letters, digits, '-' or '_', not " + key.dump(),
                   "send one random key per open page, e.g. \"p-3f9a2c\"");
  }
  return text;
}

ApiError Cancelled() {
  return ApiError(409, "cancelled",
                  "the preview was cancelled: a newer preview with the same key replaced it, or "
                  "its page closed",
                  "ask again for the node's preview if it is still wanted");
}

// The rows, count and stats of one node (three queries, see the top of the file).
Json NodePreviewJson(const Flow& flow, int64_t node_id, int64_t limit, bool full) {
  const FlowFrame frame = flow.Frame(node_id);
  const Schema schema = frame.schema();
  Json body = PreviewJson(frame.head(limit).collect());
  const DataFrame count = frame.sql("SELECT count(*) AS n FROM self").collect();
  const int64_t total = count.column("n").at(0).integer;
  int64_t covered = 0;
  body["stats"] =
      StatsJson(schema, frame.sql(StatsQuery(schema, full ? 0 : kStatsRows)).collect(), &covered);
  body["stats_rows"] = covered;
  body["total_rows"] = total;
  return body;
}

Reply Preview(Call& call) {
  if (!call.body.contains("node_id") || !call.body.at("node_id").is_number_integer()) {
    throw ApiError(400, "invalid_body", "'node_id' (an integer) names the node to preview",
                   "{\"path\": \"flows/x.yaml\", \"node_id\": 3, \"limit\": 100}");
  }
  const int64_t limit = LimitOf(call.body);
  const std::string key = KeyOf(call.body);
  const int64_t node_id = call.body.at("node_id").get<int64_t>();
  const Flow flow = FlowFromBody(call);
  flow.node(node_id);  // 404 naming the closest ids
  const auto started = std::chrono::steady_clock::now();
  // Waits for a place; a newer preview of the same page may cancel this one meanwhile.
  const auto ticket = call.state.previews->Enter(key);
  if (ticket->cancelled()) throw Cancelled();
  Json body;
  try {
    CancelScope scope(ticket->token());
    body = NodePreviewJson(flow, node_id, limit, call.body.value("full_stats", false));
  } catch (const std::exception&) {
    // An interrupted query says so in the engine's words; the caller needs ours.
    if (ticket->cancelled()) throw Cancelled();
    throw;
  }
  body["node_id"] = node_id;
  body["ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count();
  return {200, std::move(body)};
}

Reply CancelPreview(Call& call) {
  const std::string key = KeyOf(Json{{"key", call.path.at("key")}});
  return {200, {{"cancelled", call.state.previews->Cancel(key)}}};
}

}  // namespace

void AddFlowPreviewRoutes(std::vector<Route>& routes) {
  using namespace schema;
  const Json stat = Object({{"nulls", Int()}, {"distinct", Int()}, {"min", Any()}, {"max", Any()}});
  Json response = PreviewSchema();
  response["properties"]["stats"] = {{"type", "object"}, {"additionalProperties", stat}};
  response["properties"]["node_id"] = Int();
  response["properties"]["stats_rows"] = Int();
  response["properties"]["ms"] = Int();
  routes.push_back({.method = "POST",
                    .path = "/api/v1/flows/preview",
                    .tag = "flows",
                    .summary =
                        "A node's first rows, total row count and column stats (nulls, distinct "
                        "count, min, max) over its first 100,000 rows, or all with full_stats. "
                        "One preview runs at a time, the others wait their turn. With a 'key' "
                        "(one per page), a newer preview with the same key cancels this one, "
                        "which then answers 409 with code 'cancelled'",
                    .request_schema = Object({{"path", Str()},
                                              {"flow", OpenObject()},
                                              {"node_id", Int()},
                                              {"limit", Int()},
                                              {"full_stats", Bool()},
                                              {"key", Str()}},
                                             {"node_id"}),
                    .response_schema = response,
                    .handler = Preview});
  routes.push_back({.method = "DELETE",
                    .path = "/api/v1/flows/preview/{key}",
                    .tag = "flows",
                    .summary = "Cancels the running or waiting preview sent with this key (the "
                               "page closed); its request answers 409 cancelled",
                    .response_schema = Object({{"cancelled", Bool()}}),
                    .handler = CancelPreview});
}

}  // namespace ff::server
