// The catalog's rows in the store: namespaces (catalogs at level 0, schemas at level 1), tables
// and read lineage. Only SQL lives here; names, defaults and Delta access are the Catalog's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ff {
class Store;
}

namespace ff::catalog {

struct NamespaceRow {
  int64_t id = 0;
  std::string name;
  std::optional<int64_t> parent_id;
  std::string description;
  std::string storage_uri;  //!< catalogs only; empty: the default root
  //! catalogs only: the cloud connection of a storage_uri on cloud storage (s3://, az://, gs://)
  std::string storage_connection;
  std::string created_at;
};

struct TableRow {
  int64_t id = 0;
  int64_t namespace_id = 0;
  std::string name, location, format = "delta", owner;
  std::string created_at, updated_at;
  int64_t row_count = 0, size_bytes = 0;
  std::string partition_columns_json = "[]";
  std::string description, source_run_id, scd2_config;
  int64_t delta_version = -1;
};

struct ReadRow {
  int64_t table_id = 0;
  int64_t table_version = 0;
  std::string run_id, time;
};

class CatalogRows {
 public:
  explicit CatalogRows(Store& store) : store_(store) {}

  //! Creates General and General.default when missing (idempotent, safe across processes).
  void EnsureDefaults();

  std::vector<NamespaceRow> Catalogs();
  std::optional<NamespaceRow> FindCatalog(const std::string& name);
  NamespaceRow InsertCatalog(const std::string& name, const std::string& storage_uri,
                             const std::string& description,
                             const std::string& storage_connection = "");

  std::vector<NamespaceRow> Schemas(int64_t catalog_id);
  std::optional<NamespaceRow> FindSchema(int64_t catalog_id, const std::string& name);
  NamespaceRow InsertSchema(int64_t catalog_id, const std::string& name,
                            const std::string& description);
  void DeleteSchema(int64_t schema_id);

  std::vector<TableRow> Tables(int64_t schema_id);
  std::optional<TableRow> FindTable(int64_t schema_id, const std::string& name);
  std::optional<TableRow> FindTableById(int64_t table_id);
  //! Inserts `row` (its id is ignored) and returns the new id.
  int64_t InsertTable(const TableRow& row);
  void UpdateTable(const TableRow& row);
  //! Deletes the table row and its read lineage.
  void DeleteTable(int64_t table_id);

  void InsertRead(int64_t table_id, int64_t version, const std::string& run_id);
  //! Newest first.
  std::vector<ReadRow> Reads(int64_t table_id);
  //! Ids of tables whose last write came from one of `run_ids`.
  std::vector<int64_t> TablesWrittenByRuns(const std::vector<std::string>& run_ids);
  //! "catalog.schema.table" of a table id.
  std::string FullName(int64_t table_id);

 private:
  Store& store_;
};

}  // namespace ff::catalog
