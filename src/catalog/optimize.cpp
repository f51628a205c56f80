// Catalog::Optimize: bin-packing compaction. Every partition holding more than one file is
// rewritten as one file; the commit marks its actions dataChange=false, so readers and
// streaming consumers see the same rows.
#include <map>

#include "catalog/file_rewrite.hpp"
#include "catalog/table_resolver.hpp"
#include "delta/table_features.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"

namespace ff {

OptimizeResult Catalog::Optimize(const std::string& table_name) {
  catalog::ResolvedTable table = catalog::RequireTable(workspace_, table_name);
  const delta::Snapshot snapshot = delta::LoadSnapshot(table.location);
  delta::CheckWriteSupported(snapshot.protocol, snapshot.metadata);
  std::map<delta::PartitionValues, std::vector<delta::AddFile>> by_partition;
  for (const auto& file : snapshot.files) by_partition[file.partition_values].push_back(file);

  catalog::RewritePlan plan;
  for (const auto& [values, files] : by_partition) {
    if (files.size() > 1) plan.removed.insert(plan.removed.end(), files.begin(), files.end());
  }
  OptimizeResult result;
  result.version = snapshot.version;
  if (plan.removed.empty()) return result;

  std::unique_ptr<delta::SqlSession> session = delta::OpenSqlSession();
  plan.new_rows = delta::SqlIdent(session->TempName("optimize_rows"));
  session->Execute(
      "CREATE TEMP TABLE " + plan.new_rows + " AS " + catalog::FilesScanSql(snapshot, plan.removed),
      "reading the files to compact");
  plan.operation = "OPTIMIZE";
  plan.parameters = {{"predicate", "[]"}, {"zOrderBy", "[]"}};
  plan.schema = snapshot.schema;
  plan.data_change = false;
  const catalog::RewriteOutcome outcome = catalog::CommitRewrite(*session, snapshot, plan);
  result.committed = outcome.committed;
  if (outcome.committed) result.version = outcome.version;
  result.files_added = outcome.files_added;
  result.files_removed = outcome.files_removed;
  // Row count and size change only in bytes; keep updated_at as it was (no data change).
  catalog::TableRow row = table.row.value();
  const delta::Snapshot after = delta::LoadSnapshot(table.location);
  std::tie(row.row_count, row.size_bytes) = catalog::SnapshotRowsAndBytes(after);
  row.delta_version = after.version;
  catalog::CatalogRows(workspace_.store()).UpdateTable(row);
  return result;
}

}  // namespace ff
