// Our writer on a table that already has deletion vectors (written by another engine): merges,
// deletes, appends, compaction, checkpoints and vacuum never bring a deleted row back.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "catalog_test_support.hpp"
#include "delta/actions.hpp"
#include "delta/commit_store.hpp"
#include "delta/deletion_vector.hpp"
#include "delta/delta_test_support.hpp"
#include "delta/log_files.hpp"
#include "delta/transaction.hpp"

namespace ff {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using RowList = std::vector<std::string>;

constexpr const char* kDvId = "ab^-aqEH.-t@S}K{vb[*k^";  // ab/deletion_vector_d2c639aa-...bin
constexpr const char* kDvFile = "ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin";

class CatalogDvWrite : public test_support::CatalogTest {
 protected:
  // Files 1-3, 11-13, 21-23; then a commit as Spark's DELETE would write it: id 2 deleted by an
  // inline vector, id 11 by a vector in a file, and the protocol raised to deletionVectors.
  void SetUp() override {
    CatalogTest::SetUp();
    for (int base : {0, 10, 20}) {
      Write("t",
            "SELECT " + std::to_string(base) + " + range AS id, 'v' || (" + std::to_string(base) +
                " + range) AS val FROM range(1, 4)",
            base == 0 ? CatalogWriteMode::kOverwrite : CatalogWriteMode::kAppend);
    }
    location_ = catalog_->GetTable("t").location;
    const std::string bitmap = delta::testing::DeletionBitmap({0});
    fs::create_directories(location_ + "/ab");
    std::ofstream(location_ + "/" + kDvFile, std::ios::binary)
        << delta::EncodeDeletionVectorFile(bitmap);

    std::string commit = json{{"protocol",
                               {{"minReaderVersion", 3},
                                {"minWriterVersion", 7},
                                {"readerFeatures", {"deletionVectors"}},
                                {"writerFeatures", {"deletionVectors"}}}}}
                             .dump() +
                         "\n";
    for (const delta::AddFile& file : delta::LoadSnapshot(location_).files) {
      const int64_t min = json::parse(*file.stats)["minValues"]["id"].get<int64_t>();
      if (min == 21) continue;
      delta::AddFile with_dv = file;
      delta::DeletionVector dv;
      if (min == 1) {
        const json inline_dv = delta::testing::InlineDv({1});
        dv.storage_type = "i";
        dv.path_or_inline_dv = inline_dv["pathOrInlineDv"].get<std::string>();
        dv.size_in_bytes = inline_dv["sizeInBytes"].get<int32_t>();
      } else {
        dv.storage_type = "u";
        dv.path_or_inline_dv = kDvId;
        dv.offset = 1;
        dv.size_in_bytes = static_cast<int32_t>(bitmap.size());
      }
      dv.cardinality = 1;
      with_dv.deletion_vector = dv;
      commit += delta::ActionToJson(delta::RemoveFor(file, delta::NowMs(), true)).dump() + "\n";
      commit += delta::ActionToJson(with_dv).dump() + "\n";
    }
    std::ofstream(location_ + "/_delta_log/" + delta::CommitFileName(3)) << commit;
  }

  // The commit file of `version` as text.
  std::string Commit(int64_t version) const {
    return delta::ReadWholeFile(location_ + "/_delta_log/" + delta::CommitFileName(version));
  }

  std::string location_;
};

size_t RemovesWithDv(const std::string& commit) {
  size_t count = 0;
  std::istringstream lines(commit);
  for (std::string line; std::getline(lines, line);) {
    const json action = json::parse(line);
    if (action.contains("remove") && action["remove"].contains("deletionVector")) ++count;
  }
  return count;
}

TEST_F(CatalogDvWrite, TableWithVectorsReadsWithoutTheDeletedRows) {
  EXPECT_EQ(Rows("t"), (RowList{"12|v12", "13|v13", "1|v1", "21|v21", "22|v22", "23|v23", "3|v3"}));
}

TEST_F(CatalogDvWrite, UpsertRewritesFilesWithVectorsAndRemovesCarryThem) {
  const auto result = Write(
      "t", "SELECT * FROM (VALUES (3::BIGINT, 'new3'), (12, 'new12'), (40, 'v40')) s(id, val)",
      CatalogWriteMode::kUpsert, {"id"});
  EXPECT_EQ(result.version, 4);
  EXPECT_EQ(result.files_removed, 2);
  EXPECT_EQ(RemovesWithDv(Commit(4)), 2u);
  EXPECT_EQ(Rows("t"), (RowList{"12|new12", "13|v13", "1|v1", "21|v21", "22|v22", "23|v23",
                                "3|new3", "40|v40"}));
}

TEST_F(CatalogDvWrite, DeleteAndUpdateNeverResurrectDeletedRows) {
  Write("t", "SELECT 1::BIGINT AS id", CatalogWriteMode::kDelete, {"id"});
  EXPECT_EQ(Rows("t"), (RowList{"12|v12", "13|v13", "21|v21", "22|v22", "23|v23", "3|v3"}));
  Write("t", "SELECT * FROM (VALUES (13::BIGINT, 'x'), (11, 'back?')) s(id, val)",
        CatalogWriteMode::kUpdate, {"id"});
  EXPECT_EQ(Rows("t"), (RowList{"12|v12", "13|x", "21|v21", "22|v22", "23|v23", "3|v3"}));
}

TEST_F(CatalogDvWrite, CheckpointOptimizeAndVacuumKeepVectorsApplied) {
  for (int i = 0; i < 7; ++i) {  // v4..v10: the writer checkpoints at v10
    Write("t", "SELECT (100 + " + std::to_string(i) + ")::BIGINT AS id, 'a' AS val",
          CatalogWriteMode::kAppend);
  }
  delta::SnapshotOptions json_only;
  json_only.use_checkpoints = false;
  EXPECT_EQ(delta::LoadSnapshot(location_).checkpoint_version, std::optional<int64_t>(10));
  engine::Session db;
  const std::string from_checkpoint = delta::DeltaScanSql(delta::LoadSnapshot(location_));
  const std::string from_json = delta::DeltaScanSql(delta::LoadSnapshot(location_, json_only));
  EXPECT_EQ(delta::testing::SortedRows(db, from_checkpoint),
            delta::testing::SortedRows(db, from_json));
  const RowList before = Rows("t");
  EXPECT_EQ(before.size(), 14u);
  EXPECT_EQ(std::count(before.begin(), before.end(), "2|v2"), 0);
  EXPECT_EQ(std::count(before.begin(), before.end(), "11|v11"), 0);

  // Vacuum must not take the vector file of a live data file, however old it is.
  fs::last_write_time(location_ + "/" + kDvFile,
                      fs::file_time_type::clock::now() - std::chrono::hours(24 * 30));
  const auto vacuum = catalog_->Vacuum("t", 0, true);
  for (const std::string& path : vacuum.files) {
    EXPECT_EQ(path.find("deletion_vector_"), std::string::npos) << path;
  }
  catalog_->Optimize("t");
  EXPECT_EQ(Rows("t"), before);
}

}  // namespace
}  // namespace ff
