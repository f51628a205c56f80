// /api/v1/catalog: namespaces (catalog.schema), tables, a table's detail, history and
// lineage, its rows at a version, and dropping it. One ff::Catalog per request (it is
// thread-compatible, not thread-safe).
#include <httplib.h>

#include <algorithm>
#include <climits>
#include <ctime>
#include <filesystem>

#include "api.hpp"
#include "flow_paths.hpp"
#include "flowfile/catalog.hpp"
#include "flowfile/workspace.hpp"
#include "iso_time.hpp"
#include "preview_json.hpp"
#include "schema_helpers.hpp"

namespace ff::server {
namespace {

std::string IsoTimeMs(int64_t ms) { return IsoTime(static_cast<std::time_t>(ms / 1000)); }

std::string TableName(const Call& call) {
  return call.path.at("namespace") + "." + call.path.at("table");
}

Json TableSummary(const TableInfo& t) {
  return {{"namespace", t.catalog + "." + t.schema},
          {"name", t.name},
          {"version", t.version},
          {"rows", t.row_count},
          {"size_bytes", t.size_bytes},
          {"updated_at", t.updated_at}};
}

// A write's producing flow as the UI shows it: workspace-relative when the file is inside the
// workspace (other absolute paths as they are), and whether the designer can open it (a file
// of flows/ that still exists).
Json ProducerJson(const ServerState& state, const std::string& flow_path) {
  if (flow_path.empty()) return {{"flow", ""}, {"flow_openable", false}};
  const std::filesystem::path file = std::filesystem::path(flow_path).lexically_normal();
  std::filesystem::path root =
      std::filesystem::absolute(state.workspace->config_dir()).lexically_normal();
  if (!root.has_filename()) root = root.parent_path();  // "home/" -> "home"
  const auto mismatch = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  if (mismatch.first != root.end()) return {{"flow", flow_path}, {"flow_openable", false}};
  const std::string relative = file.lexically_relative(root).generic_string();
  bool openable = false;
  try {
    openable = std::filesystem::exists(ResolveFlowPath(state, relative));
  } catch (const ApiError&) {
    openable = false;  // inside the workspace but not a flow file the designer may open
  }
  return {{"flow", relative}, {"flow_openable", openable}};
}

Json LineageJson(const ServerState& state, const TableLineage& lineage) {
  Json writes = Json::array(), reads = Json::array();
  for (const auto& w : lineage.writes) {
    Json upstream = Json::array();
    for (const auto& [table, version] : w.read_versions)
      upstream.push_back({{"table", table}, {"version", version}});
    Json write = {{"version", w.version},
                  {"run_id", w.run_id},
                  {"operation", w.operation},
                  {"read_versions", std::move(upstream)}};
    write.update(ProducerJson(state, w.flow_path));
    writes.push_back(std::move(write));
  }
  for (const auto& r : lineage.reads)
    reads.push_back({{"table_version", r.table_version},
                     {"run_id", r.run_id},
                     {"timestamp", r.time},  // ISO-8601, as Python names it
                     {"time", r.time}});
  return {{"full_name", lineage.full_name},
          {"writes", std::move(writes)},
          {"reads", std::move(reads)},
          {"downstream_tables", lineage.downstream_tables}};
}

Reply Namespaces(Call& call) {
  Catalog catalog(*call.state.workspace);
  Json out = Json::array();
  for (const auto& c : catalog.ListCatalogs()) {
    for (const auto& s : catalog.ListSchemas(c.name)) {
      const std::string name = c.name + "." + s.name;
      out.push_back({{"name", name},
                     {"catalog", c.name},
                     {"schema", s.name},
                     {"tables", catalog.ListTables(name).size()}});
    }
  }
  return {200, std::move(out)};
}

Reply Tables(Call& call) {
  Catalog catalog(*call.state.workspace);
  std::vector<std::string> namespaces;
  if (call.http.has_param("namespace")) {
    namespaces.push_back(call.RequiredQuery("namespace"));
  } else {
    for (const auto& c : catalog.ListCatalogs())
      for (const auto& s : catalog.ListSchemas(c.name)) namespaces.push_back(c.name + "." + s.name);
  }
  Json out = Json::array();
  for (const auto& ns : namespaces)
    for (const auto& t : catalog.ListTables(ns)) out.push_back(TableSummary(t));
  return {200, std::move(out)};
}

Reply Detail(Call& call) {
  Catalog catalog(*call.state.workspace);
  const TableInfo t = catalog.GetTable(TableName(call));
  Json columns = Json::array();
  for (const auto& [name, type] : t.columns) columns.push_back({{"name", name}, {"type", type}});
  Json out = TableSummary(t);
  out.update({{"full_name", t.full_name},
              {"schema", std::move(columns)},
              {"partition_columns", t.partition_columns},
              {"description", t.description},
              {"created_at", t.created_at},
              {"format", t.format},
              {"lineage", LineageJson(call.state, catalog.Lineage(t.full_name))}});
  return {200, std::move(out)};
}

Reply History(Call& call) {
  Catalog catalog(*call.state.workspace);
  Json out = Json::array();
  for (const auto& h : catalog.History(TableName(call))) {
    Json parameters = Json::parse(h.parameters_json, nullptr, false);
    if (parameters.is_discarded()) parameters = Json::object();
    out.push_back({{"version", h.version},
                   {"timestamp", IsoTimeMs(h.timestamp_ms)},  // as ff.catalog.history() gives it
                   {"timestamp_ms", h.timestamp_ms},
                   {"time", IsoTimeMs(h.timestamp_ms)},
                   {"operation", h.operation},
                   {"parameters", std::move(parameters)},
                   {"run_id", h.run_id},
                   {"rows_inserted", h.rows_inserted},
                   {"rows_updated", h.rows_updated},
                   {"rows_deleted", h.rows_deleted}});
  }
  return {200, std::move(out)};
}

Reply Preview(Call& call) {
  Catalog catalog(*call.state.workspace);
  const std::string name = TableName(call);
  const auto version = call.IntQuery("version", 0, INT64_MAX);
  const CatalogPreview p = catalog.Preview(name, version, PreviewLimit(call));
  // Types come from the table's latest schema; a column it no longer has shows no type.
  std::map<std::string, std::string> types;
  for (const auto& [column, type] : catalog.GetTable(name).columns) types[column] = type;
  Json columns = Json::array();
  for (const auto& c : p.columns) columns.push_back({{"name", c}, {"type", types[c]}});
  Json rows = Json::array();
  for (const auto& row : p.rows) {
    Json r = Json::array();
    for (const auto& v : row) r.push_back(v ? Json(*v) : Json(nullptr));
    rows.push_back(std::move(r));
  }
  return {200,
          {{"columns", std::move(columns)}, {"rows", std::move(rows)}, {"version", p.version}}};
}

}  // namespace

void AddCatalogRoutes(std::vector<Route>& routes) {
  using namespace schema;
  const std::string base = "/api/v1/catalog";
  const std::string table = base + "/tables/{namespace}/{table}";
  const std::string tag = "catalog";
  const Json summary = Object({{"namespace", Str()},
                               {"name", Str()},
                               {"version", Int()},
                               {"rows", Int()},
                               {"size_bytes", Int()},
                               {"updated_at", Str()}});
  routes.push_back(
      {"GET",
       base + "/namespaces",
       tag,
       "Namespaces (catalog.schema) and table counts",
       nullptr,
       ArrayOf(Object({{"name", Str()}, {"catalog", Str()}, {"schema", Str()}, {"tables", Int()}})),
       {},
       true,
       Namespaces});
  routes.back().light = true;
  routes.push_back({"GET",
                    base + "/tables",
                    tag,
                    "Tables of one namespace, or of all",
                    nullptr,
                    ArrayOf(summary),
                    {{"namespace", "string", false, "catalog.schema"}},
                    true,
                    Tables});
  routes.back().light = true;
  routes.push_back({"GET",
                    table,
                    tag,
                    "A table: schema, partitioning, lineage",
                    nullptr,
                    OpenObject(),
                    {},
                    true,
                    Detail});
  routes.push_back({"GET",
                    table + "/history",
                    tag,
                    "The table's versions, newest first",
                    nullptr,
                    ArrayOf(OpenObject()),
                    {},
                    true,
                    History});
  routes.push_back({"GET",
                    table + "/preview",
                    tag,
                    "Rows of a version (default: the latest)",
                    nullptr,
                    PreviewSchema(),
                    {{"version", "integer", false, "a Delta version (time travel)"},
                     {"limit", "integer", false, "rows, 1-10000 (default 100)"}},
                    true,
                    Preview});
  routes.push_back({"DELETE",
                    table,
                    tag,
                    "Drop the table (its local data folder too)",
                    nullptr,
                    Object({{"deleted", Bool()}}),
                    {},
                    true,
                    [](Call& call) -> Reply {
                      Catalog(*call.state.workspace).DropTable(TableName(call));
                      return {200, {{"deleted", true}}};
                    }});
}

}  // namespace ff::server
