// WriteTable: plan the commit (schema, protocol, metadata), write the data files once, then
// publish version N+1 (transaction.cpp retries a lost race when Delta's rules allow).
#include "delta/table_writer.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "delta/commit_store.hpp"
#include "delta/data_files.hpp"
#include "delta/log_files.hpp"
#include "delta/path_codec.hpp"
#include "delta/schema_evolution.hpp"
#include "delta/sql_session.hpp"
#include "delta/table_features.hpp"
#include "delta/transaction.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* ModeName(WriteMode mode) {
  switch (mode) {
    case WriteMode::kAppend: return "Append";
    case WriteMode::kOverwrite: return "Overwrite";
    case WriteMode::kErrorIfExists: return "ErrorIfExists";
  }
  return "Append";
}

bool UsesType(const DataType& type, const std::string& primitive) {
  switch (type.kind) {
    case DataType::Kind::kPrimitive: return type.primitive == primitive;
    case DataType::Kind::kStruct:
      for (const StructField& field : type.fields) {
        if (UsesType(*field.type, primitive)) return true;
      }
      return false;
    case DataType::Kind::kArray: return UsesType(*type.element, primitive);
    case DataType::Kind::kMap:
      return UsesType(*type.key, primitive) || UsesType(*type.value, primitive);
    case DataType::Kind::kDecimal: return false;
  }
  return false;
}

Protocol ProtocolFor(const DataType& schema) {
  Protocol protocol;  // (1, 2): what Spark and delta-rs create for plain tables
  if (UsesType(schema, "timestamp_ntz")) {
    protocol.min_reader_version = 3;
    protocol.min_writer_version = 7;
    protocol.reader_features = std::vector<std::string>{"timestampNtz"};
    protocol.writer_features = std::vector<std::string>{"timestampNtz"};
  }
  return protocol;
}

void ValidatePartitionColumns(const DataType& schema, const std::vector<std::string>& columns) {
  std::vector<std::string> known;
  for (const StructField& field : schema.fields) known.push_back(field.name);
  for (const std::string& name : columns) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      ThrowUnknownName("partition column", name, known);
    }
  }
}

// The commit of files already written: nothing when an append adds no rows and changes
// nothing else, otherwise one new version (retried over concurrent commits it can rebase on).
WriteResult CommitWritten(const WriteRequest& request, const std::optional<Snapshot>& snapshot,
                          const std::string& root, const WrittenFiles& written,
                          const std::vector<std::string>& partition_columns,
                          const std::optional<Protocol>& new_protocol,
                          const std::optional<Metadata>& new_metadata) {
  // Appending no rows without a schema change would only add an empty file: commit nothing.
  if (snapshot && request.mode == WriteMode::kAppend && !new_metadata && written.rows == 0) {
    RemoveDataFiles(root, written.adds);
    WriteResult unchanged;
    unchanged.version = snapshot->version;
    unchanged.committed = false;
    unchanged.attempts = 0;
    return unchanged;
  }

  CommitPlan plan;
  plan.table_root = root;
  plan.read_version = snapshot ? snapshot->version : -1;
  plan.operation = snapshot ? "WRITE" : "CREATE TABLE";
  plan.read_whole_table = snapshot && request.mode == WriteMode::kOverwrite;
  plan.protocol = new_protocol;
  plan.metadata = new_metadata;
  plan.adds = written.adds;
  int64_t rows_removed = 0;
  if (plan.read_whole_table) {
    const int64_t now = NowMs();
    for (const AddFile& file : snapshot->files) {
      plan.removes.push_back(RemoveFor(file, now, true));
      rows_removed += NumRecords(file).value_or(0);
    }
  }
  plan.operation_parameters = {{"mode", ModeName(request.mode)},
                               {"partitionBy", json(partition_columns).dump()}};
  plan.operation_metrics = {{"numFiles", std::to_string(written.adds.size())},
                            {"numOutputRows", std::to_string(written.rows)},
                            {"numOutputBytes", std::to_string(written.bytes)},
                            {"numRemovedFiles", std::to_string(plan.removes.size())},
                            {"numTargetRowsInserted", std::to_string(written.rows)},
                            {"numTargetRowsDeleted", std::to_string(rows_removed)}};
  plan.run_id = request.run_id;
  plan.flow_path = request.flow_path;
  plan.read_versions = request.read_versions;
  plan.max_retries = request.max_retries;
  plan.checkpoint_interval = request.checkpoint_interval;

  if (request.before_commit) request.before_commit();

  const CommitOutcome outcome = PublishCommit(plan);
  WriteResult result;
  result.version = outcome.version;
  result.attempts = outcome.attempts;
  result.rows_written = written.rows;
  result.rows_removed = rows_removed;
  result.files_added = static_cast<int64_t>(written.adds.size());
  result.files_removed = static_cast<int64_t>(plan.removes.size());
  return result;
}

}  // namespace

