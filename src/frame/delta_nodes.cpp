// Delta tables on local disk as frame sources and sinks: scan_delta reads a snapshot through
// the Delta reader's SQL (exactly the active files, deletion vectors applied); write_delta
// commits the frame's rows as one new version.
#include "flowfile/delta.hpp"
#include "flowfile/delta_frames.hpp"
#include "flowfile/errors.hpp"
#include "frame/compiler.hpp"
#include "frame/delta_write.hpp"
#include "frame/node_sql_helpers.hpp"

namespace ff {

using nlohmann::json;

namespace frame {

// read (format delta): {paths: [root], options: {version, timestamp_ms}} — resolved at each
// compile, so an unpinned scan reads the latest version at run time.
std::string DeltaReadSql(const PlanNode& node) {
  const json options = node.params.value("options", json::object());
  delta::SnapshotOptions snapshot_options;
  if (options.contains("version") && !options.at("version").is_null()) {
    snapshot_options.version = options.at("version").get<int64_t>();
  }
  if (options.contains("timestamp_ms") && !options.at("timestamp_ms").is_null()) {
    snapshot_options.timestamp_ms = options.at("timestamp_ms").get<int64_t>();
  }
  const std::string root = node.params.at("paths").at(0).get<std::string>();
  return delta::DeltaScanSql(delta::LoadSnapshot(root, snapshot_options));
}

}  // namespace frame

FlowFrame scan_delta(const std::string& path, ScanDeltaOptions o) {
  json options = json::object();
  if (o.version) options["version"] = *o.version;
  if (o.timestamp_ms) options["timestamp_ms"] = *o.timestamp_ms;
  auto node = frame::NewNode("read", o.description,
                             {{"format", "delta"}, {"paths", {path}}, {"options", options}}, {});
  FlowFrame out(std::move(node));
  frame::SchemaOf(out.plan());
  return out;
}

namespace frame {

delta::WriteResult WriteDeltaAt(const FlowFrame& frame, const std::string& root,
                                const WriteDeltaOptions& o) {
  delta::WriteRequest request;
  request.table_root = root;
  if (o.write_mode == "append") {
    request.mode = delta::WriteMode::kAppend;
  } else if (o.write_mode == "overwrite") {
    request.mode = delta::WriteMode::kOverwrite;
  } else if (o.write_mode == "error") {
    request.mode = delta::WriteMode::kErrorIfExists;
  } else {
    throw Error(ErrorCode::kInvalidArgument,
                "write_delta: write_mode must be 'overwrite', 'append' or 'error', not '" +
                    o.write_mode + "'");
  }
  if (o.schema_mode != "strict" && o.schema_mode != "merge") {
    throw Error(
        ErrorCode::kInvalidArgument,
        "write_delta: schema_mode must be 'strict' or 'merge', not '" + o.schema_mode + "'");
  }
  request.partition_by = o.partition_by;
  request.merge_schema = o.schema_mode == "merge";
  if (!o.description.empty()) request.description = o.description;
  request.source_sql = frame.compiled_sql();
  return delta::WriteTable(request);
}

}  // namespace frame

FlowFrame write_delta(const FlowFrame& frame, const std::string& path, WriteDeltaOptions o) {
  const delta::WriteResult result = frame::WriteDeltaAt(frame, path, o);
  auto node =
      frame::NewNode("output", o.description,
                     {{"path", path},
                      {"file_type", "delta"},
                      {"options", {{"write_mode", o.write_mode}, {"version", result.version}}}},
                     {frame.plan()});
  node->column_names = frame.plan()->column_names;
  return FlowFrame(std::move(node));
}

}  // namespace ff
