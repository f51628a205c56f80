// POST /api/v1/catalog/tables/{namespace}/{table}/restore|vacuum|optimize: table maintenance
// from the Catalog view, as `flowfile catalog restore|vacuum|optimize` does it.
#include "api.hpp"
#include "flowfile/catalog.hpp"
#include "flowfile/workspace.hpp"
#include "schema_helpers.hpp"

namespace ff::server {
namespace {

std::string TableName(const Call& call) {
  return call.path.at("namespace") + "." + call.path.at("table");
}

Reply Restore(Call& call) {
  const int64_t version = call.body["version"].get<int64_t>();
  const CatalogWriteResult r = Catalog(*call.state.workspace).Restore(TableName(call), version);
  return {200, {{"version", r.version}, {"committed", r.committed}}};
}

Reply Vacuum(Call& call) {
  const double hours = call.body.value("retention_hours", 168.0);
  const bool dry_run = call.body.value("dry_run", true);
  const VacuumResult r = Catalog(*call.state.workspace).Vacuum(TableName(call), hours, dry_run);
  return {200, {{"files", r.files.size()}, {"bytes", r.bytes}, {"dry_run", r.dry_run}}};
}

Reply Optimize(Call& call) {
  const OptimizeResult r = Catalog(*call.state.workspace).Optimize(TableName(call));
  return {200,
          {{"version", r.version},
           {"committed", r.committed},
           {"files_removed", r.files_removed},
           {"files_added", r.files_added}}};
}

}  // namespace

void AddCatalogMaintenanceRoutes(std::vector<Route>& routes) {
  using namespace schema;
  const std::string table = "/api/v1/catalog/tables/{namespace}/{table}";
  const std::string tag = "catalog";
  routes.push_back({"POST",
                    table + "/restore",
                    tag,
                    "A new version whose rows equal an earlier version's",
                    Object({{"version", Int()}}, {"version"}),
                    Object({{"version", Int()}, {"committed", Bool()}}),
                    {},
                    true,
                    Restore});
  routes.push_back({"POST",
                    table + "/vacuum",
                    tag,
                    "Delete data files no version within the retention needs (default: a dry "
                    "run over 168 hours; shorter retentions are refused)",
                    Object({{"retention_hours", {{"type", "number"}}}, {"dry_run", Bool()}}),
                    Object({{"files", Int()}, {"bytes", Int()}, {"dry_run", Bool()}}),
                    {},
                    true,
                    Vacuum});
  routes.push_back({"POST",
                    table + "/optimize",
                    tag,
                    "Compact each partition's files into one (readers see the same rows)",
                    nullptr,
                    Object({{"version", Int()},
                            {"committed", Bool()},
                            {"files_removed", Int()},
                            {"files_added", Int()}}),
                    {},
                    true,
                    Optimize});
}

}  // namespace ff::server
