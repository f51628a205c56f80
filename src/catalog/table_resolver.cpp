#include "catalog/table_resolver.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cloud/cloud_url.hpp"
#include "delta/transaction.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"
#include "store/store.hpp"

namespace ff::catalog {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<std::string> AllTableNames(CatalogRows& rows) {
  std::vector<std::string> names;
  for (const NamespaceRow& catalog : rows.Catalogs()) {
    for (const NamespaceRow& schema : rows.Schemas(catalog.id)) {
      for (const TableRow& table : rows.Tables(schema.id)) {
        names.push_back(catalog.name + "." + schema.name + "." + table.name);
      }
    }
  }
  return names;
}

// Missing namespaces are created in one transaction; a concurrent creator is fine (the
// insert is skipped and the row re-read).
NamespaceRow EnsureCatalog(CatalogRows& rows, const std::string& name) {
  if (auto found = rows.FindCatalog(name)) return *found;
  try {
    return rows.InsertCatalog(name, "", "");
  } catch (const Error&) {
    if (auto found = rows.FindCatalog(name)) return *found;
    throw;
  }
}

NamespaceRow EnsureSchema(CatalogRows& rows, const NamespaceRow& catalog, const std::string& name) {
  if (auto found = rows.FindSchema(catalog.id, name)) return *found;
  try {
    return rows.InsertSchema(catalog.id, name, "");
  } catch (const Error&) {
    if (auto found = rows.FindSchema(catalog.id, name)) return *found;
    throw;
  }
}

}  // namespace

void AttachStorage(Workspace& workspace, ResolvedTable& table) {
  if (!cloud::IsCloudUrl(table.location) || table.mirror) return;
  if (table.catalog.storage_connection.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                "catalog table '" + table.name.FullName() + "' lives at '" + table.location +
                    "' but its catalog '" + table.catalog.name + "' names no cloud connection");
  }
  table.url = table.location;
  table.mirror = cloud::OpenDeltaMirror(table.catalog.storage_connection, table.url,
                                        workspace.config_dir() / "cache" / "cloud-delta");
  table.mirror->SyncLog();
  if (delta::LatestVersion(table.mirror->root()) >= 0) {
    // Writes (merges, overwrites, compaction) read the current files.
    table.mirror->FetchFiles(delta::LoadSnapshot(table.mirror->root()));
  }
  table.publishing = table.mirror->ScopedPublish();
  table.location = table.mirror->root();
}

delta::Snapshot LoadTableSnapshot(const ResolvedTable& table,
                                  const delta::SnapshotOptions& options) {
  delta::Snapshot snapshot = delta::LoadSnapshot(table.location, options);
  if (table.mirror) table.mirror->FetchFiles(snapshot);
  return snapshot;
}

void RequireLocalStorage(const ResolvedTable& table, const std::string& operation) {
  if (!table.mirror) return;
  throw Error(ErrorCode::kUnsupported, operation + " of catalog table '" + table.name.FullName() +
                                           "' on cloud storage (" + table.url +
                                           ") is not supported yet");
}

std::string CatalogStorageRoot(Workspace& workspace, const NamespaceRow& catalog) {
  if (!catalog.storage_uri.empty()) return catalog.storage_uri;
  return (workspace.config_dir() / "catalog" / catalog.name).string();
}

NamespaceRow RequireCatalog(CatalogRows& rows, const std::string& name) {
  if (auto found = rows.FindCatalog(name)) return *found;
  std::vector<std::string> known;
  for (const NamespaceRow& catalog : rows.Catalogs()) known.push_back(catalog.name);
  ThrowUnknownName("catalog", name, known);
}

std::pair<NamespaceRow, NamespaceRow> RequireSchema(CatalogRows& rows, const std::string& name) {
  std::string catalog_name(kDefaultCatalogName), schema_name = name;
  if (const size_t dot = name.find('.'); dot != std::string::npos) {
    catalog_name = name.substr(0, dot);
    schema_name = name.substr(dot + 1);
  }
  NamespaceRow catalog = RequireCatalog(rows, catalog_name);
  if (auto schema = rows.FindSchema(catalog.id, schema_name)) return {catalog, *schema};
  std::vector<std::string> known;
  for (const NamespaceRow& c : rows.Catalogs()) {
    for (const NamespaceRow& s : rows.Schemas(c.id)) known.push_back(c.name + "." + s.name);
  }
  ThrowUnknownName("schema", catalog_name + "." + schema_name, known);
}

