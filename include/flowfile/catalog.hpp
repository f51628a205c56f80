// The catalog: named, versioned tables `catalog.schema.table` stored as Delta Lake (issue 5).
//
// Contract:
//  - Namespaces and table metadata live in the workspace's store (catalog_namespaces,
//    catalog_tables, catalog_reads); the rows themselves live in one Delta table per catalog
//    table, at `<storage root>/<schema>/<table>/` where the storage root is the catalog's own
//    (CreateCatalog's `storage_root`) or `<config dir>/catalog/<catalog>`.
//  - `General.default` always exists. Writes create missing catalogs and schemas.
//  - Every write is one Delta commit (or none when nothing changes); the store's row (version,
//    row count, size, updated time) is refreshed after it. Keyed modes validate keys before
//    any data file is written, so a refused write leaves no trace.
//  - Unknown names throw ff::Error(kNotFound) listing the closest known names.
//  - Thread-compatible: one Catalog per thread; different processes may write concurrently
//    (Delta's optimistic concurrency; a write that cannot be rebased fails with kConflict).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ff {

class Workspace;

//! Flowfile's default namespace for bare or two-part names.
inline constexpr std::string_view kDefaultCatalogName = "General";
inline constexpr std::string_view kDefaultSchemaName = "default";

//! A fully resolved `catalog.schema.table` name.
struct CatalogTableName {
  std::string catalog;
  std::string schema;
  std::string table;
  std::string FullName() const { return catalog + "." + schema + "." + table; }
};

//! True when `part` is a valid namespace or table name: `^[A-Za-z_][A-Za-z0-9_]*$`.
bool IsValidCatalogIdentifier(std::string_view part);

//! Parses `table`, `schema.table` or `catalog.schema.table`; missing leading parts default to
//! `General` / `default`. Throws ff::Error(kInvalidArgument) naming the bad part otherwise.
CatalogTableName ParseCatalogTableName(std::string_view name);

// ---- Values ----------------------------------------------------------------------------

struct CatalogInfo {
  int64_t id = 0;
  std::string name;
  std::string storage_root;  //!< absolute folder (or cloud URL) new tables go under
  std::string description;
  std::string created_at;
  std::string storage_connection;  //!< cloud connection of a cloud storage_root, by name
};

struct SchemaInfo {
  int64_t id = 0;
  std::string catalog, name;
  std::string description;
  std::string created_at;
};

struct TableInfo {
  int64_t id = 0;
  std::string full_name;  //!< catalog.schema.table
  std::string catalog, schema, name;
  std::string location;  //!< the Delta table's folder
  std::string format = "delta";
  std::string owner;
  std::string created_at, updated_at;  //!< ISO-8601 UTC
  int64_t row_count = 0;
  int64_t size_bytes = 0;  //!< sum of the active data files
  std::vector<std::string> partition_columns;
  std::string description;
  int64_t version = -1;       //!< latest Delta version
  std::string source_run_id;  //!< run of the last write
  std::string scd2_config;    //!< JSON of the SCD2 settings, empty for plain tables
  //! Columns as (name, DuckDB type), in table order.
  std::vector<std::pair<std::string, std::string>> columns;
};

enum class CatalogWriteMode { kOverwrite, kError, kAppend, kUpsert, kUpdate, kDelete, kScd2 };

//! Parses Flowfile's mode names: overwrite, error, append, upsert, update, delete, scd2.
CatalogWriteMode ParseCatalogWriteMode(std::string_view name);
std::string_view CatalogWriteModeName(CatalogWriteMode mode);

//! Slowly changing dimension type 2 (Flowfile's Scd2Settings). `merge_keys` are the business
//! keys. Every row gets `[valid_from, valid_to)` (half-open; the open end is NULL), an
//! `is_current` flag and a surrogate key: md5 of the keys and valid_from (hex text), so the
//! same history always gets the same keys.
struct Scd2Options {
  std::vector<std::string> compare_columns;  //!< empty: every non-key source column
  bool full_snapshot = false;  //!< true: current keys missing from the source are closed
  std::string surrogate_key_column = "sk";
  std::string valid_from_column = "valid_from";
  std::string valid_to_column = "valid_to";
  std::string is_current_column = "is_current";
  bool partition_on_current = true;  //!< new tables are partitioned by is_current
};

