// Restore, vacuum (dry run and real), optimize (compaction) and lineage.
#include <gtest/gtest.h>

#include <fstream>

#include "catalog_test_support.hpp"
#include "flowfile/errors.hpp"

namespace ff {
namespace {

namespace fs = std::filesystem;
using test_support::CaptureError;
using RowList = std::vector<std::string>;

class CatalogMaintenance : public test_support::CatalogTest {
 protected:
  // v0: {1}; v1 overwrite: {2}; v2 append: {2, 3}.
  void MakeThreeVersions() {
    Write("t", "SELECT 1 AS id");
    Write("t", "SELECT 2 AS id");
    Write("t", "SELECT 3 AS id", CatalogWriteMode::kAppend);
  }
};

TEST_F(CatalogMaintenance, RestoreCommitsTheOldRowsAsANewVersion) {
  MakeThreeVersions();
  const auto result = catalog_->Restore("t", 0);
  EXPECT_TRUE(result.committed);
  EXPECT_EQ(result.version, 3);
  EXPECT_EQ(result.files_added, 1);
  EXPECT_EQ(result.files_removed, 2);
  EXPECT_EQ(Rows("t"), (RowList{"1"}));
  EXPECT_EQ(Rows("t", 2), (RowList{"2", "3"}));  // history is kept
  EXPECT_EQ(catalog_->History("t")[0].operation, "RESTORE");
  EXPECT_EQ(catalog_->GetTable("t").row_count, 1);
  EXPECT_EQ(CaptureError([&] { catalog_->Restore("t", 42); }).code(), ErrorCode::kNotFound);
}

TEST_F(CatalogMaintenance, VacuumKeepsWhatRetainedVersionsNeed) {
  MakeThreeVersions();
  const std::string location = catalog_->GetTable("t").location;
  ASSERT_EQ(ParquetFiles(location), 3u);
  // A file no commit mentions (a crashed writer's) is young: kept by the default retention.
  std::ofstream(fs::path(location) / "part-orphan.parquet") << "x";

  const VacuumResult kept = catalog_->Vacuum("t");
  EXPECT_TRUE(kept.dry_run);
  EXPECT_TRUE(kept.files.empty());

  const VacuumResult dry = catalog_->Vacuum("t", 0, true);
  EXPECT_EQ(dry.files.size(), 2u);  // v0's file and the orphan
  EXPECT_GT(dry.bytes, 0);
  EXPECT_EQ(ParquetFiles(location), 4u);  // nothing deleted on a dry run

  const Error guarded = CaptureError([&] { catalog_->Vacuum("t", 0, false); });
  EXPECT_EQ(guarded.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(std::string(guarded.what()).find("deletedFileRetentionDuration (168"),
            std::string::npos)
      << guarded.what();
  const VacuumResult real = catalog_->Vacuum("t", 0, false, /*force=*/true);
  EXPECT_FALSE(real.dry_run);
  EXPECT_EQ(real.files, dry.files);
  EXPECT_EQ(ParquetFiles(location), 2u);
  EXPECT_EQ(Rows("t"), (RowList{"2", "3"}));
  EXPECT_TRUE(fs::exists(fs::path(location) / "_delta_log"));
  const Error e = CaptureError([&] { catalog_->Restore("t", 0); });
  EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  EXPECT_NE(std::string(e.what()).find("vacuum"), std::string::npos);
  EXPECT_EQ(CaptureError([&] { catalog_->Vacuum("t", -1); }).code(), ErrorCode::kInvalidArgument);
}

TEST_F(CatalogMaintenance, OptimizeCompactsWithoutChangingRows) {
  Write("t", "SELECT range AS id FROM range(3)");
  Write("t", "SELECT range AS id FROM range(3, 6)", CatalogWriteMode::kAppend);
  Write("t", "SELECT range AS id FROM range(6, 9)", CatalogWriteMode::kAppend);
  const RowList before = Rows("t");
  const OptimizeResult result = catalog_->Optimize("t");
  EXPECT_TRUE(result.committed);
  EXPECT_EQ(result.version, 3);
  EXPECT_EQ(result.files_removed, 3);
  EXPECT_EQ(result.files_added, 1);
  EXPECT_EQ(Rows("t"), before);
  const auto history = catalog_->History("t");
  EXPECT_EQ(history[0].operation, "OPTIMIZE");
  EXPECT_EQ(catalog_->GetTable("t").row_count, 9);
  // Already compact: nothing to do.
  const OptimizeResult again = catalog_->Optimize("t");
  EXPECT_FALSE(again.committed);
  EXPECT_EQ(again.version, 3);
}

TEST_F(CatalogMaintenance, OptimizeCompactsPerPartition) {
  CatalogWrite write;
  write.table_name = "p";
  write.source_sql = "SELECT range AS id, range % 2 AS part FROM range(4)";
  write.partition_by = {"part"};
  catalog_->Write(write);
  write.mode = CatalogWriteMode::kAppend;
  write.source_sql = "SELECT range AS id, range % 2 AS part FROM range(4, 8)";
  catalog_->Write(write);
  const OptimizeResult result = catalog_->Optimize("p");
  EXPECT_EQ(result.files_removed, 4);
  EXPECT_EQ(result.files_added, 2);
  EXPECT_EQ(Rows("p").size(), 8u);
}

TEST_F(CatalogMaintenance, LineageLinksReadsAndWritesByRun) {
  CatalogWrite write;
  write.table_name = "raw.orders";
  write.source_sql = "SELECT 1 AS id";
  write.run_id = "run-ingest";
  catalog_->Write(write);

  const CatalogRead read = catalog_->ReadSql("raw.orders", std::nullopt, std::nullopt, "run-x");
  EXPECT_EQ(read.version, 0);
  catalog_->ReadSql("raw.orders");  // no run id: not recorded

  CatalogWrite derived;
  derived.table_name = "marts.summary";
  derived.source_sql = "SELECT 1 AS n";
  derived.run_id = "run-x";
  derived.read_versions = {{"General.raw.orders", 0}};
  catalog_->Write(derived);

  const TableLineage upstream = catalog_->Lineage("raw.orders");
  ASSERT_EQ(upstream.reads.size(), 1u);
  EXPECT_EQ(upstream.reads[0].run_id, "run-x");
  EXPECT_EQ(upstream.reads[0].table_version, 0);
  EXPECT_EQ(upstream.downstream_tables, (std::vector<std::string>{"General.marts.summary"}));
  ASSERT_EQ(upstream.writes.size(), 1u);
  EXPECT_EQ(upstream.writes[0].run_id, "run-ingest");

  const TableLineage downstream = catalog_->Lineage("marts.summary");
  ASSERT_EQ(downstream.writes.size(), 1u);
  EXPECT_EQ(downstream.writes[0].read_versions,
            (std::vector<std::pair<std::string, int64_t>>{{"General.raw.orders", 0}}));
  EXPECT_TRUE(downstream.reads.empty());
}

TEST_F(CatalogMaintenance, AWriteRecordsWhatItReadSoTheSourceListsItsConsumers) {
  CatalogWrite write;
  write.table_name = "raw.events";
  write.source_sql = "SELECT 1 AS id";
  write.run_id = "run-1";
  catalog_->Write(write);
  CatalogWrite derived;  // as write_catalog_table does it: the versions its plan reads
  derived.table_name = "marts.daily";
  derived.source_sql = "SELECT 1 AS n";
  derived.run_id = "run-2";
  derived.read_versions = {{"General.raw.events", 0}};
  catalog_->Write(derived);
  catalog_->Write(derived);  // the same run again: one read, not two

  const TableLineage upstream = catalog_->Lineage("raw.events");
  ASSERT_EQ(upstream.reads.size(), 1u);
  EXPECT_EQ(upstream.reads[0].run_id, "run-2");
  EXPECT_EQ(upstream.downstream_tables, (std::vector<std::string>{"General.marts.daily"}));
}

}  // namespace
}  // namespace ff
