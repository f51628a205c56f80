#include <gtest/gtest.h>

#include "flowfile/catalog.hpp"
#include "flowfile/errors.hpp"

namespace ff {
namespace {

TEST(CatalogTableName, BareNameDefaultsToGeneralDefault) {
  EXPECT_EQ(ParseCatalogTableName("orders").FullName(), "General.default.orders");
}

TEST(CatalogTableName, TwoPartNameKeepsSchema) {
  EXPECT_EQ(ParseCatalogTableName("sales.orders").FullName(), "General.sales.orders");
}

TEST(CatalogTableName, ThreePartNameIsKept) {
  auto name = ParseCatalogTableName("analytics.sales.processed_orders");
  EXPECT_EQ(name.catalog, "analytics");
  EXPECT_EQ(name.schema, "sales");
  EXPECT_EQ(name.table, "processed_orders");
}

TEST(CatalogTableName, RejectsBadParts) {
  for (const char* bad : {"", "a..b", "a.b.c.d", "1abc", "sales.or-ders", "x.", ".x"}) {
    try {
      ParseCatalogTableName(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << bad;
    }
  }
}

}  // namespace
}  // namespace ff
