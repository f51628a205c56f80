// SCD type 2 writes with Flowfile's semantics (Scd2Settings):
//  - rows carry [valid_from, valid_to) (half-open, open end NULL), is_current and a surrogate
//    key md5(keys, valid_from), so the same history always gets the same keys;
//  - a source row whose key has no current version is inserted; one whose compare columns
//    differ (NULL-aware) from the current version closes it (valid_to = is_current's end =
//    the new row's valid_from: no gap, no overlap) and inserts a new version;
//  - full_snapshot: current keys absent from the source are closed;
//  - an identical rerun commits nothing. All rows of one write share one effective time,
//    the clock's, or 1 ms after the latest valid_from it may close when the clock is not
//    past it (writes in the same millisecond, a clock set back).
#include <nlohmann/json.hpp>

#include "catalog/file_rewrite.hpp"
#include "catalog/write_modes.hpp"
#include "delta/commit_store.hpp"
#include "delta/schema_evolution.hpp"
#include "delta/table_features.hpp"
#include "delta/table_writer.hpp"
#include "flowfile/errors.hpp"

namespace ff::catalog {
namespace {

using delta::DataType;
using delta::SqlIdent;
using nlohmann::json;

struct Scd2Columns {
  std::string sk, from, to, current;
  bool IsScd(const std::string& name) const {
    return name == sk || name == from || name == to || name == current;
  }
};

int64_t CountOf(delta::SqlSession& session, const std::string& sql) {
  return std::stoll(session.QueryText(sql, "counting SCD2 changes").at(0).at(0).value_or("0"));
}

std::string KeyJoin(const std::vector<std::string>& keys, const std::string& left,
                    const std::string& right) {
  std::string on;
  for (const std::string& key : keys) {
    on += (on.empty() ? "" : " AND ") + left + "." + SqlIdent(key) + " = " + right + "." +
          SqlIdent(key);
  }
  return on;
}

void ValidateScd2Source(const CatalogWrite& write, const DataType& source_schema,
                        const Scd2Columns& scd, const std::string& full_name) {
  const std::string prefix = "scd2 write to catalog table '" + full_name + "': ";
  for (const auto& field : source_schema.fields) {
    if (scd.IsScd(field.name)) {
      throw Error(
          ErrorCode::kInvalidArgument,
          prefix + "the source already has a column '" + field.name +
              "', which SCD2 maintains itself; rename it or choose other SCD2 column names");
    }
  }
  for (const std::string& key : write.merge_keys) {
    for (const auto& field : source_schema.fields) {
      if (field.name != key) continue;
      const std::string type = delta::DuckDbType(*field.type);
      const bool floating = type == "FLOAT" || type == "DOUBLE";
      if (floating || field.type->kind != DataType::Kind::kPrimitive) {
        if (field.type->kind == DataType::Kind::kDecimal) continue;
        throw Error(ErrorCode::kInvalidArgument, prefix + "merge key '" + key + "' has type " +
                                                     type +
                                                     "; SCD2 keys may not be floating-point or "
                                                     "nested");
      }
    }
  }
  for (const std::string& column : write.scd2.compare_columns) {
    if (!delta::HasColumn(source_schema, column)) {
      throw Error(ErrorCode::kInvalidArgument,
                  prefix + "compare column '" + column + "' is not a column of the source rows");
    }
  }
}

// The source's columns plus the SCD2 ones, as a table schema.
DataType Scd2Schema(const DataType& source_schema, const Scd2Columns& scd) {
  DataType schema = source_schema;
  auto add = [&](const std::string& name, const char* duckdb_type) {
    delta::StructField field;
    field.name = name;
    field.type = delta::DeltaTypeFromDuckDb(duckdb_type);
    schema.fields.push_back(std::move(field));
  };
  add(scd.sk, "VARCHAR");
  add(scd.from, "TIMESTAMP WITH TIME ZONE");
  add(scd.to, "TIMESTAMP WITH TIME ZONE");
  add(scd.current, "BOOLEAN");
  return schema;
}

// SELECT list turning source rows (alias s) into new current versions, in `schema` order.
std::string NewVersionSelect(const DataType& schema, const Scd2Columns& scd,
                             const std::vector<std::string>& keys, const std::string& now) {
  std::string key_texts;
  for (const std::string& key : keys) {
    key_texts += "CAST(s." + SqlIdent(key) + " AS VARCHAR), ";
  }
  const std::string sk = "md5(CAST(to_json([" + key_texts + "strftime(" + now +
                         ", '%Y-%m-%dT%H:%M:%S.%fZ')]) AS VARCHAR))";
  std::string select;
  for (const auto& field : schema.fields) {
    std::string value;
    if (field.name == scd.sk) {
      value = sk;
    } else if (field.name == scd.from) {
      value = now;
    } else if (field.name == scd.to) {
      value = "NULL";
    } else if (field.name == scd.current) {
      value = "true";
    } else {
      value = "s." + SqlIdent(field.name);
    }
    select += (select.empty() ? "" : ", ") + std::string("CAST(") + value + " AS " +
              delta::DuckDbType(*field.type) + ") AS " + SqlIdent(field.name);
  }
  return select;
}

std::string EffectiveTime(int64_t epoch_ms) {
  return "CAST(epoch_ms(CAST(" + std::to_string(epoch_ms) +
         " AS BIGINT)) AS TIMESTAMP WITH TIME ZONE)";
}

}  // namespace

// full_snapshot is a per-write choice (a full extract today, an incremental one tomorrow), so
// it is not part of the settings checked for drift.
std::string Scd2ConfigJson(const CatalogWrite& write) {
  const Scd2Options& o = write.scd2;
  return json{{"merge_keys", write.merge_keys},
              {"compare_columns", o.compare_columns},
              {"surrogate_key_column", o.surrogate_key_column},
              {"valid_from_column", o.valid_from_column},
              {"valid_to_column", o.valid_to_column},
              {"is_current_column", o.is_current_column}}
      .dump();
}

CatalogWriteResult WriteScd2(delta::SqlSession& session, const CatalogWrite& write,
                             const WriteTarget& target) {
  const Scd2Columns scd{write.scd2.surrogate_key_column, write.scd2.valid_from_column,
                        write.scd2.valid_to_column, write.scd2.is_current_column};
  const std::string source = MaterialiseSource(session, write);
  const DataType source_schema = delta::DescribeSchema(session, source);
  ValidateMergeKeys(session, source, source_schema, nullptr, write.merge_keys, target.full_name);
  ValidateScd2Source(write, source_schema, scd, target.full_name);
  std::string now = EffectiveTime(delta::NowMs());

  CatalogWriteResult result;
  result.full_name = target.full_name;
  if (delta::LatestVersion(target.location) < 0) {
    const DataType schema = Scd2Schema(source_schema, scd);
    delta::WriteRequest request;
    request.table_root = target.location;
    request.source_sql =
        "SELECT " + NewVersionSelect(schema, scd, write.merge_keys, now) + " FROM " + source + " s";
    request.mode = delta::WriteMode::kErrorIfExists;
    if (write.scd2.partition_on_current) request.partition_by = {scd.current};
    request.description = write.description;
    request.run_id = write.run_id;
    request.flow_path = write.flow_path;
    request.read_versions = target.read_versions;
    const delta::WriteResult written = delta::WriteTableWith(session, request);
    result.version = written.version;
    result.committed = true;
    result.rows_inserted = written.rows_written;
    result.files_added = written.files_added;
    return result;
  }

  const delta::Snapshot snapshot = delta::LoadSnapshot(target.location);
  delta::CheckWriteSupported(snapshot.protocol, snapshot.metadata);
  result.version = snapshot.version;
  DataType data_schema;  // the table without its SCD2 columns
  data_schema.kind = DataType::Kind::kStruct;
  for (const auto& field : snapshot.schema.fields) {
    if (!scd.IsScd(field.name)) data_schema.fields.push_back(field);
  }
  if (const std::string mismatch = delta::SchemaMismatch(data_schema, source_schema);
      !mismatch.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "scd2 write to catalog table '" + target.full_name +
                                                 "': the schema differs: " + mismatch);
  }

