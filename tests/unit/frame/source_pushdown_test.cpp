#include "frame/source_pushdown.hpp"

#include <gtest/gtest.h>

namespace ff::frame {
namespace {

using sql::Dialect;

const Schema& Columns() {
  static const Schema schema = {
      {"order", DataType::Named("Int64")},   {"we\"ird", DataType::Named("String")},
      {"price", DataType::Named("Float64")}, {"flag", DataType::Named("Boolean")},
      {"day", DataType::Named("Date")},      {"at", DataType::Datetime()}};
  return schema;
}

Expr Typed(std::string text, std::string sql_type) {
  Literal l;
  l.value = std::move(text);
  l.sql_type = std::move(sql_type);
  return lit(l);
}

std::vector<std::string> Push(const Expr& e, Dialect d) {
  return PushableConjuncts(e, Columns(), d);
}

TEST(SourcePushdown, QuotesNamesPerDialect) {
  const Expr e = col("order") > 5;
  EXPECT_EQ(Push(e, Dialect::kPostgres), std::vector<std::string>{"(\"order\" > 5)"});
  EXPECT_EQ(Push(e, Dialect::kMySql), std::vector<std::string>{"(`order` > 5)"});
  EXPECT_EQ(Push(e, Dialect::kSqlite),
            std::vector<std::string>{"(CAST(\"order\" AS INTEGER) > 5)"});
}

TEST(SourcePushdown, ComparesStringsByteWiseAsTheEngineDoes) {
  const Expr e = col("we\"ird") == "it's";
  EXPECT_EQ(Push(e, Dialect::kPostgres),
            std::vector<std::string>{"((concat(\"we\"\"ird\") COLLATE \"C\") = 'it''s')"});
  EXPECT_EQ(
      Push(e, Dialect::kMySql),
      std::vector<std::string>{"(CAST(CONVERT(`we\"ird` USING utf8mb4) AS BINARY) = X'69742773')"});
  EXPECT_EQ(Push(e, Dialect::kSqlite),
            std::vector<std::string>{"((CAST(\"we\"\"ird\" AS TEXT) COLLATE BINARY) = 'it''s')"});
}

TEST(SourcePushdown, DatesGoWhereTheDialectHasThem) {
  const Expr e = col("day") >= Typed("2024-01-01", "DATE");
  EXPECT_EQ(Push(e, Dialect::kPostgres),
            std::vector<std::string>{"(\"day\" >= DATE '2024-01-01')"});
  EXPECT_EQ(Push(e, Dialect::kMySql), std::vector<std::string>{"(`day` >= DATE '2024-01-01')"});
  EXPECT_TRUE(Push(e, Dialect::kSqlite).empty());  // the engine filters SQLite dates
  EXPECT_EQ(Push(col("at") < Typed("2024-01-01 10:00:00", "TIMESTAMP"), Dialect::kPostgres),
            std::vector<std::string>{"(\"at\" < TIMESTAMP '2024-01-01 10:00:00')"});
}

TEST(SourcePushdown, MixedFamiliesAndUnknownShapesStayInTheEngine) {
  for (Dialect d : {Dialect::kPostgres, Dialect::kMySql, Dialect::kSqlite}) {
    EXPECT_TRUE(Push(col("order") > "2", d).empty());
    EXPECT_TRUE(Push(col("we\"ird").str().contains("x"), d).empty());
    EXPECT_TRUE(Push(col("missing") == 1, d).empty());
    EXPECT_TRUE(Push(lit(Literal{}) == 1, d).empty());
  }
  EXPECT_TRUE(Push(col("flag") == true, Dialect::kMySql).empty());
  EXPECT_EQ(Push(col("flag") == true, Dialect::kPostgres),
            std::vector<std::string>{"(\"flag\" = TRUE)"});
}

TEST(SourcePushdown, SplitsConjunctionsAndKeepsThePushableTerms) {
  const Expr e =
      (col("order") > 1) & (col("day") == Typed("2024-01-01", "DATE")) & col("price").is_not_null();
  EXPECT_EQ(Push(e, Dialect::kSqlite), (std::vector<std::string>{"(CAST(\"order\" AS INTEGER) > 1)",
                                                                 "(\"price\" IS NOT NULL)"}));
  const Expr either = (col("order") > 1) | (col("day") == Typed("2024-01-01", "DATE"));
  EXPECT_TRUE(Push(either, Dialect::kSqlite).empty());  // an OR is pushed whole or not at all
}

TEST(SourcePushdown, NullsInAndBetween) {
  EXPECT_EQ(Push(col("order") == lit(Literal{}), Dialect::kPostgres),
            std::vector<std::string>{"(\"order\" = NULL)"});
  EXPECT_EQ(Push(col("order").is_in({1, 2, Expr()}), Dialect::kPostgres),
            std::vector<std::string>{"(\"order\" IN (1, 2, NULL))"});
  EXPECT_EQ(Push(col("price").is_between(1.5, 2, "left"), Dialect::kMySql),
            std::vector<std::string>{"((`price` >= 1.50000000000000000e+00) AND (`price` < 2))"});
  EXPECT_EQ(Push(~(col("order") == 3), Dialect::kPostgres),
            std::vector<std::string>{"(NOT (\"order\" = 3))"});
}

}  // namespace
}  // namespace ff::frame
