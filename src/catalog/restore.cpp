// Catalog::Restore: like Delta's RESTORE, a new commit that re-adds the files of the old
// version and removes the ones added since; no data is copied.
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "catalog/table_resolver.hpp"
#include "delta/commit_store.hpp"
#include "delta/path_codec.hpp"
#include "delta/table_features.hpp"
#include "delta/transaction.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"

namespace ff {

CatalogWriteResult Catalog::Restore(const std::string& table_name, int64_t version) {
  catalog::ResolvedTable table = catalog::RequireTable(workspace_, table_name);
  const delta::Snapshot current = delta::LoadSnapshot(table.location);
  delta::CheckWriteSupported(current.protocol, current.metadata);
  delta::SnapshotOptions at;
  at.version = version;
  delta::Snapshot target;
  try {
    target = catalog::LoadTableSnapshot(table, at);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kNotFound) throw;
    throw Error(ErrorCode::kNotFound, "cannot restore catalog table '" + table.name.FullName() +
                                          "' to version " + std::to_string(version) + ": " +
                                          e.what());
  }
  std::map<std::string, const delta::AddFile*> now_active, then_active;
  for (const auto& file : current.files) now_active[file.path] = &file;
  for (const auto& file : target.files) then_active[file.path] = &file;

  delta::CommitPlan plan;
  plan.table_root = current.table_root;
  plan.read_version = current.version;
  plan.operation = "RESTORE";
  plan.operation_parameters = {{"version", version}};
  plan.read_whole_table = true;
  const int64_t now = delta::NowMs();
  int64_t restored_rows = 0, removed_rows = 0;
  for (const auto& [path, file] : then_active) {
    if (now_active.contains(path)) continue;
    const std::string local = delta::ResolveDataPath(current.table_root, path);
    if (!std::filesystem::exists(local)) {
      throw Error(ErrorCode::kNotFound, "cannot restore catalog table '" + table.name.FullName() +
                                            "' to version " + std::to_string(version) +
                                            ": its data file '" + local + "' was vacuumed");
    }
    delta::AddFile add = *file;
    add.data_change = true;
    add.modification_time = now;
    plan.adds.push_back(add);
    restored_rows += delta::NumRecords(add).value_or(0);
  }
  for (const auto& [path, file] : now_active) {
    if (then_active.contains(path)) continue;
    plan.removes.push_back(delta::RemoveFor(*file, now, true));
    removed_rows += delta::NumRecords(*file).value_or(0);
  }
  if (target.metadata.schema_string != current.metadata.schema_string ||
      target.metadata.partition_columns != current.metadata.partition_columns) {
    plan.metadata = target.metadata;
  }
  CatalogWriteResult result;
  result.full_name = table.name.FullName();
  result.version = current.version;
  if (plan.adds.empty() && plan.removes.empty() && !plan.metadata) return result;
  plan.operation_metrics = {{"numRestoredFiles", std::to_string(plan.adds.size())},
                            {"numRemovedFiles", std::to_string(plan.removes.size())},
                            {"numTargetRowsInserted", std::to_string(restored_rows)},
                            {"numTargetRowsDeleted", std::to_string(removed_rows)}};
  result.version = delta::PublishCommit(plan).version;
  result.committed = true;
  result.rows_inserted = restored_rows;
  result.rows_deleted = removed_rows;
  result.files_added = static_cast<int64_t>(plan.adds.size());
  result.files_removed = static_cast<int64_t>(plan.removes.size());
  catalog::RefreshTableRow(workspace_, table, delta::LoadSnapshot(table.location), std::nullopt,
                           std::nullopt, std::nullopt);
  return result;
}

}  // namespace ff