ResolvedTable RequireTable(Workspace& workspace, const std::string& table_name) {
  CatalogRows rows(workspace.store());
  ResolvedTable table;
  table.name = ParseCatalogTableName(table_name);
  auto catalog = rows.FindCatalog(table.name.catalog);
  std::optional<NamespaceRow> schema;
  if (catalog) schema = rows.FindSchema(catalog->id, table.name.schema);
  if (schema) table.row = rows.FindTable(schema->id, table.name.table);
  if (!table.row) ThrowUnknownName("catalog table", table.name.FullName(), AllTableNames(rows));
  table.catalog = *catalog;
  table.schema = *schema;
  table.location = table.row->location;
  AttachStorage(workspace, table);
  return table;
}

ResolvedTable ResolveForWrite(Workspace& workspace, const std::string& table_name) {
  CatalogRows rows(workspace.store());
  ResolvedTable table;
  table.name = ParseCatalogTableName(table_name);
  table.catalog = EnsureCatalog(rows, table.name.catalog);
  table.schema = EnsureSchema(rows, table.catalog, table.name.schema);
  table.row = rows.FindTable(table.schema.id, table.name.table);
  const std::string root = CatalogStorageRoot(workspace, table.catalog);
  table.location = table.row ? table.row->location
                   : cloud::IsCloudUrl(root)
                       ? root + "/" + table.name.schema + "/" + table.name.table
                       : (fs::path(root) / table.name.schema / table.name.table).string();
  AttachStorage(workspace, table);
  return table;
}

std::pair<int64_t, int64_t> SnapshotRowsAndBytes(const delta::Snapshot& snapshot) {
  int64_t rows = 0, bytes = 0;
  for (const delta::AddFile& file : snapshot.files) {
    rows += delta::NumRecords(file).value_or(0);
    bytes += file.size;
  }
  return {rows, bytes};
}

void RefreshTableRow(Workspace& workspace, ResolvedTable& table, const delta::Snapshot& snapshot,
                     const std::optional<std::string>& run_id,
                     const std::optional<std::string>& description,
                     const std::optional<std::string>& scd2_config) {
  CatalogRows rows(workspace.store());
  const std::string now = UtcNow();
  TableRow row;
  if (table.row) {
    row = *table.row;
  } else {
    row.namespace_id = table.schema.id;
    row.name = table.name.table;
    row.location = table.url.empty() ? table.location : table.url;
    row.created_at = now;
  }
  row.updated_at = now;
  std::tie(row.row_count, row.size_bytes) = SnapshotRowsAndBytes(snapshot);
  row.partition_columns_json = json(snapshot.metadata.partition_columns).dump();
  row.delta_version = snapshot.version;
  if (run_id) row.source_run_id = *run_id;
  if (description) row.description = *description;
  if (scd2_config) row.scd2_config = *scd2_config;
  if (table.row) {
    rows.UpdateTable(row);
  } else {
    try {
      row.id = rows.InsertTable(row);
    } catch (const Error&) {
      // Another process registered it between our lookup and insert: update theirs.
      auto existing = rows.FindTable(table.schema.id, table.name.table);
      if (!existing) throw;
      row.id = existing->id;
      row.created_at = existing->created_at;
      rows.UpdateTable(row);
    }
  }
  table.row = row;
  if (table.mirror) table.mirror->PushCheckpoints();
}

TableInfo MakeTableInfo(const ResolvedTable& table) {
  const TableRow& row = table.row.value();
  TableInfo info;
  info.id = row.id;
  info.catalog = table.name.catalog;
  info.schema = table.name.schema;
  info.name = table.name.table;
  info.full_name = table.name.FullName();
  info.location = row.location;
  info.format = row.format;
  info.owner = row.owner;
  info.created_at = row.created_at;
  info.updated_at = row.updated_at;
  info.row_count = row.row_count;
  info.size_bytes = row.size_bytes;
  info.description = row.description;
  info.version = row.delta_version;
  info.source_run_id = row.source_run_id;
  info.scd2_config = row.scd2_config;
  const json partitions = json::parse(row.partition_columns_json, nullptr, false);
  if (partitions.is_array()) {
    for (const json& column : partitions)
      info.partition_columns.push_back(column.get<std::string>());
  }
  // Columns and the true latest version come from the log (another process may have written).
  if (delta::LatestVersion(table.location) >= 0) {
    const delta::Snapshot snapshot = delta::LoadSnapshot(table.location);
    info.version = snapshot.version;
    for (const delta::StructField& field : snapshot.schema.fields) {
      info.columns.emplace_back(field.name, delta::DuckDbType(*field.type));
    }
  }
  return info;
}

}  // namespace ff::catalog