  // Files that may hold current rows: with partition_on_current, the is_current=true ones.
  delta::Snapshot current_files = snapshot;
  current_files.files.clear();
  for (const auto& file : snapshot.files) {
    auto part = file.partition_values.find(scd.current);
    if (part != file.partition_values.end() && part->second == "false") continue;
    current_files.files.push_back(file);
  }
  const std::vector<delta::AddFile> candidates =
      write.scd2.full_snapshot ? current_files.files
                               : CandidateFiles(session, current_files, source, write.merge_keys);
  const std::string old_rows = SqlIdent(session.TempName("scd2_target"));
  session.Execute("CREATE TEMP TABLE " + old_rows + " AS " + FilesScanSql(snapshot, candidates),
                  "reading the current SCD2 rows");
  // The clock alone is not enough: two writes in one millisecond (or a clock set back)
  // would give a zero-length interval and a repeated surrogate key. Each write's time is
  // after every version it may close, so the history is exact at any speed.
  const int64_t latest = CountOf(
      session, "SELECT coalesce(epoch_ms(max(" + SqlIdent(scd.from) + ")), -1) FROM " + old_rows);
  now = EffectiveTime(std::max(delta::NowMs(), latest + 1));

  std::vector<std::string> compare = write.scd2.compare_columns;
  if (compare.empty()) {
    for (const auto& field : source_schema.fields) {
      if (std::find(write.merge_keys.begin(), write.merge_keys.end(), field.name) ==
          write.merge_keys.end()) {
        compare.push_back(field.name);
      }
    }
  }
  std::string differs;
  for (const std::string& column : compare) {
    differs += (differs.empty() ? "" : " OR ") + std::string("s.") + SqlIdent(column) +
               " IS DISTINCT FROM c." + SqlIdent(column);
  }
  if (differs.empty()) differs = "false";
  const std::string current =
      "(SELECT * FROM " + old_rows + " WHERE " + SqlIdent(scd.current) + ")";
  // Keys whose current version ends now: changed ones, plus (full snapshot) vanished ones.
  const std::string closing = SqlIdent(session.TempName("scd2_closing"));
  std::string key_list;
  for (const std::string& key : write.merge_keys) {
    key_list += (key_list.empty() ? "" : ", ") + std::string("c.") + SqlIdent(key);
  }
  std::string closing_sql = "SELECT " + key_list + " FROM " + current + " c JOIN " + source +
                            " s ON " + KeyJoin(write.merge_keys, "c", "s") + " WHERE " + differs;
  if (write.scd2.full_snapshot) {
    closing_sql += " UNION ALL SELECT " + key_list + " FROM " + current + " c WHERE NOT EXISTS " +
                   "(SELECT 1 FROM " + source + " s WHERE " + KeyJoin(write.merge_keys, "c", "s") +
                   ")";
  }
  session.Execute("CREATE TEMP TABLE " + closing + " AS " + closing_sql, "finding changed keys");
  const std::string inserts = " FROM " + source + " s WHERE NOT EXISTS (SELECT 1 FROM " + current +
                              " c WHERE " + KeyJoin(write.merge_keys, "c", "s") + " AND NOT (" +
                              differs + "))";
  const int64_t closed = CountOf(session, "SELECT count(*) FROM " + closing);
  const int64_t inserted = CountOf(session, "SELECT count(*)" + inserts);
  if (closed == 0 && inserted == 0) return result;  // identical rerun

