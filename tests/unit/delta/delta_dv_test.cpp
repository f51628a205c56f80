// Deletion vectors on every read path: the two shared DV tables at every version (partitioned +
// column mapping + checkpoint; one file's vector replaced commit after commit), from the
// checkpoint and from JSON alone, by version and by timestamp, with filters DuckDB pushes into
// the Parquet scan (row groups skipped) and without.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "delta/actions.hpp"
#include "delta/log_files.hpp"
#include "delta_test_support.hpp"

namespace ff::delta {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::SharedTable;
using testing::SortedRows;

std::string ScanAt(const std::string& table, std::optional<int64_t> version, bool use_checkpoints) {
  SnapshotOptions options;
  options.version = version;
  options.use_checkpoints = use_checkpoints;
  return DeltaScanSql(LoadSnapshot(SharedTable(table) + "/delta", options));
}

// 0..49 without `deleted`, sorted as text (as SortedRows renders them).
std::vector<std::string> FiftyWithout(const std::set<int>& deleted) {
  std::vector<std::string> rows;
  for (int i = 0; i < 50; ++i) {
    if (!deleted.contains(i)) rows.push_back(std::to_string(i));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::vector<std::string> Filtered(const std::vector<std::string>& rows,
                                  const std::function<bool(int)>& keep) {
  std::vector<std::string> out;
  for (const std::string& row : rows) {
    if (keep(std::stoi(row))) out.push_back(row);
  }
  return out;
}

// MANIFEST: v0 writes 50 rows (part = x % 10, col1 = x, col2 = "foo" + x % 5); v_N has deleted
// col1 = 0, 2, ..., 2(N-1), so 50 - N rows. v10 has a checkpoint.
TEST(DeltaDv, PartitionedColumnMappedTableEveryVersionFromCheckpointAndJson) {
  const std::string table = "dv-with-columnmapping";
  engine::Session db;
  testing::UseUtc(db);
  for (int v = 0; v <= 15; ++v) {
    std::set<int> deleted;
    for (int i = 0; i < v; ++i) deleted.insert(2 * i);
    const std::vector<std::string> expected = FiftyWithout(deleted);
    ASSERT_EQ(expected.size(), static_cast<size_t>(50 - v));
    for (bool use_checkpoints : {true, false}) {
      const std::string scan = ScanAt(table, v, use_checkpoints);
      SCOPED_TRACE("version " + std::to_string(v) + (use_checkpoints ? " checkpoint" : " json"));
      EXPECT_EQ(SortedRows(db, "SELECT col1 FROM (" + scan + ")"), expected);
      // Every surviving row keeps its own partition value and data (no row shifted by the DV).
      EXPECT_EQ(SortedRows(db, "SELECT count(*) FROM (" + scan + ") WHERE part IS DISTINCT FROM " +
                                   "(col1 % 10) OR col2 IS DISTINCT FROM ('foo' || (col1 % 5))"),
                std::vector<std::string>{"0"});
      // Filters pushed into the scan: on the partition column and on a data column.
      EXPECT_EQ(SortedRows(db, "SELECT col1 FROM (" + scan + ") WHERE part = 4"),
                Filtered(expected, [](int x) { return x % 10 == 4; }));
      EXPECT_EQ(SortedRows(db, "SELECT col1 FROM (" + scan + ") WHERE col1 >= 10 AND col1 < 20"),
                Filtered(expected, [](int x) { return x >= 10 && x < 20; }));
    }
  }
  SnapshotOptions latest;
  EXPECT_EQ(LoadSnapshot(SharedTable(table) + "/delta", latest).checkpoint_version,
            std::optional<int64_t>(10));
}

// One file whose vector is replaced in v1, v2, v3 (deleting id 0, then 7, then 14).
TEST(DeltaDv, ReplacedVectorKeyedByPathAndVectorEveryVersion) {
  const std::string table = "log-replay-dv-key-cases";
  const std::vector<std::set<int>> deleted = {{}, {0}, {0, 7}, {0, 7, 14}};
  engine::Session db;
  for (int v = 0; v <= 3; ++v) {
    SCOPED_TRACE("version " + std::to_string(v));
    const std::string scan = ScanAt(table, v, true);
    EXPECT_EQ(SortedRows(db, "SELECT id FROM (" + scan + ")"), FiftyWithout(deleted[v]));
    EXPECT_EQ(SortedRows(db, "SELECT id FROM (" + scan + ") WHERE id < 10"),
              Filtered(FiftyWithout(deleted[v]), [](int x) { return x < 10; }));
    SnapshotOptions options;
    options.version = v;
    const Snapshot snapshot = LoadSnapshot(SharedTable(table) + "/delta", options);
    ASSERT_EQ(snapshot.files.size(), 1u);
    EXPECT_EQ(snapshot.files[0].deletion_vector.has_value(), v > 0);
  }
}

TEST(DeltaDv, TimeTravelByCommitTimestampAppliesThatVersionsVectors) {
  const std::string root = SharedTable("dv-with-columnmapping") + "/delta";
  engine::Session db;
  for (int v = 0; v <= 15; ++v) {
    int64_t timestamp = 0;
    for (const Action& action : ParseCommitText(
             ReadWholeFile(root + "/_delta_log/" + CommitFileName(v)), CommitFileName(v))) {
      if (const auto* info = std::get_if<CommitInfo>(&action)) timestamp = *info->timestamp;
    }
    SnapshotOptions options;
    options.timestamp_ms = timestamp;
    const Snapshot snapshot = LoadSnapshot(root, options);
    EXPECT_EQ(snapshot.version, v);
    EXPECT_EQ(SortedRows(db, "SELECT count(*) FROM (" + DeltaScanSql(snapshot) + ")"),
              std::vector<std::string>{std::to_string(50 - v)});
  }
}

class DeltaDvRowGroups : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ff_delta_dv_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    table_ = pattern;
    fs::create_directories(table_ + "/_delta_log");
    fs::create_directories(table_ + "/p=1");
    fs::create_directories(table_ + "/p=2");
  }
  void TearDown() override { fs::remove_all(table_); }
  std::string table_;
};

// Row positions count from the start of the file even when DuckDB skips row groups for a
// filter: a vector must delete the same rows with and without one.
TEST_F(DeltaDvRowGroups, FilterThatSkipsRowGroupsDeletesTheSameRows) {
  engine::Session db;
  db.Execute("COPY (SELECT range::BIGINT AS id FROM range(10000)) TO '" + table_ +
             "/p=1/a.parquet' (FORMAT parquet, ROW_GROUP_SIZE 2048)");
  db.Execute("COPY (SELECT (20000 + range)::BIGINT AS id FROM range(10)) TO '" + table_ +
             "/p=2/b.parquet' (FORMAT parquet)");
  const auto groups = db.QueryText("SELECT num_row_groups FROM parquet_file_metadata('" + table_ +
                                   "/p=1/a.parquet')");
  ASSERT_GE(std::stol(*groups.at(0).at(0)), 4) << "the test needs several row groups";

  const json schema = {
      {"type", "struct"},
      {"fields",
       {{{"name", "p"}, {"type", "long"}, {"nullable", true}, {"metadata", json::object()}},
        {{"name", "id"}, {"type", "long"}, {"nullable", true}, {"metadata", json::object()}}}}};
  auto add = [](const std::string& path, int p, const json& dv) {
    return json{{"add",
                 {{"path", path},
                  {"partitionValues", {{"p", std::to_string(p)}}},
                  {"size", 1},
                  {"modificationTime", 1},
                  {"dataChange", true},
                  {"deletionVector", dv}}}};
  };
  std::ofstream log(table_ + "/_delta_log/" + CommitFileName(0));
  for (const json& action :
       {json{{"protocol",
              {{"minReaderVersion", 3},
               {"minWriterVersion", 7},
               {"readerFeatures", {"deletionVectors"}},
               {"writerFeatures", {"deletionVectors"}}}}},
        json{{"metaData",
              {{"id", "t"},
               {"format", {{"provider", "parquet"}, {"options", json::object()}}},
               {"schemaString", schema.dump()},
               {"partitionColumns", {"p"}},
               {"configuration", json::object()}}}},
        add("p=1/a.parquet", 1, testing::InlineDv({5, 2050, 4100, 9999})),
        add("p=2/b.parquet", 2, testing::InlineDv({0}))}) {
    log << action.dump() << "\n";
  }
  log.close();

  const std::string scan = DeltaScanSql(LoadSnapshot(table_));
  auto count = [&](const std::string& where) {
    return std::stol(*db.QueryText("SELECT count(*) FROM (" + scan + ")" + where).at(0).at(0));
  };
  EXPECT_EQ(count(""), 10000 - 4 + 10 - 1);
  EXPECT_EQ(count(" WHERE id >= 4096"), (10000 - 4096) - 2 + 9);
  EXPECT_EQ(count(" WHERE id IN (5, 2050, 4100, 9999, 20000)"), 0);
  EXPECT_EQ(count(" WHERE id IN (4, 6, 2049, 4101, 9998, 20001)"), 6);
  EXPECT_EQ(count(" WHERE p = 2"), 9);
  EXPECT_EQ(count(" WHERE p = 1 AND id BETWEEN 4000 AND 4199"), 199);
}

}  // namespace
}  // namespace ff::delta