WriteResult WriteTable(const WriteRequest& request) {
  std::unique_ptr<SqlSession> session = OpenSqlSession();
  return WriteTableWith(*session, request);
}

WriteResult WriteTableWith(SqlSession& db, const WriteRequest& request) {
  const std::string root = NormalizeTableRoot(request.table_root);
  fs::create_directories(root);
  const int64_t latest = LatestVersion(root);
  std::optional<Snapshot> snapshot;
  if (latest >= 0) snapshot = LoadSnapshot(root);
  if (snapshot && request.mode == WriteMode::kErrorIfExists) {
    throw Error(ErrorCode::kAlreadyExists, "Delta table '" + root + "' already exists (version " +
                                               std::to_string(snapshot->version) +
                                               "); use append or overwrite");
  }
  if (snapshot) CheckWriteSupported(snapshot->protocol, snapshot->metadata);

  const std::string source_view = db.TempName("delta_source");
  db.Execute("CREATE TEMP VIEW " + SqlIdent(source_view) + " AS " + request.source_sql,
             "preparing the rows to write");
  const DataType source_schema = DescribeSchema(db, SqlIdent(source_view));

  // Plan protocol/metadata: new table, unchanged table, merged or (overwrite) replaced schema.
  std::optional<Protocol> new_protocol;
  std::optional<Metadata> new_metadata;
  DataType schema = source_schema;
  std::vector<std::string> partition_columns = request.partition_by;
  if (!snapshot) {
    ValidatePartitionColumns(source_schema, partition_columns);
    new_protocol = ProtocolFor(source_schema);
    Metadata metadata;
    metadata.id = NewUuid();
    metadata.description = request.description;
    metadata.schema_string = SchemaToJson(source_schema);
    metadata.partition_columns = partition_columns;
    metadata.configuration = request.configuration;
    metadata.created_time = NowMs();
    new_metadata = metadata;
  } else {
    const std::string mismatch = SchemaMismatch(snapshot->schema, source_schema);
    partition_columns = snapshot->metadata.partition_columns;
    if (mismatch.empty()) {
      schema = snapshot->schema;
    } else if (request.mode == WriteMode::kAppend && request.merge_schema) {
      bool changed = false;
      schema =
          MergeSchemas(snapshot->schema, source_schema, "Delta table '" + root + "'", &changed);
      if (changed) {
        Metadata metadata = snapshot->metadata;
        metadata.schema_string = SchemaToJson(schema);
        new_metadata = metadata;
        const Protocol needed = ProtocolFor(schema);
        if (needed.min_reader_version > snapshot->protocol.min_reader_version) {
          new_protocol = needed;
        }
      }
    } else if (request.mode == WriteMode::kAppend) {
      throw Error(ErrorCode::kInvalidArgument,
                  "cannot append to Delta table '" + root + "': the schema differs: " + mismatch);
    } else {
      // Overwrite with a new schema: a full new metaData that keeps id and configuration.
      // Without partition_by the old partitioning is kept when the new schema still has
      // its columns; otherwise the new table is unpartitioned.
      if (!request.partition_by.empty()) {
        partition_columns = request.partition_by;
      } else {
        for (const std::string& column : partition_columns) {
          if (!HasColumn(source_schema, column)) partition_columns.clear();
        }
      }
      ValidatePartitionColumns(source_schema, partition_columns);
      Metadata metadata = snapshot->metadata;
      metadata.schema_string = SchemaToJson(source_schema);
      metadata.partition_columns = partition_columns;
      new_metadata = metadata;
      const Protocol needed = ProtocolFor(source_schema);
      if (needed.min_reader_version > snapshot->protocol.min_reader_version) {
        new_protocol = needed;
      }
    }
  }

  // Columns in table order, cast to the table types, then the data files. Unpartitioned rows
  // stream from the source straight into one file; partitioned rows are materialised first
  // because each partition's file is a query of its own (the source runs once).
  const std::string relation = db.TempName("delta_rows");
  db.Execute(std::string(partition_columns.empty() ? "CREATE TEMP VIEW " : "CREATE TEMP TABLE ") +
                 SqlIdent(relation) + " AS SELECT " + ShapeSelectList(schema, source_schema) +
                 " FROM " + SqlIdent(source_view),
             "preparing the rows to write");
  WrittenFiles written = WriteDataFiles(db, root, SqlIdent(relation), schema, partition_columns);
  try {
    return CommitWritten(request, snapshot, root, written, partition_columns, new_protocol,
                         new_metadata);
  } catch (...) {
    RemoveDataFiles(root, written.adds);  // nothing refers to them: the commit did not land
    throw;
  }
}

}  // namespace ff::delta
