// SCD type 2: first load, changes close the old version with no gap, identical reruns commit
// nothing, full snapshots close vanished keys, deterministic surrogate keys, table protection.
#include <gtest/gtest.h>

#include <thread>

#include "catalog_test_support.hpp"
#include "flowfile/errors.hpp"

namespace ff {
namespace {

using test_support::CaptureError;
using RowList = std::vector<std::string>;

class CatalogScd2 : public test_support::CatalogTest {
 protected:
  CatalogWriteResult Scd2(const std::string& sql, bool full_snapshot = false) {
    CatalogWrite write;
    write.table_name = "dim";
    write.source_sql = sql;
    write.mode = CatalogWriteMode::kScd2;
    write.merge_keys = {"id"};
    write.scd2.full_snapshot = full_snapshot;
    return catalog_->Write(write);
  }
  //! "id|name|is_current|open" rows, sorted.
  RowList Versions() {
    const CatalogRead read = catalog_->ReadSql("dim");
    engine::Session db;
    db.Execute("SET TimeZone = 'UTC'");
    RowList rows;
    for (const auto& row : db.QueryText("SELECT id, name, is_current, valid_to IS NULL FROM (" +
                                        read.sql + ") ORDER BY ALL")) {
      rows.push_back(row[0].value() + "|" + row[1].value_or("NULL") + "|" + row[2].value() + "|" +
                     row[3].value());
    }
    return rows;
  }
  int64_t Count(const std::string& where) {
    const CatalogRead read = catalog_->ReadSql("dim");
    engine::Session db;
    db.Execute("SET TimeZone = 'UTC'");
    return std::stoll(
        db.QueryText("SELECT count(*) FROM (" + read.sql + ") WHERE " + where).at(0).at(0).value());
  }
};

TEST_F(CatalogScd2, ChangesCloseTheCurrentVersionWithoutAGap) {
  auto first = Scd2("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) s(id, name)");
  EXPECT_EQ(first.rows_inserted, 2);
  EXPECT_EQ(catalog_->GetTable("dim").partition_columns, (std::vector<std::string>{"is_current"}));
  auto second = Scd2("SELECT * FROM (VALUES (1, 'a'), (2, 'B'), (3, 'c')) s(id, name)");
  EXPECT_TRUE(second.committed);
  EXPECT_EQ(second.rows_inserted, 2);  // new version of 2, new key 3
  EXPECT_EQ(second.rows_updated, 1);   // 2's old version closed
  EXPECT_EQ(Versions(),
            (RowList{"1|a|true|true", "2|B|true|true", "2|b|false|false", "3|c|true|true"}));
  // The closed version ends exactly where the new one starts.
  EXPECT_EQ(Count("id = 2 AND NOT is_current AND valid_to = (SELECT valid_from FROM (" +
                  catalog_->ReadSql("dim").sql + ") WHERE id = 2 AND is_current)"),
            1);
  EXPECT_EQ(Count("valid_from >= valid_to"), 0);
}

TEST_F(CatalogScd2, BackToBackWritesKeepEveryIntervalAndKeyDistinct) {
  // No pause between writes: many land in the same millisecond.
  for (int i = 0; i < 12; ++i) Scd2("SELECT 1 AS id, 'v" + std::to_string(i) + "' AS name");
  EXPECT_EQ(Count("true"), 12);
  EXPECT_EQ(Count("is_current"), 1);
  EXPECT_EQ(Count("valid_to IS NOT NULL AND valid_from >= valid_to"), 0);
  const std::string all = catalog_->ReadSql("dim").sql;
  EXPECT_EQ(Count("sk IN (SELECT sk FROM (" + all + ") GROUP BY sk HAVING count(*) > 1)"), 0);
  // Each closed version ends exactly where the next one starts.
  EXPECT_EQ(Count("NOT is_current AND valid_to NOT IN (SELECT valid_from FROM (" + all + "))"), 0);
}

TEST_F(CatalogScd2, IdenticalRerunCommitsNothing) {
  Scd2("SELECT * FROM (VALUES (1, 'a'), (2, NULL)) s(id, name)");
  const auto rerun = Scd2("SELECT * FROM (VALUES (1, 'a'), (2, NULL)) s(id, name)");
  EXPECT_FALSE(rerun.committed);
  EXPECT_EQ(rerun.version, 0);
  EXPECT_EQ(catalog_->GetTable("dim").version, 0);
  // NULL -> value is a change.
  const auto change = Scd2("SELECT * FROM (VALUES (1, 'a'), (2, 'now')) s(id, name)");
  EXPECT_EQ(change.rows_updated, 1);
}

TEST_F(CatalogScd2, FullSnapshotClosesMissingKeys) {
  Scd2("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) s(id, name)");
  Scd2("SELECT 1 AS id, 'a' AS name");  // incremental: 2 stays current
  EXPECT_EQ(Count("is_current"), 2);
  const auto full = Scd2("SELECT 1 AS id, 'a' AS name", /*full_snapshot=*/true);
  EXPECT_EQ(full.rows_updated, 1);
  EXPECT_EQ(Versions(), (RowList{"1|a|true|true", "2|b|false|false"}));
}

TEST_F(CatalogScd2, SurrogateKeysAreDeterministicAndUnique) {
  Scd2("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) s(id, name)");
  Scd2("SELECT * FROM (VALUES (1, 'x'), (2, 'b')) s(id, name)");
  EXPECT_EQ(Count("sk IS NULL"), 0);
  const CatalogRead read = catalog_->ReadSql("dim");
  engine::Session db;
  db.Execute("SET TimeZone = 'UTC'");
  const auto rows = db.QueryText(
      "SELECT count(DISTINCT sk), count(*), bool_and(sk = md5(CAST(to_json([CAST(id AS VARCHAR), "
      "strftime(valid_from, '%Y-%m-%dT%H:%M:%S.%fZ')]) AS VARCHAR))) FROM (" +
      read.sql + ")");
  EXPECT_EQ(rows[0][0], rows[0][1]);
  EXPECT_EQ(rows[0][2], "true");
}

TEST_F(CatalogScd2, TablesAreProtected) {
  Scd2("SELECT 1 AS id, 'a' AS name");
  const Error append =
      CaptureError([&] { Write("dim", "SELECT 2 AS id, 'b' AS name", CatalogWriteMode::kAppend); });
  EXPECT_EQ(append.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(std::string(append.what()).find("SCD2"), std::string::npos);
  Write("plain", "SELECT 1 AS id, 'a' AS name");
  CatalogWrite convert;
  convert.table_name = "plain";
  convert.source_sql = "SELECT 1 AS id, 'a' AS name";
  convert.mode = CatalogWriteMode::kScd2;
  convert.merge_keys = {"id"};
  EXPECT_EQ(CaptureError([&] { catalog_->Write(convert); }).code(), ErrorCode::kInvalidArgument);
  convert.table_name = "floaty";
  convert.source_sql = "SELECT 1.5::DOUBLE AS id";
  EXPECT_NE(std::string(CaptureError([&] { catalog_->Write(convert); }).what()).find("DOUBLE"),
            std::string::npos);
  // Overwrite makes it a plain table again.
  Write("dim", "SELECT 5 AS id");
  EXPECT_TRUE(catalog_->GetTable("dim").scd2_config.empty());
  Write("dim", "SELECT 6 AS id", CatalogWriteMode::kAppend);
}

}  // namespace
}  // namespace ff
