#include <gtest/gtest.h>

#include "flowfile/errors.hpp"
#include "store/store.hpp"
#include "temp_home.hpp"

namespace ff {
namespace {

// The catalog migration creates its tables and enforces one name per parent namespace.
TEST(CatalogStoreSchema, NamespaceNamesAreUniquePerParent) {
  test_support::TempHome home;
  std::filesystem::create_directories(home.dir());
  auto store = Store::Open(home.dir() / "s.db");
  store->Execute(
      "INSERT INTO catalog_namespaces (name, parent_id, level, created_at) "
      "VALUES ('General', NULL, 0, 'now')");
  int64_t general = store->LastInsertId();
  auto insert_schema = [&](std::string_view name) {
    store
        ->Prepare(
            "INSERT INTO catalog_namespaces (name, parent_id, level, created_at) "
            "VALUES (?1, ?2, 1, 'now')")
        .Bind(1, name)
        .Bind(2, general)
        .Run();
  };
  insert_schema("default");
  EXPECT_THROW(insert_schema("default"), Error);
  EXPECT_THROW(store->Execute("INSERT INTO catalog_namespaces (name, parent_id, level, created_at) "
                              "VALUES ('General', NULL, 0, 'now')"),
               Error);
  auto count = store->Prepare("SELECT count(*) FROM catalog_namespaces");
  ASSERT_TRUE(count.Step());
  EXPECT_EQ(count.Int(0), 2);
  auto tables = store->Prepare(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
      "('catalog_tables', 'catalog_reads')");
  ASSERT_TRUE(tables.Step());
  EXPECT_EQ(tables.Int(0), 2);
}

}  // namespace
}  // namespace ff