struct CatalogWrite {
  std::string table_name;  //!< table, schema.table or catalog.schema.table
  //! A DuckDB SELECT producing the rows. It runs on a session of its own on the engine's
  //! database (the one frames run in), so it may name the engine's tables and table functions.
  std::string source_sql;
  CatalogWriteMode mode = CatalogWriteMode::kOverwrite;
  //! upsert/update/delete/scd2: key columns; they must exist in source and table, and the
  //! source may hold no NULL and no duplicate key.
  std::vector<std::string> merge_keys;
  std::vector<std::string> partition_by;  //!< on create (and overwrite); ignored otherwise
  //! "strict": append/upsert/update need the table's columns and types; "merge": new source
  //! columns are added as nullable columns (types of existing columns never change).
  std::string schema_mode = "strict";
  std::optional<std::string> description;
  std::string run_id;  //!< recorded in the commit and the table row (lineage)
  //! The flow file (absolute) whose run made this write; empty for scripts and unsaved flows.
  //! Recorded in the commit, so lineage travels with the table to other workspaces.
  std::string flow_path;
  //! Catalog tables (full names) and versions the producing run read: stored in the commit.
  std::vector<std::pair<std::string, int64_t>> read_versions;
  Scd2Options scd2;
};

struct CatalogWriteResult {
  std::string full_name;
  int64_t version = -1;  //!< the new version; unchanged when nothing was committed
  bool committed = false;
  int64_t rows_inserted = 0, rows_updated = 0, rows_deleted = 0;
  int64_t files_added = 0, files_removed = 0;
};

struct CatalogRead {
  std::string sql;  //!< a DuckDB SELECT over exactly the version's files (session TimeZone UTC)
  int64_t version = -1;
  std::string full_name;
};

struct CatalogHistoryEntry {
  int64_t version = 0;
  int64_t timestamp_ms = 0;
  std::string operation;        //!< WRITE, CREATE TABLE, MERGE, RESTORE, OPTIMIZE, ...
  std::string parameters_json;  //!< commitInfo.operationParameters
  std::string run_id;           //!< flowfile.runId ("" when absent)
  int64_t rows_inserted = 0, rows_updated = 0, rows_deleted = 0;
  int64_t files_added = 0, files_removed = 0;
};

struct VacuumResult {
  std::vector<std::string> files;  //!< deleted (or, on a dry run, deletable) paths
  int64_t bytes = 0;
  bool dry_run = true;
};

struct OptimizeResult {
  int64_t version = -1;  //!< unchanged when there was nothing to compact
  bool committed = false;
  int64_t files_removed = 0, files_added = 0;
};

//! The first rows of a version as text (what `flowfile catalog preview` prints).
struct CatalogPreview {
  std::string full_name;
  int64_t version = -1;
  std::vector<std::string> columns;
  //! Each value as DuckDB casts it to VARCHAR (timestamps with a time zone in UTC); nullopt
  //! is NULL.
  std::vector<std::vector<std::optional<std::string>>> rows;
};

//! Where a table's rows came from and who read them.
struct TableLineage {
  struct Write {
    int64_t version = 0;
    std::string run_id;
    std::string flow_path;  //!< the producing flow file (absolute); "" when not from a flow file
    std::string operation;
    std::vector<std::pair<std::string, int64_t>> read_versions;  //!< upstream table@version
  };
  struct Read {
    int64_t table_version = 0;
    std::string run_id;
    std::string time;
  };
  std::string full_name;
  std::vector<Write> writes;  //!< newest first
  std::vector<Read> reads;    //!< newest first
  //! Tables whose last write came from a run that read this table.
  std::vector<std::string> downstream_tables;
};

