// ff::delta: the Delta Lake transaction log, implemented to the protocol (PROTOCOL.md) on top
// of DuckDB's Parquet I/O. Contract:
//  - Reading: LoadSnapshot replays `_delta_log` (newest usable checkpoint, then JSON commits)
//    into the table state at a version or timestamp. Reader features we cannot honour are
//    refused with ErrorCode::kUnsupported naming the feature; we never return wrong rows.
//  - DeltaScanSql turns a snapshot into one DuckDB SELECT over exactly the active files, with
//    typed partition columns, NULL for columns absent from older files and column-mapping
//    names resolved, deletion vectors applied. The SQL assumes the session TimeZone is UTC for
//    INT96 timestamps.
//  - Writing: WriteTable appends/overwrites/creates with a put-if-absent commit, optimistic
//    concurrency (blind appends retry; overwrites fail with kConflict when a winner touched
//    what they read) and a Parquet checkpoint every `checkpoint_interval` commits.
// Paths passed in are local file-system paths (no URIs, no object stores yet).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ff::delta {

// ---- Schema (schemaString) -------------------------------------------------------------

struct DataType;
using DataTypePtr = std::shared_ptr<const DataType>;

//! One column or nested struct field. `metadata_json` is the field's raw metadata object.
struct StructField {
  std::string name;
  DataTypePtr type;
  bool nullable = true;
  std::string metadata_json = "{}";
  std::optional<std::string> physical_name;  //!< delta.columnMapping.physicalName
  std::optional<int64_t> column_mapping_id;  //!< delta.columnMapping.id
};

//! A Delta data type. `kPrimitive` uses `primitive` ("long", "string", "timestamp", ...).
struct DataType {
  enum class Kind { kPrimitive, kDecimal, kStruct, kArray, kMap };
  Kind kind = Kind::kPrimitive;
  std::string primitive;
  int precision = 10, scale = 0;    //!< kDecimal
  std::vector<StructField> fields;  //!< kStruct
  DataTypePtr element;              //!< kArray
  bool contains_null = true;        //!< kArray
  DataTypePtr key, value;           //!< kMap
  bool value_contains_null = true;  //!< kMap
};

//! Parses a schemaString. Throws kInvalidArgument on malformed JSON or an unknown type.
DataType ParseSchema(const std::string& schema_json);
//! Serialises a type back to Delta's JSON schema form (the inverse of ParseSchema).
std::string SchemaToJson(const DataType& schema);
//! The DuckDB SQL type for a Delta type ("BIGINT", "DECIMAL(10,2)", "STRUCT(...)", ...).
std::string DuckDbType(const DataType& type);
//! The Delta type for a DuckDB type name as DESCRIBE prints it. Throws kUnsupported.
DataTypePtr DeltaTypeFromDuckDb(const std::string& duckdb_type);

// ---- Actions ----------------------------------------------------------------------------

struct DeletionVector {
  std::string storage_type;  //!< "u", "i" or "p"
  std::string path_or_inline_dv;
  std::optional<int32_t> offset;
  int32_t size_in_bytes = 0;
  int64_t cardinality = 0;
  //! storageType + pathOrInlineDv (+ "@" + offset): the dv part of a file key.
  std::string UniqueId() const;
};

struct Protocol {
  int32_t min_reader_version = 1;
  int32_t min_writer_version = 2;
  std::optional<std::vector<std::string>> reader_features;
  std::optional<std::vector<std::string>> writer_features;
};

struct Metadata {
  std::string id;
  std::optional<std::string> name, description;
  std::string format_provider = "parquet";
  std::map<std::string, std::string> format_options;
  std::string schema_string;
  std::vector<std::string> partition_columns;
  std::map<std::string, std::string> configuration;
  std::optional<int64_t> created_time;
};

using PartitionValues = std::map<std::string, std::optional<std::string>>;

struct AddFile {
  std::string path;  //!< as written in the log (URI-encoded, relative or absolute)
  PartitionValues partition_values;
  int64_t size = 0;
  int64_t modification_time = 0;
  bool data_change = true;
  std::optional<std::string> stats;  //!< JSON text
  std::map<std::string, std::string> tags;
  std::optional<DeletionVector> deletion_vector;
  std::optional<int64_t> base_row_id, default_row_commit_version;
};

struct RemoveFile {
  std::string path;
  std::optional<int64_t> deletion_timestamp;
  bool data_change = true;
  std::optional<bool> extended_file_metadata;
  std::optional<PartitionValues> partition_values;
  std::optional<int64_t> size;
  std::optional<DeletionVector> deletion_vector;
};

struct Txn {
  std::string app_id;
  int64_t version = 0;
  std::optional<int64_t> last_updated;
};

struct DomainMetadata {
  std::string domain;
  std::string configuration;
  bool removed = false;
};

