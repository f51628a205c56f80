// Catalog: namespaces (catalogs and schemas) and table listing.
#include <filesystem>

#include "catalog/catalog_rows.hpp"
#include "catalog/table_resolver.hpp"
#include "cloud/cloud_url.hpp"
#include "cloud/connection_scope.hpp"
#include "cloud/object_store.hpp"
#include "delta/path_codec.hpp"
#include "flowfile/catalog.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"
#include "store/store.hpp"

namespace ff {
namespace {

namespace fs = std::filesystem;
using catalog::CatalogRows;
using catalog::NamespaceRow;

void RequireIdentifier(const std::string& what, const std::string& name) {
  if (!IsValidCatalogIdentifier(name)) {
    throw Error(ErrorCode::kInvalidArgument,
                "invalid " + what + " name '" + name +
                    "'; names start with a letter or '_' and contain only letters, digits and '_'");
  }
}

CatalogInfo ToCatalogInfo(Workspace& workspace, const NamespaceRow& row) {
  return {row.id,          row.name,       catalog::CatalogStorageRoot(workspace, row),
          row.description, row.created_at, row.storage_connection};
}

SchemaInfo ToSchemaInfo(const NamespaceRow& catalog, const NamespaceRow& schema) {
  return {schema.id, catalog.name, schema.name, schema.description, schema.created_at};
}

}  // namespace

Catalog::Catalog(Workspace& workspace) : workspace_(workspace) {
  CatalogRows(workspace_.store()).EnsureDefaults();
}

std::vector<CatalogInfo> Catalog::ListCatalogs() {
  auto lock = workspace_.store().Lock();  // one hand-off per listing, not one per query
  std::vector<CatalogInfo> out;
  for (const NamespaceRow& row : CatalogRows(workspace_.store()).Catalogs()) {
    out.push_back(ToCatalogInfo(workspace_, row));
  }
  return out;
}

CatalogInfo Catalog::CreateCatalog(const std::string& name,
                                   const std::optional<std::string>& storage_root,
                                   const std::string& description,
                                   const std::string& storage_connection) {
  RequireIdentifier("catalog", name);
  CatalogRows rows(workspace_.store());
  if (rows.FindCatalog(name)) {
    throw Error(ErrorCode::kAlreadyExists, "catalog '" + name + "' already exists");
  }
  std::string root;
  if (storage_root && cloud::IsCloudUrl(*storage_root)) {
    // Tables go under the URL; the connection is recorded by name (chosen by scopes if not
    // given) and must open now, so a typo fails here rather than at the first write.
    cloud::ParseCloudUrl(*storage_root);
    root = *storage_root;
    while (!root.empty() && root.back() == '/') root.pop_back();
    const std::string connection =
        storage_connection.empty() ? cloud::ConnectionForUrl(root) : storage_connection;
    cloud::OpenObjectStore(connection);
    return ToCatalogInfo(workspace_, rows.InsertCatalog(name, root, description, connection));
  }
  if (!storage_connection.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                "catalog '" + name + "': a storage connection ('" + storage_connection +
                    "') needs a cloud storage_root such as s3://bucket/prefix");
  }
  if (storage_root && !storage_root->empty()) {
    // file:///tmp/r is the local folder /tmp/r (as Spark and delta-rs spell local roots).
    const std::string local = storage_root->rfind("file:", 0) == 0
                                  ? delta::LocalPathFromUri(delta::PercentDecode(*storage_root))
                                  : *storage_root;
    std::error_code ec;
    fs::create_directories(local, ec);
    if (ec) {
      throw Error(ErrorCode::kIo, "cannot create the storage root '" + *storage_root +
                                      "' of catalog '" + name + "': " + ec.message());
    }
    root = fs::absolute(local).lexically_normal().string();
    while (root.size() > 1 && root.back() == '/') root.pop_back();
  }
  return ToCatalogInfo(workspace_, rows.InsertCatalog(name, root, description));
}

std::vector<SchemaInfo> Catalog::ListSchemas(const std::string& catalog_name) {
  auto lock = workspace_.store().Lock();  // one hand-off per listing, not one per query
  CatalogRows rows(workspace_.store());
  const NamespaceRow catalog = catalog::RequireCatalog(rows, catalog_name);
  std::vector<SchemaInfo> out;
  for (const NamespaceRow& schema : rows.Schemas(catalog.id)) {
    out.push_back(ToSchemaInfo(catalog, schema));
  }
  return out;
}

