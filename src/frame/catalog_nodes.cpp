// Catalog tables as frame sources and sinks (catalog_reader / catalog_writer nodes).
#include "frame/catalog_nodes.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>

#include "flowfile/catalog_frames.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"
#include "frame/compiler.hpp"
#include "frame/version_option.hpp"

namespace ff {

using nlohmann::json;

Catalog& default_catalog() {
  // One Catalog per workspace; reopened when the default workspace changes (tests switch
  // FLOWFILE_HOME).
  static std::mutex mutex;
  static std::shared_ptr<Workspace> workspace;
  static std::unique_ptr<Catalog> catalog;
  std::lock_guard<std::mutex> lock(mutex);
  auto current = Workspace::Default();
  if (current != workspace) {
    workspace = current;
    catalog = std::make_unique<Catalog>(*workspace);
  }
  return *catalog;
}

namespace frame {

std::shared_ptr<PlanNode> NewCatalogReaderNode(const nlohmann::json& params,
                                               const std::string& description) {
  std::optional<int64_t> version, timestamp;
  if (params.contains("delta_version") && !params.at("delta_version").is_null()) {
    version = params.at("delta_version").get<int64_t>();
  }
  if (params.contains("timestamp_ms") && !params.at("timestamp_ms").is_null()) {
    timestamp = params.at("timestamp_ms").get<int64_t>();
  }
  const CatalogRead read =
      default_catalog().ReadSql(params.at("table_name").get<std::string>(), version, timestamp);
  auto node = NewNode("catalog_reader", description, params, {});
  node->params["catalog_full_table_name"] = read.full_name;
  node->params["resolved_version"] = read.version;
  node->runtime_ref = read.sql;
  return node;
}

}  // namespace frame

FlowFrame read_catalog_table(const std::string& table_name, ReadCatalogOptions o) {
  json params = {{"table_name", table_name}};
  if (auto version = frame::OneVersion(o.version, o.delta_version, "read_catalog_table")) {
    params["delta_version"] = *version;
  }
  if (o.timestamp_ms) params["timestamp_ms"] = *o.timestamp_ms;
  FlowFrame frame(frame::NewCatalogReaderNode(params, o.description));
  frame::SchemaOf(frame.plan());
  return frame;
}

std::string NewLineageRunId() {
  static std::atomic<uint64_t> runs{0};
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return "run-" + std::to_string(ms) + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(runs++);
}

FlowFrame write_catalog_table(const FlowFrame& frame, const std::string& table_name,
                              WriteCatalogOptions o, CatalogWriteResult* result) {
  CatalogWrite write;
  write.table_name = table_name;
  write.mode = ParseCatalogWriteMode(o.write_mode);
  write.merge_keys = o.merge_keys;
  write.partition_by = o.partition_by;
  write.schema_mode = o.schema_mode;
  if (!o.description.empty()) write.description = o.description;
  write.scd2 = o.scd2;
  // A script's writes are runs of their own; a flow run's writes share its id.
  write.run_id = o.run_id.empty() ? NewLineageRunId() : o.run_id;
  write.flow_path = o.flow_path;
  for (const frame::NodePtr& node : frame::OrderedNodes(frame.plan())) {
    if (node->type == "catalog_reader") {
      write.read_versions.emplace_back(
          node->params.at("catalog_full_table_name").get<std::string>(),
          node->params.at("resolved_version").get<int64_t>());
    }
  }
  write.source_sql = frame.compiled_sql();
  const CatalogWriteResult written = default_catalog().Write(write);
  if (result) *result = written;
  json params = {{"table_name", table_name},
                 {"write_mode", o.write_mode},
                 {"merge_keys", o.merge_keys},
                 {"partition_by", o.partition_by},
                 {"schema_mode", o.schema_mode}};
  auto node = frame::NewNode("catalog_writer", o.description, params, {frame.plan()});
  node->column_names = frame.plan()->column_names;
  return FlowFrame(std::move(node));
}

}  // namespace ff
