// upsert / update / delete by merge keys, as copy-on-write MERGE: the files whose stats can
// hold a source key are read, their rows merged with the source, and rewritten in one commit.
// Target rows with a matching key take the source's values (every matching target row, as in
// SQL MERGE); upsert also inserts source rows that match nothing.
#include "catalog/file_rewrite.hpp"
#include "catalog/write_modes.hpp"
#include "delta/schema_evolution.hpp"
#include "delta/table_features.hpp"
#include "delta/table_writer.hpp"
#include "flowfile/errors.hpp"

namespace ff::catalog {
namespace {

using delta::DataType;
using delta::SqlIdent;
using nlohmann::json;

std::string JoinCondition(const std::vector<std::string>& keys) {
  std::string on;
  for (const std::string& key : keys) {
    on += (on.empty() ? "" : " AND ") + std::string("t.") + SqlIdent(key) + " = s." + SqlIdent(key);
  }
  return on;
}

int64_t CountOf(delta::SqlSession& session, const std::string& sql, const std::string& what) {
  return std::stoll(session.QueryText(sql, what).at(0).at(0).value_or("0"));
}

// A first write with a keyed mode creates the table: upsert with the source rows, update and
// delete empty (as Flowfile does), so the schema is fixed from then on.
CatalogWriteResult CreateFromKeyedWrite(delta::SqlSession& session, const CatalogWrite& write,
                                        const WriteTarget& target, const std::string& source) {
  delta::WriteRequest request;
  request.table_root = target.location;
  request.source_sql =
      "SELECT * FROM " + source + (write.mode == CatalogWriteMode::kUpsert ? "" : " LIMIT 0");
  request.mode = delta::WriteMode::kErrorIfExists;
  request.partition_by = write.partition_by;
  request.description = write.description;
  request.run_id = write.run_id;
  request.flow_path = write.flow_path;
  request.read_versions = target.read_versions;
  const delta::WriteResult written = delta::WriteTableWith(session, request);
  CatalogWriteResult result;
  result.full_name = target.full_name;
  result.version = written.version;
  result.committed = true;
  result.rows_inserted = written.rows_written;
  result.files_added = written.files_added;
  return result;
}

// The table schema the merged rows take, or a refusal naming the differences.
DataType PlanSchema(const CatalogWrite& write, const WriteTarget& target,
                    const delta::Snapshot& snapshot, const DataType& source_schema,
                    std::optional<delta::Metadata>& new_metadata) {
  const std::string mode(CatalogWriteModeName(write.mode));
  if (write.mode == CatalogWriteMode::kDelete) {
    // Only the keys matter; they must compare as the same type.
    for (const std::string& key : write.merge_keys) {
      for (const auto& t : snapshot.schema.fields) {
        for (const auto& s : source_schema.fields) {
          if (t.name == key && s.name == key &&
              delta::DuckDbType(*t.type) != delta::DuckDbType(*s.type)) {
            throw Error(ErrorCode::kInvalidArgument,
                        "cannot delete from catalog table '" + target.full_name + "': key '" + key +
                            "' is " + delta::DuckDbType(*s.type) + " in the source, the " +
                            "table has " + delta::DuckDbType(*t.type));
          }
        }
      }
    }
    return snapshot.schema;
  }
  const std::string mismatch = delta::SchemaMismatch(snapshot.schema, source_schema);
  if (mismatch.empty()) return snapshot.schema;
  const std::string label = "catalog table '" + target.full_name + "'";
  if (write.schema_mode != "merge") {
    throw Error(ErrorCode::kInvalidArgument, "cannot " + mode + " into " + label +
                                                 ": the schema differs: " + mismatch +
                                                 " (schema_mode='merge' adds new columns)");
  }
  bool changed = false;
  DataType merged = delta::MergeSchemas(snapshot.schema, source_schema, label, &changed);
  if (changed) {
    delta::Metadata metadata = snapshot.metadata;
    metadata.schema_string = delta::SchemaToJson(merged);
    new_metadata = metadata;
  }
  return merged;
}

}  // namespace

CatalogWriteResult WriteKeyed(delta::SqlSession& session, const CatalogWrite& write,
                              const WriteTarget& target) {
  const std::string source = MaterialiseSource(session, write);
  const DataType source_schema = delta::DescribeSchema(session, source);
  std::optional<delta::Snapshot> snapshot;
  if (delta::LatestVersion(target.location) >= 0) {
    snapshot = delta::LoadSnapshot(target.location);
    delta::CheckWriteSupported(snapshot->protocol, snapshot->metadata);
  }
  ValidateMergeKeys(session, source, source_schema, snapshot ? &snapshot->schema : nullptr,
                    write.merge_keys, target.full_name);
  if (!snapshot) return CreateFromKeyedWrite(session, write, target, source);

  std::optional<delta::Metadata> new_metadata;
  const DataType schema = PlanSchema(write, target, *snapshot, source_schema, new_metadata);

  const std::vector<delta::AddFile> candidates =
      CandidateFiles(session, *snapshot, source, write.merge_keys);
  const std::string old_rows = SqlIdent(session.TempName("merge_target"));
  // A view: the files are immutable, and the key counts below read only the key columns.
  session.Execute("CREATE TEMP VIEW " + old_rows + " AS " + FilesScanSql(*snapshot, candidates),
                  "reading the files the merge touches");
  const std::string on = JoinCondition(write.merge_keys);
  const int64_t matched =
      CountOf(session, "SELECT count(*) FROM " + old_rows + " t JOIN " + source + " s ON " + on,
              "matching merge keys");
  const bool upsert = write.mode == CatalogWriteMode::kUpsert;
  const bool remove = write.mode == CatalogWriteMode::kDelete;
  const std::string unmatched_source =
      " FROM " + source + " s WHERE NOT EXISTS (SELECT 1 FROM " + old_rows + " t WHERE " + on + ")";
  const int64_t inserted =
      upsert ? CountOf(session, "SELECT count(*)" + unmatched_source, "counting new rows") : 0;

  CatalogWriteResult result;
  result.full_name = target.full_name;
  result.version = snapshot->version;
  if (matched == 0 && inserted == 0 && !new_metadata) return result;

  // Rows replacing the candidate files (only when a key matched), then the inserts.
  std::string rows_sql;
  if (matched > 0 && remove) {
    rows_sql = "SELECT t.* FROM " + old_rows + " t WHERE NOT EXISTS (SELECT 1 FROM " + source +
               " s WHERE " + on + ")";
  } else if (matched > 0) {
    std::string select;
    for (const auto& field : schema.fields) {
      const std::string column = SqlIdent(field.name);
      const std::string type = delta::DuckDbType(*field.type);
      const bool in_source = delta::HasColumn(source_schema, field.name);
      const bool in_table = delta::HasColumn(snapshot->schema, field.name);
      const std::string kept = in_table ? "t." + column : "NULL";
      const std::string value =
          in_source ? "CASE WHEN s.__ff_matched THEN s." + column + " ELSE " + kept + " END" : kept;
      select += (select.empty() ? "" : ", ") + std::string("CAST(") + value + " AS " + type +
                ") AS " + column;
    }
    rows_sql = "SELECT " + select + " FROM " + old_rows + " t LEFT JOIN (SELECT *, true AS " +
               "__ff_matched FROM " + source + ") s ON " + on;
  }
  if (inserted > 0) {
    std::string select;
    for (const auto& field : schema.fields) {
      const std::string column = SqlIdent(field.name);
      const bool in_source = delta::HasColumn(source_schema, field.name);
      select += (select.empty() ? "" : ", ") + std::string("CAST(") +
                (in_source ? "s." + column : std::string("NULL")) + " AS " +
                delta::DuckDbType(*field.type) + ") AS " + column;
    }
    rows_sql += (rows_sql.empty() ? "" : " UNION ALL ") + std::string("SELECT ") + select +
                unmatched_source;
  }
  RewritePlan plan;
  if (!rows_sql.empty()) {
    // Unpartitioned: one file, so the merged rows stream into it; partitioned writes query
    // the rows once per partition, so they are materialised first.
    const bool partitioned =
        !(new_metadata ? new_metadata->partition_columns : snapshot->metadata.partition_columns)
             .empty();
    plan.new_rows = SqlIdent(session.TempName("merge_rows"));
    session.Execute(std::string(partitioned ? "CREATE TEMP TABLE " : "CREATE TEMP VIEW ") +
                        plan.new_rows + " AS " + rows_sql,
                    "merging the source rows");
  }
  if (matched > 0) plan.removed = candidates;
  plan.operation = "MERGE";
  plan.parameters = {{"mode", CatalogWriteModeName(write.mode)},
                     {"mergeKeys", json(write.merge_keys).dump()},
                     {"predicate", on}};
  const int64_t updated = remove ? 0 : matched, deleted = remove ? matched : 0;
  plan.metrics = {
      {"numSourceRows",
       std::to_string(CountOf(session, "SELECT count(*) FROM " + source, "counting rows"))},
      {"numTargetRowsInserted", std::to_string(inserted)},
      {"numTargetRowsUpdated", std::to_string(updated)},
      {"numTargetRowsDeleted", std::to_string(deleted)}};
  plan.schema = schema;
  plan.metadata = new_metadata;
  plan.run_id = write.run_id;
  plan.flow_path = write.flow_path;
  plan.read_versions = target.read_versions;
  const RewriteOutcome outcome = CommitRewrite(session, *snapshot, plan);
  result.committed = outcome.committed;
  if (outcome.committed) result.version = outcome.version;
  result.rows_inserted = inserted;
  result.rows_updated = updated;
  result.rows_deleted = deleted;
  result.files_added = outcome.files_added;
  result.files_removed = outcome.files_removed;
  return result;
}

}  // namespace ff::catalog
