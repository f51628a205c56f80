// WriteTable: plan the commit (schema, protocol, metadata), write the data files once, then
// try to publish version N+1; on a lost race check the winners with Delta's conflict rules
// and retry at the new latest version with the same files.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "delta/actions.hpp"
#include "delta/commit_store.hpp"
#include "delta/conflict_checker.hpp"
#include "delta/data_files.hpp"
#include "delta/log_files.hpp"
#include "delta/log_replay.hpp"
#include "delta/table_features.hpp"
#include "engine/delta_duckdb.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kSourceView = "__ff_delta_source";

const char* ModeName(WriteMode mode) {
  switch (mode) {
    case WriteMode::kAppend: return "Append";
    case WriteMode::kOverwrite: return "Overwrite";
    case WriteMode::kErrorIfExists: return "ErrorIfExists";
  }
  return "Append";
}

DataType SourceSchema(DeltaDuckDb& db) {
  DataType schema;
  schema.kind = DataType::Kind::kStruct;
  for (const TextRow& row :
       db.QueryText(std::string("DESCRIBE ") + kSourceView, "describing the rows to write")) {
    StructField field;
    field.name = row.at(0).value();
    field.type = DeltaTypeFromDuckDb(row.at(1).value());
    schema.fields.push_back(std::move(field));
  }
  return schema;
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

// Same columns (names and DuckDB types, any order) as the table: the append contract.
std::string SchemaMismatch(const DataType& table, const DataType& source) {
  std::map<std::string, std::string> want, got;
  for (const StructField& f : table.fields) want[f.name] = DuckDbType(*f.type);
  for (const StructField& f : source.fields) got[f.name] = DuckDbType(*f.type);
  std::string problems;
  for (const auto& [name, type] : want) {
    auto it = got.find(name);
    if (it == got.end()) {
      problems += "; missing column '" + name + "' (" + type + ")";
    } else if (it->second != type) {
      problems += "; column '" + name + "' is " + it->second + ", the table has " + type;
    }
  }
  for (const auto& [name, type] : got) {
    if (!want.contains(name)) problems += "; extra column '" + name + "' (" + type + ")";
  }
  return problems.empty() ? "" : problems.substr(2);
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

}  // namespace

WriteResult WriteTable(const WriteRequest& request) {
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

  DeltaDuckDb db;
  db.Execute("SET TimeZone = 'UTC'");
  db.Execute(std::string("CREATE TEMP VIEW ") + kSourceView + " AS " + request.source_sql,
             "preparing the rows to write");
  const DataType source_schema = SourceSchema(db);

  // Plan protocol/metadata: new table, unchanged table, or (overwrite) a replaced schema.
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
    } else if (request.mode == WriteMode::kAppend) {
      throw Error(ErrorCode::kInvalidArgument,
                  "cannot append to Delta table '" + root + "': the schema differs: " + mismatch);
    } else {
      // Overwrite with a new schema: a full new metaData that keeps id and configuration.
      if (!request.partition_by.empty()) partition_columns = request.partition_by;
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

  // Columns in table order, cast to the table types, then the data files.
  std::string select;
  for (const StructField& field : schema.fields) {
    select += (select.empty() ? "" : ", ") + std::string("CAST(") + SqlIdent(field.name) + " AS " +
              DuckDbType(*field.type) + ") AS " + SqlIdent(field.name);
  }
  const std::string relation = "__ff_delta_rows";
  db.Execute("CREATE TEMP TABLE " + relation + " AS SELECT " + select + " FROM " + kSourceView,
             "materialising the rows to write");
  const WrittenFiles written = WriteDataFiles(db, root, relation, schema, partition_columns);

  TransactionIntent intent;
  intent.table_root = root;
  intent.read_whole_table = snapshot && request.mode == WriteMode::kOverwrite;
  std::vector<RemoveFile> removes;
  if (intent.read_whole_table) {
    const int64_t now = NowMs();
    for (const AddFile& file : snapshot->files) {
      RemoveFile remove;
      remove.path = file.path;
      remove.deletion_timestamp = now;
      remove.data_change = true;
      remove.extended_file_metadata = true;
      remove.partition_values = file.partition_values;
      remove.size = file.size;
      remove.deletion_vector = file.deletion_vector;
      intent.removed_keys.insert(LogReplay::FileKey(root, file.path, file.deletion_vector));
      removes.push_back(std::move(remove));
    }
  }
  const bool blind_append = !intent.read_whole_table && !new_metadata;

  if (request.before_commit) request.before_commit();

  WriteResult result;
  result.rows_written = written.rows;
  result.files_added = static_cast<int64_t>(written.adds.size());
  result.files_removed = static_cast<int64_t>(removes.size());
  const int64_t read_version = snapshot ? snapshot->version : -1;
  int64_t attempt_version = read_version + 1;
  for (int attempt = 1; attempt <= request.max_retries + 1; ++attempt) {
    json info = {
        {"timestamp", NowMs()},
        {"operation", snapshot ? "WRITE" : "CREATE TABLE"},
        {"operationParameters",
         {{"mode", ModeName(request.mode)}, {"partitionBy", json(partition_columns).dump()}}},
        {"isolationLevel", "Serializable"},
        {"isBlindAppend", blind_append},
        {"operationMetrics",
         {{"numFiles", std::to_string(written.adds.size())},
          {"numOutputRows", std::to_string(written.rows)},
          {"numOutputBytes", std::to_string(written.bytes)},
          {"numRemovedFiles", std::to_string(removes.size())}}},
        {"engineInfo", "flowfile/0.1"},
        {"txnId", NewUuid()},
        {"flowfile.runId", request.run_id},
        {"flowfile.readVersions", request.read_versions}};
    if (read_version >= 0) info["readVersion"] = read_version;
    std::string content = json{{"commitInfo", info}}.dump() + "\n";
    if (new_protocol) content += ActionToJson(*new_protocol).dump() + "\n";
    if (new_metadata) content += ActionToJson(*new_metadata).dump() + "\n";
    for (const RemoveFile& remove : removes) content += ActionToJson(remove).dump() + "\n";
    for (const AddFile& add : written.adds) content += ActionToJson(add).dump() + "\n";

    if (PutCommitIfAbsent(root + "/_delta_log", attempt_version, content)) {
      result.version = attempt_version;
      result.attempts = attempt;
      if (request.checkpoint_interval > 0 && attempt_version > 0 &&
          attempt_version % request.checkpoint_interval == 0) {
        SnapshotOptions at;
        at.version = attempt_version;
        WriteCheckpoint(LoadSnapshot(root, at));
      }
      return result;
    }
    // Lost the race: every commit from our attempt to the current latest is a winner.
    if (!snapshot) {
      throw Error(ErrorCode::kConflict, "Delta table '" + root +
                                            "' was created concurrently by another writer; "
                                            "retry the write as an append or overwrite");
    }
    const LogListing listing = ListLog(root);
    const int64_t now_latest =
        listing.commits.empty() ? attempt_version : listing.commits.rbegin()->first;
    for (int64_t v = attempt_version; v <= now_latest; ++v) {
      auto it = listing.commits.find(v);
      if (it == listing.commits.end()) continue;
      CheckWinningCommit(intent, v, ParseCommitText(ReadWholeFile(it->second), it->second));
    }
    if (new_metadata) {
      // Our own metadata change cannot rebase over anything.
      throw Error(ErrorCode::kConflict,
                  "a concurrent commit to '" + root + "' won while this write changed the schema");
    }
    attempt_version = now_latest + 1;
  }
  throw Error(ErrorCode::kConflict, "gave up committing to Delta table '" + root + "' after " +
                                        std::to_string(request.max_retries + 1) +
                                        " attempts lost to concurrent writers");
}

}  // namespace ff::delta