//! commitInfo is free-form; we keep the raw JSON plus the fields readers use.
struct CommitInfo {
  std::string json = "{}";
  std::optional<int64_t> timestamp, in_commit_timestamp;
  std::optional<std::string> operation;
};

// ---- Snapshot and history ---------------------------------------------------------------

//! The reconciled state of a table at one version.
struct Snapshot {
  std::string table_root;  //!< absolute, no trailing slash
  int64_t version = -1;
  Protocol protocol;
  Metadata metadata;
  DataType schema;             //!< parsed metadata.schema_string
  std::vector<AddFile> files;  //!< active files, sorted by path
  std::vector<RemoveFile> tombstones;
  std::map<std::string, Txn> txns;  //!< by appId
  std::map<std::string, DomainMetadata> domains;
  std::optional<int64_t> checkpoint_version;  //!< the checkpoint replay started from
  int64_t commit_timestamp_ms = 0;            //!< commit time of `version`
};

struct SnapshotOptions {
  std::optional<int64_t> version;       //!< time travel by version
  std::optional<int64_t> timestamp_ms;  //!< newest version committed at or before this time
  bool use_checkpoints = true;          //!< false: replay JSON commits only (for checks)
};

//! Loads a snapshot. Throws kNotFound (no table / version), kUnsupported (reader feature),
//! kInvalidArgument (corrupt log, both version and timestamp given).
Snapshot LoadSnapshot(const std::string& table_root, const SnapshotOptions& options = {});

//! Latest version of the table, or -1 when `table_root` holds no Delta log.
int64_t LatestVersion(const std::string& table_root);

struct HistoryEntry {
  int64_t version = 0;
  int64_t timestamp_ms = 0;  //!< commit time as used for time travel
  CommitInfo commit_info;
  int64_t files_added = 0, files_removed = 0;
};

//! One entry per version whose JSON commit is still present, newest first.
std::vector<HistoryEntry> History(const std::string& table_root);

// ---- Scan -------------------------------------------------------------------------------

struct ScanOptions {
  //! Logical column names to return (all when empty), in this order.
  std::vector<std::string> columns;
};

//! One DuckDB SELECT producing the table's rows at the snapshot, columns in schema order
//! (logical names). Reads Parquet footers to find columns missing in older files.
//! Deletion vectors are applied (rows dropped by file position). Throws kUnsupported for
//! column mapping mode 'id', kInvalidArgument for a corrupt deletion vector.
std::string DeltaScanSql(const Snapshot& snapshot, const ScanOptions& options = {});

// ---- Write ------------------------------------------------------------------------------

enum class WriteMode { kAppend, kOverwrite, kErrorIfExists };

struct WriteRequest {
  std::string table_root;
  //! A DuckDB SELECT producing the rows. It runs (with the Parquet writing) on a session of its
  //! own on the engine's database, so it may name the engine's tables and table functions.
  std::string source_sql;
  WriteMode mode = WriteMode::kAppend;
  //! Append only: source columns the table lacks are added (nullable) with a metaData action;
  //! table columns the source lacks are written as NULL. Type changes are still refused.
  bool merge_schema = false;
  std::vector<std::string> partition_by;             //!< only used when creating the table
  std::map<std::string, std::string> configuration;  //!< table properties, on create
  std::optional<std::string> description;
  std::string run_id;     //!< recorded in commitInfo
  std::string flow_path;  //!< the producing flow file (commitInfo flowfile.flowPath); may be empty
  std::map<std::string, int64_t> read_versions;  //!< catalog tables the write read (lineage)
  int max_retries = 20;
  int64_t checkpoint_interval = 10;  //!< checkpoint when version % interval == 0 (0: never)
  //! Called after the data files are written and before the first commit attempt (tests use
  //! it to simulate a crash or a concurrent writer).
  std::function<void()> before_commit;
};

struct WriteResult {
  int64_t version = -1;
  int64_t rows_written = 0;
  int64_t rows_removed = 0;  //!< rows of the files an overwrite removed (from their stats)
  int64_t files_added = 0, files_removed = 0;
  int attempts = 1;
  //! False when nothing was committed (an append of no rows): `version` is the current one.
  bool committed = true;
};

//! Writes `source_sql`'s rows as a new commit. Throws kAlreadyExists (kErrorIfExists on an
//! existing table), kInvalidArgument (schema mismatch on append, naming the column and both
//! types), kConflict (lost race that
//! cannot be retried, or retries exhausted), kUnsupported (writer features we lack).
WriteResult WriteTable(const WriteRequest& request);

//! Writes a classic single-file checkpoint of `snapshot` plus `_last_checkpoint`.
void WriteCheckpoint(const Snapshot& snapshot);

}  // namespace ff::delta
