#include "catalog/catalog_rows.hpp"

#include "flowfile/errors.hpp"
#include "store/store.hpp"

namespace ff::catalog {
namespace {

constexpr const char* kNamespaceColumns =
    "id, name, parent_id, COALESCE(description, ''), COALESCE(storage_uri, ''), created_at, "
    "COALESCE(storage_connection, '')";

NamespaceRow ReadNamespace(const Statement& s) {
  NamespaceRow row;
  row.id = s.Int(0);
  row.name = s.Text(1);
  if (!s.IsNull(2)) row.parent_id = s.Int(2);
  row.description = s.Text(3);
  row.storage_uri = s.Text(4);
  row.created_at = s.Text(5);
  row.storage_connection = s.Text(6);
  return row;
}

constexpr const char* kTableColumns =
    "id, namespace_id, name, location, format, COALESCE(owner, ''), created_at, updated_at, "
    "COALESCE(row_count, 0), COALESCE(size_bytes, 0), partition_columns, "
    "COALESCE(description, ''), COALESCE(source_run_id, ''), COALESCE(scd2_config, ''), "
    "COALESCE(delta_version, -1)";

TableRow ReadTable(const Statement& s) {
  TableRow row;
  row.id = s.Int(0);
  row.namespace_id = s.Int(1);
  row.name = s.Text(2);
  row.location = s.Text(3);
  row.format = s.Text(4);
  row.owner = s.Text(5);
  row.created_at = s.Text(6);
  row.updated_at = s.Text(7);
  row.row_count = s.Int(8);
  row.size_bytes = s.Int(9);
  row.partition_columns_json = s.Text(10);
  row.description = s.Text(11);
  row.source_run_id = s.Text(12);
  row.scd2_config = s.Text(13);
  row.delta_version = s.Int(14);
  return row;
}

// Empty text is stored as NULL so "not set" stays distinguishable in SQL.
void BindOptionalText(Statement& s, int index, const std::string& text) {
  if (text.empty()) {
    s.BindNull(index);
  } else {
    s.Bind(index, text);
  }
}

}  // namespace

void CatalogRows::EnsureDefaults() {
  // Every Catalog checks this, so a read decides: a write transaction per check would take the
  // home's write lock on every listing (the web app lists namespaces often).
  {
    auto lock = store_.Lock();
    if (const auto general = FindCatalog("General")) {
      if (FindSchema(general->id, "default")) return;
    }
  }
  store_.Transaction([&] {
    const std::string now = UtcNow();
    store_
        .Prepare(
            "INSERT OR IGNORE INTO catalog_namespaces (name, parent_id, level, description, "
            "created_at) VALUES ('General', NULL, 0, 'The default catalog', ?1)")
        .Bind(1, now)
        .Run();
    const int64_t general = FindCatalog("General").value().id;
    store_
        .Prepare(
            "INSERT OR IGNORE INTO catalog_namespaces (name, parent_id, level, description, "
            "created_at) VALUES ('default', ?1, 1, 'The default schema', ?2)")
        .Bind(1, general)
        .Bind(2, now)
        .Run();
  });
}

std::vector<NamespaceRow> CatalogRows::Catalogs() {
  auto lock = store_.Lock();
  Statement s = store_.Prepare(std::string("SELECT ") + kNamespaceColumns +
                               " FROM catalog_namespaces WHERE parent_id IS NULL ORDER BY name");
  std::vector<NamespaceRow> rows;
  while (s.Step()) rows.push_back(ReadNamespace(s));
  return rows;
}

std::optional<NamespaceRow> CatalogRows::FindCatalog(const std::string& name) {
  auto lock = store_.Lock();
  Statement s = store_.Prepare(std::string("SELECT ") + kNamespaceColumns +
                               " FROM catalog_namespaces WHERE parent_id IS NULL AND name = ?1");
  s.Bind(1, name);
  if (!s.Step()) return std::nullopt;
  return ReadNamespace(s);
}

NamespaceRow CatalogRows::InsertCatalog(const std::string& name, const std::string& storage_uri,
                                        const std::string& description,
                                        const std::string& storage_connection) {
  auto lock = store_.Lock();
  Statement s = store_.Prepare(
      "INSERT INTO catalog_namespaces (name, parent_id, level, description, storage_uri, "
      "created_at, storage_connection) VALUES (?1, NULL, 0, ?2, ?3, ?4, ?5)");
  s.Bind(1, name);
  BindOptionalText(s, 2, description);
  BindOptionalText(s, 3, storage_uri);
  s.Bind(4, UtcNow());
  BindOptionalText(s, 5, storage_connection);
  s.Run();
  return FindCatalog(name).value();
}

std::vector<NamespaceRow> CatalogRows::Schemas(int64_t catalog_id) {
  auto lock = store_.Lock();
  Statement s = store_.Prepare(std::string("SELECT ") + kNamespaceColumns +
                               " FROM catalog_namespaces WHERE parent_id = ?1 ORDER BY name");
  s.Bind(1, catalog_id);
  std::vector<NamespaceRow> rows;
  while (s.Step()) rows.push_back(ReadNamespace(s));
  return rows;
}

std::optional<NamespaceRow> CatalogRows::FindSchema(int64_t catalog_id, const std::string& name) {
  auto lock = store_.Lock();
  Statement s = store_.Prepare(std::string("SELECT ") + kNamespaceColumns +
                               " FROM catalog_namespaces WHERE parent_id = ?1 AND name = ?2");
  s.Bind(1, catalog_id).Bind(2, name);
  if (!s.Step()) return std::nullopt;
  return ReadNamespace(s);
}

NamespaceRow CatalogRows::InsertSchema(int64_t catalog_id, const std::string& name,
                                       const std::string& description) {
  auto lock = store_.Lock();
  Statement s = store_.Prepare(
      "INSERT INTO catalog_namespaces (name, parent_id, level, description, created_at) "
      "VALUES (?1, ?2, 1, ?3, ?4)");
  s.Bind(1, name).Bind(2, catalog_id);
  BindOptionalText(s, 3, description);
  s.Bind(4, UtcNow());
  s.Run();
  return FindSchema(catalog_id, name).value();
}

void CatalogRows::DeleteSchema(int64_t schema_id) {
  store_.Prepare("DELETE FROM catalog_namespaces WHERE id = ?1 AND level = 1")
      .Bind(1, schema_id)
      .Run();
}

std::vector<TableRow> CatalogRows::Tables(int64_t schema_id) {
  auto lock = store_.Lock();
  Statement s = store_.Prepare(std::string("SELECT ") + kTableColumns +
                               " FROM catalog_tables WHERE namespace_id = ?1 ORDER BY name");
  s.Bind(1, schema_id);
  std::vector<TableRow> rows;
  while (s.Step()) rows.push_back(ReadTable(s));
  return rows;
}

std::optional<TableRow> CatalogRows::FindTable(int64_t schema_id, const std::string& name) {
  auto lock = store_.Lock();
  Statement s = store_.Prepare(std::string("SELECT ") + kTableColumns +
                               " FROM catalog_tables WHERE namespace_id = ?1 AND name = ?2");
  s.Bind(1, schema_id).Bind(2, name);
  if (!s.Step()) return std::nullopt;
  return ReadTable(s);
}

std::optional<TableRow> CatalogRows::FindTableById(int64_t table_id) {
  auto lock = store_.Lock();
  Statement s =
      store_.Prepare(std::string("SELECT ") + kTableColumns + " FROM catalog_tables WHERE id = ?1");
  s.Bind(1, table_id);
  if (!s.Step()) return std::nullopt;
  return ReadTable(s);
}

int64_t CatalogRows::InsertTable(const TableRow& row) {
  auto lock = store_.Lock();
  Statement s = store_.Prepare(
      "INSERT INTO catalog_tables (namespace_id, name, location, format, owner, created_at, "
      "updated_at, row_count, size_bytes, partition_columns, description, source_run_id, "
      "scd2_config, delta_version) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  s.Bind(1, row.namespace_id).Bind(2, row.name).Bind(3, row.location).Bind(4, row.format);
  BindOptionalText(s, 5, row.owner);
  s.Bind(6, row.created_at).Bind(7, row.updated_at).Bind(8, row.row_count);
  s.Bind(9, row.size_bytes).Bind(10, row.partition_columns_json);
  BindOptionalText(s, 11, row.description);
  BindOptionalText(s, 12, row.source_run_id);
  BindOptionalText(s, 13, row.scd2_config);
  s.Bind(14, row.delta_version);
  s.Run();
  return store_.LastInsertId();
}

void CatalogRows::UpdateTable(const TableRow& row) {
  auto lock = store_.Lock();
  Statement s = store_.Prepare(
      "UPDATE catalog_tables SET location = ?2, updated_at = ?3, row_count = ?4, "
      "size_bytes = ?5, partition_columns = ?6, description = ?7, source_run_id = ?8, "
      "scd2_config = ?9, delta_version = ?10 WHERE id = ?1 "
      // Writers refresh in any order: a slower one never replaces a newer version's row.
      "AND (delta_version IS NULL OR ?10 IS NULL OR delta_version <= ?10)");
  s.Bind(1, row.id).Bind(2, row.location).Bind(3, row.updated_at).Bind(4, row.row_count);
  s.Bind(5, row.size_bytes).Bind(6, row.partition_columns_json);
  BindOptionalText(s, 7, row.description);
  BindOptionalText(s, 8, row.source_run_id);
  BindOptionalText(s, 9, row.scd2_config);
  s.Bind(10, row.delta_version);
  s.Run();
}

void CatalogRows::DeleteTable(int64_t table_id) {
  store_.Transaction([&] {
    store_.Prepare("DELETE FROM catalog_reads WHERE table_id = ?1").Bind(1, table_id).Run();
    store_.Prepare("DELETE FROM catalog_tables WHERE id = ?1").Bind(1, table_id).Run();
  });
}

void CatalogRows::InsertRead(int64_t table_id, int64_t version, const std::string& run_id) {
  auto lock = store_.Lock();
  Statement s = store_.Prepare(
      "INSERT INTO catalog_reads (table_id, table_version, reader_run_id, time) "
      "SELECT ?1, ?2, ?3, ?4 WHERE ?3 IS NULL OR NOT EXISTS (SELECT 1 FROM catalog_reads "
      "WHERE table_id = ?1 AND table_version = ?2 AND reader_run_id = ?3)");  // once per run
  s.Bind(1, table_id).Bind(2, version);
  BindOptionalText(s, 3, run_id);
  s.Bind(4, UtcNow());
  s.Run();
}

std::vector<ReadRow> CatalogRows::Reads(int64_t table_id) {
  auto lock = store_.Lock();
  Statement s = store_.Prepare(
      "SELECT table_id, table_version, COALESCE(reader_run_id, ''), time FROM catalog_reads "
      "WHERE table_id = ?1 ORDER BY id DESC");
  s.Bind(1, table_id);
  std::vector<ReadRow> rows;
  while (s.Step()) rows.push_back({s.Int(0), s.Int(1), s.Text(2), s.Text(3)});
  return rows;
}

std::vector<int64_t> CatalogRows::TablesWrittenByRuns(const std::vector<std::string>& run_ids) {
  auto lock = store_.Lock();
  std::vector<int64_t> ids;
  for (const std::string& run_id : run_ids) {
    if (run_id.empty()) continue;
    Statement s = store_.Prepare("SELECT id FROM catalog_tables WHERE source_run_id = ?1");
    s.Bind(1, run_id);
    while (s.Step()) ids.push_back(s.Int(0));
  }
  return ids;
}

std::string CatalogRows::FullName(int64_t table_id) {
  auto lock = store_.Lock();
  Statement s = store_.Prepare(
      "SELECT c.name || '.' || n.name || '.' || t.name FROM catalog_tables t "
      "JOIN catalog_namespaces n ON n.id = t.namespace_id "
      "JOIN catalog_namespaces c ON c.id = n.parent_id WHERE t.id = ?1");
  s.Bind(1, table_id);
  if (!s.Step()) return "";
  return s.Text(0);
}

}  // namespace ff::catalog