  std::string rows_sql;
  if (closed > 0) {
    std::string select;
    for (const auto& field : snapshot.schema.fields) {
      const std::string column = SqlIdent(field.name);
      std::string value = "t." + column;
      if (field.name == scd.to)
        value = "CASE WHEN k.__ff_close THEN " + now + " ELSE " + value + " END";
      if (field.name == scd.current)
        value = "CASE WHEN k.__ff_close THEN false ELSE " + value + " END";
      select += (select.empty() ? "" : ", ") + std::string("CAST(") + value + " AS " +
                delta::DuckDbType(*field.type) + ") AS " + column;
    }
    rows_sql = "SELECT " + select + " FROM " + old_rows + " t LEFT JOIN (SELECT *, true AS " +
               "__ff_close FROM " + closing + ") k ON t." + SqlIdent(scd.current) + " AND " +
               KeyJoin(write.merge_keys, "t", "k");
  }
  if (inserted > 0) {
    rows_sql += (rows_sql.empty() ? "" : " UNION ALL ") + std::string("SELECT ") +
                NewVersionSelect(snapshot.schema, scd, write.merge_keys, now) + inserts;
  }
  RewritePlan plan;
  plan.new_rows = SqlIdent(session.TempName("scd2_rows"));
  session.Execute("CREATE TEMP TABLE " + plan.new_rows + " AS " + rows_sql, "building SCD2 rows");
  if (closed > 0) plan.removed = candidates;
  plan.operation = "MERGE";
  plan.parameters = {{"mode", "scd2"},
                     {"mergeKeys", json(write.merge_keys).dump()},
                     {"fullSnapshot", write.scd2.full_snapshot}};
  plan.metrics = {{"numTargetRowsInserted", std::to_string(inserted)},
                  {"numTargetRowsUpdated", std::to_string(closed)},
                  {"numTargetRowsDeleted", "0"}};
  plan.schema = snapshot.schema;
  plan.run_id = write.run_id;
  plan.flow_path = write.flow_path;
  plan.read_versions = target.read_versions;
  const RewriteOutcome outcome = CommitRewrite(session, snapshot, plan);
  result.committed = outcome.committed;
  if (outcome.committed) result.version = outcome.version;
  result.rows_inserted = inserted;
  result.rows_updated = closed;
  result.files_added = outcome.files_added;
  result.files_removed = outcome.files_removed;
  return result;
}

}  // namespace ff::catalog
