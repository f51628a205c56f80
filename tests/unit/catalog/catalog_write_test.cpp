// Plain writes (overwrite, error, append with strict/merge schema), reads at a version or time,
// history, the store row after writes, and writes from a lent DuckDB connection.
#include <gtest/gtest.h>

#include <thread>

#include "catalog_test_support.hpp"
#include "engine/engine.hpp"
#include "flowfile/errors.hpp"

namespace ff {
namespace {

using test_support::CaptureError;
using RowList = std::vector<std::string>;

class CatalogWrites : public test_support::CatalogTest {};

TEST_F(CatalogWrites, OverwriteThenAppendThenOverwrite) {
  auto first = Write("sales.orders", "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) t(id, name)");
  EXPECT_EQ(first.version, 0);
  EXPECT_EQ(first.rows_inserted, 2);
  auto second = Write("sales.orders", "SELECT 3 AS id, 'c' AS name", CatalogWriteMode::kAppend);
  EXPECT_EQ(second.version, 1);
  EXPECT_EQ(Rows("sales.orders"), (RowList{"1|a", "2|b", "3|c"}));
  auto third = Write("sales.orders", "SELECT 9::BIGINT AS id, 'z' AS name");
  EXPECT_EQ(third.version, 2);
  EXPECT_EQ(third.rows_deleted, 3);
  EXPECT_EQ(Rows("sales.orders"), (RowList{"9|z"}));
  // Overwrite may replace the schema.
  Write("sales.orders", "SELECT 'x' AS code");
  EXPECT_EQ(Rows("sales.orders"), (RowList{"x"}));
}

TEST_F(CatalogWrites, StoreRowFollowsWrites) {
  Write("t", "SELECT range AS id FROM range(5)");
  TableInfo info = catalog_->GetTable("t");
  EXPECT_EQ(info.row_count, 5);
  EXPECT_EQ(info.version, 0);
  EXPECT_GT(info.size_bytes, 0);
  EXPECT_EQ(info.format, "delta");
  ASSERT_EQ(info.columns.size(), 1u);
  EXPECT_EQ(info.columns[0], (std::pair<std::string, std::string>{"id", "BIGINT"}));
  const std::string created = info.created_at;
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  Write("t", "SELECT range AS id FROM range(3)", CatalogWriteMode::kAppend);
  info = catalog_->GetTable("t");
  EXPECT_EQ(info.row_count, 8);
  EXPECT_EQ(info.version, 1);
  EXPECT_EQ(info.created_at, created);
  EXPECT_GT(info.updated_at, created);
}

TEST_F(CatalogWrites, ErrorModeRefusesAnExistingTable) {
  Write("t", "SELECT 1::BIGINT AS id", CatalogWriteMode::kError);
  const Error e =
      CaptureError([&] { Write("t", "SELECT 2::BIGINT AS id", CatalogWriteMode::kError); });
  EXPECT_EQ(e.code(), ErrorCode::kAlreadyExists);
  EXPECT_NE(std::string(e.what()).find("General.default.t"), std::string::npos);
  EXPECT_EQ(Rows("t"), (RowList{"1"}));
}

TEST_F(CatalogWrites, AppendingNoRowsCommitsNothing) {
  Write("t", "SELECT 1::BIGINT AS id");
  const size_t files = ParquetFiles(catalog_->GetTable("t").location);
  const auto result = Write("t", "SELECT 1::BIGINT AS id LIMIT 0", CatalogWriteMode::kAppend);
  EXPECT_FALSE(result.committed);
  EXPECT_EQ(result.version, 0);
  EXPECT_EQ(catalog_->GetTable("t").version, 0);
  EXPECT_EQ(ParquetFiles(catalog_->GetTable("t").location), files);
}

TEST_F(CatalogWrites, StrictAppendNamesTheColumnAndBothTypes) {
  Write("t", "SELECT 1::BIGINT AS id, 'a' AS name");
  const Error e =
      CaptureError([&] { Write("t", "SELECT 'x' AS id, 'b' AS name", CatalogWriteMode::kAppend); });
  EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  const std::string message = e.what();
  EXPECT_NE(message.find("'id'"), std::string::npos) << message;
  EXPECT_NE(message.find("VARCHAR"), std::string::npos) << message;
  EXPECT_NE(message.find("BIGINT"), std::string::npos) << message;
  const Error extra = CaptureError([&] {
    Write("t", "SELECT 2::BIGINT AS id, 'b' AS name, 1.5 AS score", CatalogWriteMode::kAppend);
  });
  EXPECT_NE(std::string(extra.what()).find("score"), std::string::npos);
  EXPECT_EQ(catalog_->GetTable("t").version, 0);
}

TEST_F(CatalogWrites, MergeSchemaModeAddsNullableColumns) {
  Write("t", "SELECT 1::BIGINT AS id");
  CatalogWrite write;
  write.table_name = "t";
  write.source_sql = "SELECT 2::BIGINT AS id, 'new' AS note";
  write.mode = CatalogWriteMode::kAppend;
  write.schema_mode = "merge";
  catalog_->Write(write);
  EXPECT_EQ(Rows("t"), (RowList{"1|NULL", "2|new"}));
  // A type change is still refused, naming both types.
  write.source_sql = "SELECT 'three' AS id";
  const Error e = CaptureError([&] { catalog_->Write(write); });
  EXPECT_NE(std::string(e.what()).find("VARCHAR"), std::string::npos);
  write.schema_mode = "loose";
  EXPECT_EQ(CaptureError([&] { catalog_->Write(write); }).code(), ErrorCode::kInvalidArgument);
}

TEST_F(CatalogWrites, TimeTravelByVersionAndTimestamp) {
  Write("t", "SELECT 1::BIGINT AS id");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  Write("t", "SELECT 2::BIGINT AS id", CatalogWriteMode::kAppend);
  Write("t", "SELECT 3::BIGINT AS id");
  EXPECT_EQ(Rows("t", 0), (RowList{"1"}));
  EXPECT_EQ(Rows("t", 1), (RowList{"1", "2"}));
  EXPECT_EQ(Rows("t"), (RowList{"3"}));
  const auto history = catalog_->History("t");
  ASSERT_EQ(history.size(), 3u);
  const CatalogRead at_first = catalog_->ReadSql("t", std::nullopt, history[2].timestamp_ms + 5);
  EXPECT_EQ(at_first.version, 0);
  EXPECT_EQ(CaptureError([&] { catalog_->ReadSql("t", 7); }).code(), ErrorCode::kNotFound);
  EXPECT_EQ(CaptureError([&] { catalog_->ReadSql("t", 0, 1); }).code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(CatalogWrites, HistoryIsNewestFirstWithOperationsAndRuns) {
  CatalogWrite write;
  write.table_name = "t";
  write.source_sql = "SELECT range AS id FROM range(4)";
  write.run_id = "run-a";
  catalog_->Write(write);
  write.mode = CatalogWriteMode::kAppend;
  write.source_sql = "SELECT 10::BIGINT AS id";
  write.run_id = "run-b";
  catalog_->Write(write);
  const auto history = catalog_->History("t");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].version, 1);
  EXPECT_EQ(history[0].operation, "WRITE");
  EXPECT_EQ(history[0].run_id, "run-b");
  EXPECT_EQ(history[0].rows_inserted, 1);
  EXPECT_NE(history[0].parameters_json.find("Append"), std::string::npos);
  EXPECT_EQ(history[1].operation, "CREATE TABLE");
  EXPECT_EQ(history[1].rows_inserted, 4);
  EXPECT_EQ(history[1].run_id, "run-a");
  EXPECT_GE(history[0].timestamp_ms, history[1].timestamp_ms);
  EXPECT_EQ(catalog_->GetTable("t").source_run_id, "run-b");
}

TEST_F(CatalogWrites, SourceSeesTheEnginesTablesAndLeavesNoTempObjects) {
  // Writes run on a session of the engine's database: the source may name a table another
  // connection of the engine made (as frames' collect() results are), and the write's own
  // temp tables and TimeZone end with its session.
  auto engine_connection = engine::Engine::Get().Acquire();
  engine_connection->Execute("CREATE TABLE pipeline_rows_cw AS SELECT 7::BIGINT AS id, 'q' AS tag");
  const auto zone = engine_connection->QueryText("SELECT current_setting('TimeZone')");
  CatalogWrite write;
  write.table_name = "lent";
  write.source_sql = "SELECT * FROM pipeline_rows_cw";
  catalog_->Write(write);
  write.mode = CatalogWriteMode::kUpsert;
  write.merge_keys = {"id"};
  write.source_sql = "SELECT 7::BIGINT AS id, 'r' AS tag";
  catalog_->Write(write);
  EXPECT_EQ(Rows("lent"), (RowList{"7|r"}));
  EXPECT_EQ(engine_connection->QueryText("SELECT count(*) FROM duckdb_tables() WHERE table_name "
                                         "LIKE '__ff_%'")[0][0],
            "0");
  EXPECT_EQ(engine_connection->QueryText("SELECT current_setting('TimeZone')"), zone);
  engine_connection->Execute("DROP TABLE pipeline_rows_cw");
}

}  // namespace
}  // namespace ff