// ---- The catalog ------------------------------------------------------------------------

class Catalog {
 public:
  //! The catalog of `workspace` (which must outlive it).
  explicit Catalog(Workspace& workspace);

  std::vector<CatalogInfo> ListCatalogs();
  //! Throws kAlreadyExists when taken, kInvalidArgument on a bad name. `storage_root`: the
  //! folder its new tables go under (created when missing; made absolute), or a cloud URL
  //! (s3://bucket/prefix, az://, gs://) reached through the cloud connection
  //! `storage_connection` (by name; chosen by scopes when empty). Tables of a cloud catalog
  //! are Delta tables on the store, committed with conditional puts (see cloud.md).
  CatalogInfo CreateCatalog(const std::string& name,
                            const std::optional<std::string>& storage_root = std::nullopt,
                            const std::string& description = "",
                            const std::string& storage_connection = "");
  //! Schemas of one catalog (kNotFound for an unknown catalog).
  std::vector<SchemaInfo> ListSchemas(const std::string& catalog);
  //! `catalog.schema`, or a bare schema name in `General`. Throws kAlreadyExists when taken.
  SchemaInfo CreateSchema(const std::string& name, const std::string& description = "");
  //! Drops an empty schema; with `cascade` also its tables, their read lineage and their
  //! folders. Without `cascade` a non-empty schema is kInvalidArgument naming its tables.
  void DropSchema(const std::string& name, bool cascade = false);
  //! Tables of `catalog.schema` (or a bare schema in `General`), by name.
  std::vector<TableInfo> ListTables(const std::string& schema);
  TableInfo GetTable(const std::string& table_name);
  //! Unregisters a table and its lineage; a local table's folder (data and log) is deleted,
  //! a cloud table's objects stay. kNotFound (closest names listed) for an unknown table.
  void DropTable(const std::string& table_name);
  bool TableExists(const std::string& table_name);

  //! Writes rows into a table (see CatalogWriteMode). Errors: kAlreadyExists (mode error on an
  //! existing table), kInvalidArgument (schema mismatch naming the column and both types,
  //! missing/NULL/duplicate keys, SCD2 misuse), kConflict (a concurrent writer won).
  CatalogWriteResult Write(const CatalogWrite& write);

  //! The SQL reading a version (latest, `version`, or the newest at or before `timestamp_ms`).
  //! With a `run_id` the read is recorded for lineage.
  CatalogRead ReadSql(const std::string& table_name, std::optional<int64_t> version = std::nullopt,
                      std::optional<int64_t> timestamp_ms = std::nullopt,
                      const std::string& run_id = "");

  //! At most `limit` rows of a version (the latest when none is given), as text.
  CatalogPreview Preview(const std::string& table_name,
                         std::optional<int64_t> version = std::nullopt, int64_t limit = 10);

  //! Newest first.
  std::vector<CatalogHistoryEntry> History(const std::string& table_name);
  //! A new commit whose rows equal `version`'s (files must still exist: kNotFound otherwise).
  CatalogWriteResult Restore(const std::string& table_name, int64_t version);
  //! Deletes data files no version within `retention_hours` needs (never a file active in the
  //! latest version or removed less than `retention_hours` ago; untracked files only when
  //! older than the retention). The log is untouched. A retention shorter than the table's
  //! delta.deletedFileRetentionDuration (default 168 hours) is refused unless `force` (or a
  //! dry run), as Delta refuses it: other readers and writers may still need those files.
  VacuumResult Vacuum(const std::string& table_name, double retention_hours = 168,
                      bool dry_run = true, bool force = false);
  //! Compacts each partition's files into one (dataChange=false: readers see the same rows).
  OptimizeResult Optimize(const std::string& table_name);
  TableLineage Lineage(const std::string& table_name);

 private:
  Workspace& workspace_;
};

}  // namespace ff
