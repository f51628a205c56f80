// upsert / update / delete by keys: expected rows, refusals before any write, and file pruning
// (only files whose stats can hold a source key are rewritten).
#include <gtest/gtest.h>

#include "catalog_test_support.hpp"
#include "flowfile/errors.hpp"

namespace ff {
namespace {

using test_support::CaptureError;
using RowList = std::vector<std::string>;

class CatalogMerge : public test_support::CatalogTest {
 protected:
  // Three files with disjoint id ranges: 1-3, 11-13, 21-23.
  void SetUp() override {
    CatalogTest::SetUp();
    for (int base : {0, 10, 20}) {
      Write("t",
            "SELECT " + std::to_string(base) + " + range AS id, 'v' || (" + std::to_string(base) +
                " + range) AS val FROM range(1, 4)",
            base == 0 ? CatalogWriteMode::kOverwrite : CatalogWriteMode::kAppend);
    }
    location_ = catalog_->GetTable("t").location;
  }
  std::string location_;
};

TEST_F(CatalogMerge, UpsertUpdatesMatchesAndInsertsTheRest) {
  const auto result =
      Write("t", "SELECT * FROM (VALUES (12::BIGINT, 'new12'), (99, 'new99')) s(id, val)",
            CatalogWriteMode::kUpsert, {"id"});
  EXPECT_TRUE(result.committed);
  EXPECT_EQ(result.version, 3);
  EXPECT_EQ(result.rows_updated, 1);
  EXPECT_EQ(result.rows_inserted, 1);
  // Only the 11-13 file can hold 12 (99 is beyond every file's max): one remove, one add.
  EXPECT_EQ(result.files_removed, 1);
  EXPECT_EQ(result.files_added, 1);
  EXPECT_EQ(Rows("t"), (RowList{"11|v11", "12|new12", "13|v13", "1|v1", "21|v21", "22|v22",
                                "23|v23", "2|v2", "3|v3", "99|new99"}));
  const auto history = catalog_->History("t");
  EXPECT_EQ(history[0].operation, "MERGE");
  EXPECT_EQ(history[0].files_removed, 1);
  EXPECT_EQ(history[0].files_added, 1);
  EXPECT_EQ(history[0].rows_updated, 1);
  EXPECT_EQ(history[0].rows_inserted, 1);
  EXPECT_EQ(catalog_->GetTable("t").row_count, 10);
}

TEST_F(CatalogMerge, UpsertOfOnlyNewKeysRemovesNothing) {
  const auto result =
      Write("t", "SELECT 50::BIGINT AS id, 'x' AS val", CatalogWriteMode::kUpsert, {"id"});
  EXPECT_EQ(result.files_removed, 0);
  EXPECT_EQ(result.files_added, 1);
  EXPECT_EQ(Rows("t").size(), 10u);
}

TEST_F(CatalogMerge, UpdateTouchesOnlyMatchedRows) {
  const auto result =
      Write("t", "SELECT * FROM (VALUES (2::BIGINT, 'two'), (77, 'none')) s(id, val)",
            CatalogWriteMode::kUpdate, {"id"});
  EXPECT_EQ(result.rows_updated, 1);
  EXPECT_EQ(result.rows_inserted, 0);
  EXPECT_EQ(result.files_removed, 1);
  const auto rows = Rows("t");
  EXPECT_EQ(rows.size(), 9u);
  EXPECT_NE(std::find(rows.begin(), rows.end(), "2|two"), rows.end());
  EXPECT_EQ(std::find(rows.begin(), rows.end(), "77|none"), rows.end());
  // No key matches: nothing is committed.
  const auto none =
      Write("t", "SELECT 500::BIGINT AS id, 'x' AS val", CatalogWriteMode::kUpdate, {"id"});
  EXPECT_FALSE(none.committed);
  EXPECT_EQ(none.version, 3);
  EXPECT_EQ(catalog_->GetTable("t").version, 3);
}

TEST_F(CatalogMerge, DeleteRemovesMatchingRowsAndEmptiedFiles) {
  const auto result = Write("t", "SELECT * FROM (VALUES (21::BIGINT), (22), (23), (2)) s(id)",
                            CatalogWriteMode::kDelete, {"id"});
  EXPECT_EQ(result.rows_deleted, 4);
  EXPECT_EQ(result.files_removed, 2);
  EXPECT_EQ(result.files_added, 1);  // the 1-3 file minus id 2; the 21-23 file is gone
  EXPECT_EQ(Rows("t"), (RowList{"11|v11", "12|v12", "13|v13", "1|v1", "3|v3"}));
  EXPECT_EQ(catalog_->GetTable("t").row_count, 5);
}

TEST_F(CatalogMerge, KeyProblemsAreRefusedBeforeAnyFileIsWritten) {
  const size_t files = ParquetFiles(location_);
  struct Case {
    std::string sql;
    std::vector<std::string> keys;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"SELECT 1::BIGINT AS id, 'a' AS val", {}, "merge_keys"},
      {"SELECT 1::BIGINT AS id, 'a' AS val", {"code"}, "'code'"},
      {"SELECT 1 AS code, 'a' AS val", {"code"}, "'code'"},
      {"SELECT * FROM (VALUES (1, 'a'), (NULL, 'b')) s(id, val)", {"id"}, "NULL"},
      {"SELECT * FROM (VALUES (5, 'a'), (5, 'b')) s(id, val)", {"id"}, "duplicate"},
  };
  for (CatalogWriteMode mode :
       {CatalogWriteMode::kUpsert, CatalogWriteMode::kUpdate, CatalogWriteMode::kDelete}) {
    for (const Case& c : cases) {
      const Error e = CaptureError([&] { Write("t", c.sql, mode, c.keys); });
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << c.sql;
      EXPECT_NE(std::string(e.what()).find(c.expected), std::string::npos) << e.what();
      EXPECT_EQ(catalog_->GetTable("t").version, 2);
      EXPECT_EQ(ParquetFiles(location_), files);
    }
  }
}

TEST_F(CatalogMerge, StrictSchemaRefusesAndMergeAddsColumns) {
  const Error e = CaptureError([&] {
    Write("t", "SELECT 1::BIGINT AS id, 'a' AS val, 2.5 AS score", CatalogWriteMode::kUpsert,
          {"id"});
  });
  EXPECT_NE(std::string(e.what()).find("score"), std::string::npos);
  CatalogWrite write;
  write.table_name = "t";
  write.source_sql = "SELECT 1::BIGINT AS id, 'one' AS val, 2.5 AS score";
  write.mode = CatalogWriteMode::kUpsert;
  write.merge_keys = {"id"};
  write.schema_mode = "merge";
  catalog_->Write(write);
  const auto rows = Rows("t");
  EXPECT_NE(std::find(rows.begin(), rows.end(), "1|one|2.5"), rows.end());
  EXPECT_NE(std::find(rows.begin(), rows.end(), "2|v2|NULL"), rows.end());
}

TEST_F(CatalogMerge, KeyedModesCreateMissingTables) {
  Write("fresh", "SELECT 1::BIGINT AS id, 'a' AS val", CatalogWriteMode::kUpsert, {"id"});
  EXPECT_EQ(Rows("fresh"), (RowList{"1|a"}));
  Write("empty", "SELECT 1::BIGINT AS id, 'a' AS val", CatalogWriteMode::kUpdate, {"id"});
  EXPECT_TRUE(Rows("empty").empty());
  EXPECT_EQ(catalog_->GetTable("empty").columns.size(), 2u);
}

TEST_F(CatalogMerge, CompositeKeysMatchOnEveryColumn) {
  Write("c", "SELECT * FROM (VALUES (1, 'x', 10), (1, 'y', 20)) s(a, b, v)");
  Write("c", "SELECT * FROM (VALUES (1, 'y', 99), (2, 'x', 5)) s(a, b, v)",
        CatalogWriteMode::kUpsert, {"a", "b"});
  EXPECT_EQ(Rows("c"), (RowList{"1|x|10", "1|y|99", "2|x|5"}));
}

}  // namespace
}  // namespace ff
