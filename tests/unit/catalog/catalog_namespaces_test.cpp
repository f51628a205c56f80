// Namespaces: defaults, creation, storage roots, drop with and without cascade, unknown names.
#include <gtest/gtest.h>

#include "catalog_test_support.hpp"
#include "flowfile/errors.hpp"

namespace ff {
namespace {

namespace fs = std::filesystem;
using test_support::CaptureError;

class CatalogNamespaces : public test_support::CatalogTest {};

TEST_F(CatalogNamespaces, GeneralDefaultAlwaysExists) {
  const auto catalogs = catalog_->ListCatalogs();
  ASSERT_EQ(catalogs.size(), 1u);
  EXPECT_EQ(catalogs[0].name, "General");
  EXPECT_EQ(catalogs[0].storage_root, (home_.dir() / "catalog" / "General").string());
  const auto schemas = catalog_->ListSchemas("General");
  ASSERT_EQ(schemas.size(), 1u);
  EXPECT_EQ(schemas[0].name, "default");
  // A second Catalog over the same home does not duplicate them.
  Catalog again(*workspace_);
  EXPECT_EQ(again.ListCatalogs().size(), 1u);
}

TEST_F(CatalogNamespaces, WritesCreateNamespacesAndUseTheDefaultLayout) {
  const auto result = Write("analytics.sales.orders", "SELECT 1 AS id");
  EXPECT_TRUE(result.committed);
  EXPECT_EQ(result.full_name, "analytics.sales.orders");
  const TableInfo info = catalog_->GetTable("analytics.sales.orders");
  EXPECT_EQ(info.location, (home_.dir() / "catalog" / "analytics" / "sales" / "orders").string());
  EXPECT_TRUE(fs::exists(fs::path(info.location) / "_delta_log"));
  EXPECT_EQ(catalog_->ListSchemas("analytics").at(0).name, "sales");
  // Bare names land in General.default.
  Write("plain", "SELECT 2 AS id");
  EXPECT_EQ(catalog_->GetTable("General.default.plain").full_name, "General.default.plain");
  EXPECT_EQ(catalog_->ListTables("default").size(), 1u);
}

TEST_F(CatalogNamespaces, CatalogStorageRootHoldsItsTables) {
  const fs::path root = home_.dir().parent_path() / "lake";
  const CatalogInfo created = catalog_->CreateCatalog("lake", root.string(), "external");
  EXPECT_EQ(created.storage_root, root.string());
  Write("lake.raw.events", "SELECT 1 AS id");
  EXPECT_EQ(catalog_->GetTable("lake.raw.events").location, (root / "raw" / "events").string());
  EXPECT_EQ(CaptureError([&] { catalog_->CreateCatalog("lake"); }).code(),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(CaptureError([&] { catalog_->CreateCatalog("bad-name"); }).code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(CatalogNamespaces, SchemasAreCreatedOnceAndListed) {
  const SchemaInfo schema = catalog_->CreateSchema("analytics.sales", "sales data");
  EXPECT_EQ(schema.catalog, "analytics");
  EXPECT_EQ(schema.description, "sales data");
  EXPECT_EQ(CaptureError([&] { catalog_->CreateSchema("analytics.sales"); }).code(),
            ErrorCode::kAlreadyExists);
  catalog_->CreateSchema("staging");  // bare: in General
  std::vector<std::string> names;
  for (const auto& s : catalog_->ListSchemas("General")) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"default", "staging"}));
}

TEST_F(CatalogNamespaces, UnknownNamesListTheClosest) {
  Write("analytics.sales.orders", "SELECT 1 AS id");
  const Error table = CaptureError([&] { catalog_->GetTable("analytics.sales.ordrs"); });
  EXPECT_EQ(table.code(), ErrorCode::kNotFound);
  EXPECT_NE(std::string(table.what()).find("analytics.sales.orders"), std::string::npos)
      << table.what();
  const Error schema = CaptureError([&] { catalog_->ListTables("analytics.sale"); });
  EXPECT_EQ(schema.code(), ErrorCode::kNotFound);
  EXPECT_NE(std::string(schema.what()).find("analytics.sales"), std::string::npos);
  const Error catalog = CaptureError([&] { catalog_->ListSchemas("analytic"); });
  EXPECT_EQ(catalog.code(), ErrorCode::kNotFound);
  EXPECT_NE(std::string(catalog.what()).find("analytics"), std::string::npos);
  EXPECT_FALSE(catalog_->TableExists("analytics.sales.ordrs"));
  EXPECT_TRUE(catalog_->TableExists("analytics.sales.orders"));
}

TEST_F(CatalogNamespaces, DropSchemaNeedsCascadeForTables) {
  Write("analytics.sales.orders", "SELECT 1 AS id");
  const std::string location = catalog_->GetTable("analytics.sales.orders").location;
  const Error refused = CaptureError([&] { catalog_->DropSchema("analytics.sales"); });
  EXPECT_EQ(refused.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(std::string(refused.what()).find("orders"), std::string::npos);
  EXPECT_TRUE(catalog_->TableExists("analytics.sales.orders"));

  catalog_->DropSchema("analytics.sales", /*cascade=*/true);
  EXPECT_FALSE(catalog_->TableExists("analytics.sales.orders"));
  EXPECT_FALSE(fs::exists(location));
  EXPECT_TRUE(catalog_->ListSchemas("analytics").empty());
  catalog_->CreateSchema("analytics.empty");
  catalog_->DropSchema("analytics.empty");
  EXPECT_TRUE(catalog_->ListSchemas("analytics").empty());
}

}  // namespace
}  // namespace ff