SchemaInfo Catalog::CreateSchema(const std::string& name, const std::string& description) {
  std::string catalog_name(kDefaultCatalogName), schema_name = name;
  if (const size_t dot = name.find('.'); dot != std::string::npos) {
    catalog_name = name.substr(0, dot);
    schema_name = name.substr(dot + 1);
  }
  RequireIdentifier("catalog", catalog_name);
  RequireIdentifier("schema", schema_name);
  CatalogRows rows(workspace_.store());
  // Like writes, creating a schema creates its catalog when missing.
  std::optional<NamespaceRow> catalog = rows.FindCatalog(catalog_name);
  if (!catalog) catalog = rows.InsertCatalog(catalog_name, "", "");
  if (rows.FindSchema(catalog->id, schema_name)) {
    throw Error(ErrorCode::kAlreadyExists,
                "schema '" + catalog_name + "." + schema_name + "' already exists");
  }
  return ToSchemaInfo(*catalog, rows.InsertSchema(catalog->id, schema_name, description));
}

void Catalog::DropSchema(const std::string& name, bool cascade) {
  CatalogRows rows(workspace_.store());
  const auto [catalog, schema] = catalog::RequireSchema(rows, name);
  const std::vector<catalog::TableRow> tables = rows.Tables(schema.id);
  const std::string full = catalog.name + "." + schema.name;
  if (!tables.empty() && !cascade) {
    std::string names;
    for (const auto& table : tables) names += (names.empty() ? "" : ", ") + table.name;
    throw Error(ErrorCode::kInvalidArgument, "schema '" + full + "' is not empty (tables: " +
                                                 names + "); drop it with cascade to delete them");
  }
  workspace_.store().Transaction([&] {
    for (const auto& table : tables) rows.DeleteTable(table.id);
    rows.DeleteSchema(schema.id);
  });
  // Folders go after the rows: a crash in between leaves orphan folders, never dangling rows.
  for (const auto& table : tables) {
    if (cloud::IsCloudUrl(table.location)) continue;  // objects stay; the catalog forgets them
    std::error_code ec;
    fs::remove_all(table.location, ec);
  }
}

std::vector<TableInfo> Catalog::ListTables(const std::string& schema_name) {
  auto lock = workspace_.store().Lock();  // one hand-off per listing, not one per query
  CatalogRows rows(workspace_.store());
  const auto [catalog, schema] = catalog::RequireSchema(rows, schema_name);
  std::vector<TableInfo> out;
  for (const catalog::TableRow& row : rows.Tables(schema.id)) {
    catalog::ResolvedTable table;
    table.name = {catalog.name, schema.name, row.name};
    table.catalog = catalog;
    table.schema = schema;
    table.row = row;
    table.location = row.location;
    catalog::AttachStorage(workspace_, table);
    out.push_back(catalog::MakeTableInfo(table));
  }
  return out;
}

TableInfo Catalog::GetTable(const std::string& table_name) {
  return catalog::MakeTableInfo(catalog::RequireTable(workspace_, table_name));
}

void Catalog::DropTable(const std::string& table_name) {
  CatalogRows rows(workspace_.store());
  const CatalogTableName name = ParseCatalogTableName(table_name);
  const auto [catalog, schema] = catalog::RequireSchema(rows, name.catalog + "." + name.schema);
  const std::optional<catalog::TableRow> table = rows.FindTable(schema.id, name.table);
  if (!table) {
    catalog::RequireTable(workspace_, table_name);  // throws, naming the closest names
    throw Error(ErrorCode::kNotFound, "no table '" + table_name + "'");
  }
  workspace_.store().Transaction([&] { rows.DeleteTable(table->id); });
  // The folder goes after the row, as for schemas: a crash leaves an orphan folder at worst.
  if (!cloud::IsCloudUrl(table->location)) {
    std::error_code ec;
    fs::remove_all(table->location, ec);
  }
}

bool Catalog::TableExists(const std::string& table_name) {
  const CatalogTableName name = ParseCatalogTableName(table_name);
  CatalogRows rows(workspace_.store());
  auto catalog = rows.FindCatalog(name.catalog);
  if (!catalog) return false;
  auto schema = rows.FindSchema(catalog->id, name.schema);
  return schema && rows.FindTable(schema->id, name.table).has_value();
}

}  // namespace ff
