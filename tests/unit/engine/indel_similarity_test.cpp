// ff_indel_similarity: RapidFuzz's Indel on code points, in C++ and through SQL.
#include "engine/indel_similarity.hpp"

#include <gtest/gtest.h>

#include "engine/engine.hpp"

namespace ff::engine {
namespace {

TEST(IndelSimilarity, CountsInsertionsAndDeletionsOverBothLengths) {
  EXPECT_DOUBLE_EQ(IndelSimilarity("edward", "eduward"), 1.0 - 1.0 / 13.0);
  EXPECT_DOUBLE_EQ(IndelSimilarity("abc", "abc"), 1.0);
  EXPECT_DOUBLE_EQ(IndelSimilarity("abc", "xyz"), 0.0);
  // A substitution costs a deletion and an insertion: 2 of 8.
  EXPECT_DOUBLE_EQ(IndelSimilarity("abcd", "abxd"), 0.75);
}

TEST(IndelSimilarity, EmptyStringsAndCodePoints) {
  EXPECT_DOUBLE_EQ(IndelSimilarity("", ""), 1.0);
  EXPECT_DOUBLE_EQ(IndelSimilarity("", "ab"), 0.0);
  EXPECT_DOUBLE_EQ(IndelSimilarity("café", "cafe"), 0.75);  // é is one point
  EXPECT_DOUBLE_EQ(IndelSimilarity("日本語", "日本"), 0.8);
}

TEST(IndelSimilarity, RunsInSqlWithNulls) {
  auto connection = Engine::Get().Acquire();
  const auto rows = connection->QueryText(
      "SELECT ff_indel_similarity(a, b) FROM (VALUES ('edward', 'eduward'), (NULL, 'x'), "
      "('x', NULL)) t(a, b)");
  ASSERT_EQ(rows.size(), 3u);
  ASSERT_TRUE(rows[0][0].has_value());
  EXPECT_NEAR(std::stod(*rows[0][0]), 1.0 - 1.0 / 13.0, 1e-12);
  EXPECT_FALSE(rows[1][0].has_value());
  EXPECT_FALSE(rows[2][0].has_value());
}

}  // namespace
}  // namespace ff::engine
