// Catalog: reading a version (time travel), the commit history and lineage.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "catalog/catalog_rows.hpp"
#include "catalog/table_resolver.hpp"
#include "delta/path_codec.hpp"
#include "delta/sql_session.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"

namespace ff {
namespace {

using nlohmann::json;

int64_t MetricOf(const json& metrics, const char* name) {
  if (!metrics.is_object() || !metrics.contains(name)) return 0;
  const json& value = metrics[name];
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_string()) {
    try {
      return std::stoll(value.get<std::string>());
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

CatalogHistoryEntry ToHistoryEntry(const delta::HistoryEntry& entry) {
  CatalogHistoryEntry out;
  out.version = entry.version;
  out.timestamp_ms = entry.timestamp_ms;
  out.files_added = entry.files_added;
  out.files_removed = entry.files_removed;
  out.operation = entry.commit_info.operation.value_or("");
  const json info = json::parse(entry.commit_info.json, nullptr, false);
  if (!info.is_object()) return out;
  out.parameters_json = info.value("operationParameters", json::object()).dump();
  if (info.contains("flowfile.runId") && info["flowfile.runId"].is_string()) {
    out.run_id = info["flowfile.runId"].get<std::string>();
  }
  const json metrics = info.value("operationMetrics", json::object());
  // Plain writes report output rows; merges report inserted/updated/deleted.
  out.rows_inserted = metrics.contains("numTargetRowsInserted")
                          ? MetricOf(metrics, "numTargetRowsInserted")
                          : MetricOf(metrics, "numOutputRows");
  out.rows_updated = MetricOf(metrics, "numTargetRowsUpdated");
  out.rows_deleted = MetricOf(metrics, "numTargetRowsDeleted");
  return out;
}

// An older version whose data files vacuum has deleted: say so, rather than let the engine
// fail later on a missing file. (The latest version's files are never vacuumed.)
void CheckVersionFilesKept(const catalog::ResolvedTable& table, const delta::Snapshot& snapshot) {
  for (const delta::AddFile& file : snapshot.files) {
    if (std::filesystem::exists(delta::ResolveDataPath(table.location, file.path))) continue;
    throw Error(ErrorCode::kNotFound,
                "catalog table '" + table.name.FullName() + "' version " +
                    std::to_string(snapshot.version) + " can no longer be read: its data file '" +
                    delta::PercentDecode(file.path) +
                    "' is gone (vacuum deletes the files that only versions older than its "
                    "retention read); read the latest version or one written since the last "
                    "vacuum");
  }
}

}  // namespace

CatalogRead Catalog::ReadSql(const std::string& table_name, std::optional<int64_t> version,
                             std::optional<int64_t> timestamp_ms, const std::string& run_id) {
  const catalog::ResolvedTable table = catalog::RequireTable(workspace_, table_name);
  if (version && timestamp_ms) {
    throw Error(ErrorCode::kInvalidArgument, "read of catalog table '" + table.name.FullName() +
                                                 "': give a version or a timestamp, not both");
  }
  delta::SnapshotOptions options;
  options.version = version;
  options.timestamp_ms = timestamp_ms;
  delta::Snapshot snapshot;
  try {
    snapshot = catalog::LoadTableSnapshot(table, options);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kNotFound) throw;
    std::string why = e.what();
    if (table.mirror) {
      for (size_t at = why.find(table.location); at != std::string::npos;
           at = why.find(table.location)) {
        why.replace(at, table.location.size(), table.url);
      }
    }
    throw Error(ErrorCode::kNotFound, "catalog table '" + table.name.FullName() + "': " + why);
  }
  if ((version || timestamp_ms) && !table.mirror) CheckVersionFilesKept(table, snapshot);
  CatalogRead read;
  read.sql = delta::DeltaScanSql(snapshot);
  read.version = snapshot.version;
  read.full_name = table.name.FullName();
  if (!run_id.empty()) {
    catalog::CatalogRows(workspace_.store()).InsertRead(table.row->id, snapshot.version, run_id);
  }
  return read;
}

CatalogPreview Catalog::Preview(const std::string& table_name, std::optional<int64_t> version,
                                int64_t limit) {
  if (limit < 0) throw Error(ErrorCode::kInvalidArgument, "a preview's limit must be >= 0");
  const CatalogRead read = ReadSql(table_name, version);
  delta::SqlSession session;  // TimeZone UTC: timestamps print the same everywhere
  const std::string limited = "SELECT * FROM (" + read.sql + ") LIMIT " + std::to_string(limit);
  CatalogPreview preview;
  preview.full_name = read.full_name;
  preview.version = read.version;
  for (const auto& row : session.QueryText("DESCRIBE " + limited, "describing the table")) {
    preview.columns.push_back(row.at(0).value_or(""));
  }
  preview.rows = session.QueryText(limited, "reading the table");
  return preview;
}

std::vector<CatalogHistoryEntry> Catalog::History(const std::string& table_name) {
  const catalog::ResolvedTable table = catalog::RequireTable(workspace_, table_name);
  std::vector<CatalogHistoryEntry> out;
  for (const delta::HistoryEntry& entry : delta::History(table.location)) {
    out.push_back(ToHistoryEntry(entry));
  }
  return out;
}

TableLineage Catalog::Lineage(const std::string& table_name) {
  const catalog::ResolvedTable table = catalog::RequireTable(workspace_, table_name);
  catalog::CatalogRows rows(workspace_.store());
  TableLineage lineage;
  lineage.full_name = table.name.FullName();
  for (const delta::HistoryEntry& entry : delta::History(table.location)) {
    TableLineage::Write write;
    write.version = entry.version;
    write.operation = entry.commit_info.operation.value_or("");
    const json info = json::parse(entry.commit_info.json, nullptr, false);
    if (info.is_object()) {
      if (info.contains("flowfile.runId") && info["flowfile.runId"].is_string()) {
        write.run_id = info["flowfile.runId"].get<std::string>();
      }
      if (info.contains("flowfile.flowPath") && info["flowfile.flowPath"].is_string()) {
        write.flow_path = info["flowfile.flowPath"].get<std::string>();
      }
      if (info.contains("flowfile.readVersions") && info["flowfile.readVersions"].is_object()) {
        for (const auto& [name, v] : info["flowfile.readVersions"].items()) {
          if (v.is_number_integer()) write.read_versions.emplace_back(name, v.get<int64_t>());
        }
      }
    }
    lineage.writes.push_back(std::move(write));
  }
  std::vector<std::string> reader_runs;
  for (const catalog::ReadRow& read : rows.Reads(table.row->id)) {
    lineage.reads.push_back({read.table_version, read.run_id, read.time});
    reader_runs.push_back(read.run_id);
  }
  std::set<std::string> downstream;
  for (int64_t id : rows.TablesWrittenByRuns(reader_runs)) {
    if (id != table.row->id) downstream.insert(rows.FullName(id));
  }
  lineage.downstream_tables.assign(downstream.begin(), downstream.end());
  return lineage;
}

}  // namespace ff
