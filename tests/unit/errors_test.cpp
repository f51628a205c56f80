#include "flowfile/errors.hpp"

#include <gtest/gtest.h>

namespace ff {
namespace {

TEST(ClosestNames, OrdersByEditDistanceAndContainment) {
  std::vector<std::string> known = {"staging_db", "prod_db", "analytics", "prod_replica"};
  auto ranked = ClosestNames("prod", known);
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked[0], "prod_db");
  EXPECT_EQ(ranked[1], "prod_replica");
}

TEST(ThrowUnknownName, NamesTheMissAndListsKnown) {
  try {
    ThrowUnknownName("connection", "prd_db", {"analytics", "prod_db"});
    FAIL() << "expected a throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    EXPECT_STREQ(
        e.what(),
        "unknown connection 'prd_db'; known connections (closest first): prod_db, analytics");
  }
}

TEST(ThrowUnknownName, SaysWhenNothingIsRegistered) {
  EXPECT_THROW(
      {
        try {
          ThrowUnknownName("secret", "x", {});
        } catch (const Error& e) {
          EXPECT_STREQ(e.what(), "unknown secret 'x'; no secrets are registered");
          throw;
        }
      },
      Error);
}

}  // namespace
}  // namespace ff
