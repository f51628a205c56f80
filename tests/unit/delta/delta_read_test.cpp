// Reading the shared Delta tables (testdata/delta/MANIFEST.md) at every listed version.
#include <gtest/gtest.h>

#include "delta_test_support.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

using testing::ExceptAllCount;
using testing::ExpectedSql;
using testing::SharedTable;
using testing::SortedRows;

struct ExpectedCase {
  std::string table;
  std::optional<int64_t> version;  // nullopt = latest
  std::string expected_glob;       // relative to the table folder
};

class DeltaExpectedFiles : public ::testing::TestWithParam<ExpectedCase> {};

// Compares both ways with EXCEPT ALL so duplicates and missing rows both count.
TEST_P(DeltaExpectedFiles, RowsEqualUpstreamExpectedParquet) {
  const ExpectedCase& c = GetParam();
  SnapshotOptions options;
  options.version = c.version;
  const Snapshot snapshot = LoadSnapshot(SharedTable(c.table) + "/delta", options);
  engine::Session db;
  testing::UseUtc(db);
  const std::string scan = DeltaScanSql(snapshot);
  const std::string expected = ExpectedSql(snapshot, SharedTable(c.table) + "/" + c.expected_glob);
  EXPECT_EQ(ExceptAllCount(db, scan, expected), 0) << scan;
  EXPECT_EQ(ExceptAllCount(db, expected, scan), 0) << scan;
  const auto count = db.QueryText("SELECT count(*) FROM (" + expected + ")");
  EXPECT_GT(std::stol(*count.at(0).at(0)), 0);
}

INSTANTIATE_TEST_SUITE_P(
    SharedTables, DeltaExpectedFiles,
    ::testing::Values(
        ExpectedCase{"basic_append", 0, "expected/v0/table_content.parquet"},
        ExpectedCase{"basic_append", 1, "expected/v1/table_content.parquet"},
        ExpectedCase{"basic_append", std::nullopt, "expected/latest/table_content.parquet"},
        ExpectedCase{"basic_partitioned", 0, "expected/v0/table_content.parquet"},
        ExpectedCase{"basic_partitioned", 1, "expected/v1/table_content.parquet"},
        ExpectedCase{"basic_partitioned", std::nullopt, "expected/latest/table_content.parquet"},
        ExpectedCase{"with_schema_change", 1, "expected/v1/table_content.parquet"},
        ExpectedCase{"with_schema_change", std::nullopt, "expected/latest/table_content.parquet"},
        ExpectedCase{"basic-with-inserts-deletes-checkpoint", std::nullopt, "expected/*.parquet"},
        ExpectedCase{"time-travel-start-start20-start40", std::nullopt, "expected/*.parquet"},
        ExpectedCase{"time-travel-schema-changes-b", std::nullopt, "expected/*.parquet"},
        ExpectedCase{"data-reader-primitives", std::nullopt, "expected/*.parquet"},
        ExpectedCase{"data-reader-nested-struct", std::nullopt, "expected/*.parquet"},
        ExpectedCase{"dv-with-columnmapping", std::nullopt, "expected/*.parquet"},
        ExpectedCase{"log-replay-dv-key-cases", std::nullopt, "expected/*.parquet"}),
    [](const ::testing::TestParamInfo<ExpectedCase>& case_info) {
      std::string name =
          case_info.param.table + "_" +
          (case_info.param.version ? "v" + std::to_string(*case_info.param.version) : "latest");
      for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

std::vector<std::string> RowsAt(const std::string& table, std::optional<int64_t> version,
                                bool use_checkpoints = true) {
  SnapshotOptions options;
  options.version = version;
  options.use_checkpoints = use_checkpoints;
  const Snapshot snapshot = LoadSnapshot(SharedTable(table) + "/delta", options);
  engine::Session db;
  testing::UseUtc(db);
  return SortedRows(db, DeltaScanSql(snapshot));
}

std::vector<std::string> Numbers(std::initializer_list<std::pair<int, int>> ranges) {
  std::vector<std::string> out;
  for (auto [from, to] : ranges) {
    for (int i = from; i <= to; ++i) out.push_back(std::to_string(i));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Sorted(std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(DeltaRead, WithSchemaChangeVersionZeroHasTheOldSchema) {
  EXPECT_EQ(RowsAt("with_schema_change", 0), Sorted({"a|1", "b|2", "c|3"}));
  EXPECT_EQ(RowsAt("with_schema_change", 1), Sorted({"22|33", "44|55", "66|77"}));
}

TEST(DeltaRead, SimpleTableEveryVersionAndStrayTmpCommitIgnored) {
  EXPECT_EQ(LatestVersion(SharedTable("simple_table") + "/delta"), 4);
  EXPECT_EQ(RowsAt("simple_table", 0), Numbers({{0, 4}}));
  EXPECT_EQ(RowsAt("simple_table", 1), Numbers({{0, 19}}));
  EXPECT_EQ(RowsAt("simple_table", 2), Numbers({{5, 9}}));
  EXPECT_EQ(RowsAt("simple_table", 3), Sorted({"5", "7", "9", "106", "108"}));
  EXPECT_EQ(RowsAt("simple_table", 4), Sorted({"5", "7", "9"}));
  SnapshotOptions v0;
  v0.version = 0;
  EXPECT_EQ(LoadSnapshot(SharedTable("simple_table") + "/delta", v0).files.size(), 6u);
}

TEST(DeltaRead, Delta080DeleteRewritesAFile) {
  EXPECT_EQ(RowsAt("delta-0.8.0", 0), Numbers({{0, 4}}));
  EXPECT_EQ(RowsAt("delta-0.8.0", 1), Sorted({"0", "1", "2", "4"}));
}

TEST(DeltaRead, ThreeLevelStringPartitions) {
  EXPECT_EQ(RowsAt("delta-0.8.0-partitioned", 0),
            Sorted({"1|2020|1|1", "2|2020|2|3", "3|2020|2|5", "4|2021|4|5", "5|2021|12|4",
                    "6|2021|12|20", "7|2021|12|20"}));
}

TEST(DeltaRead, SimpleTableWithCheckpointEveryVersion) {
  for (int v = 0; v <= 9; ++v) {
    EXPECT_EQ(RowsAt("simple_table_with_checkpoint", v), Numbers({{0, v}})) << "version " << v;
  }
  std::vector<std::string> v10 = Numbers({{0, 9}});
  v10.push_back("0");
  EXPECT_EQ(RowsAt("simple_table_with_checkpoint", 10), Sorted(v10));
  SnapshotOptions latest;
  EXPECT_EQ(LoadSnapshot(SharedTable("simple_table_with_checkpoint") + "/delta", latest)
                .checkpoint_version,
            std::optional<int64_t>(10));
}

TEST(DeltaRead, InsertsDeletesCheckpointEveryVersion) {
  const std::vector<std::vector<std::pair<int, int>>> ids = {
      {{0, 9}},
      {{0, 19}},
      {{0, 29}},
      {{0, 39}},
      {{0, 49}},
      {{0, 4}, {10, 49}},
      {{0, 4}, {10, 14}, {20, 49}},
      {{0, 4}, {10, 14}, {20, 24}, {30, 49}},
      {{0, 4}, {10, 14}, {20, 24}, {30, 34}, {40, 49}},
      {{0, 4}, {10, 14}, {20, 24}, {30, 34}, {40, 44}},
      {{0, 4}, {10, 14}, {20, 24}, {30, 34}, {40, 44}, {50, 59}},
      {{0, 4}, {10, 14}, {20, 24}, {30, 34}, {40, 44}, {50, 69}},
      {{0, 4}, {10, 14}, {20, 24}, {30, 34}, {40, 44}, {50, 79}},
      {{0, 4}, {10, 14}, {20, 24}, {30, 34}, {40, 44}, {50, 65}}};
  const std::vector<size_t> files = {1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 6, 7, 8, 7};
  for (int v = 0; v <= 13; ++v) {
    std::vector<std::string> expected;
    for (auto [from, to] : ids[v]) {
      for (int i = from; i <= to; ++i) expected.push_back(std::to_string(i));
    }
    EXPECT_EQ(RowsAt("basic-with-inserts-deletes-checkpoint", v), Sorted(expected))
        << "version " << v;
    SnapshotOptions options;
    options.version = v;
    EXPECT_EQ(LoadSnapshot(SharedTable("basic-with-inserts-deletes-checkpoint") + "/delta", options)
                  .files.size(),
              files[v])
        << "version " << v;
  }
}

TEST(DeltaRead, CheckpointReplayEqualsJsonReplay) {
  for (const char* table :
       {"simple_table_with_checkpoint", "basic-with-inserts-deletes-checkpoint"}) {
    const std::string root = SharedTable(table) + "/delta";
    for (int64_t v = 10; v <= LatestVersion(root); ++v) {
      SnapshotOptions with, without;
      with.version = without.version = v;
      without.use_checkpoints = false;
      const Snapshot a = LoadSnapshot(root, with);
      const Snapshot b = LoadSnapshot(root, without);
      ASSERT_EQ(a.checkpoint_version, std::optional<int64_t>(10));
      ASSERT_FALSE(b.checkpoint_version.has_value());
      ASSERT_EQ(a.files.size(), b.files.size()) << table << " v" << v;
      for (size_t i = 0; i < a.files.size(); ++i) {
        EXPECT_EQ(a.files[i].path, b.files[i].path);
        EXPECT_EQ(a.files[i].partition_values, b.files[i].partition_values);
        EXPECT_EQ(a.files[i].size, b.files[i].size);
      }
      EXPECT_EQ(a.metadata.schema_string, b.metadata.schema_string);
      EXPECT_EQ(a.protocol.min_reader_version, b.protocol.min_reader_version);
      EXPECT_EQ(RowsAt(table, v, true), RowsAt(table, v, false));
    }
  }
}

TEST(DeltaRead, TimeTravelByVersionAndByCommitTimestamp) {
  const std::string table = "time-travel-start-start20-start40";
  EXPECT_EQ(RowsAt(table, 0), Numbers({{0, 9}}));
  EXPECT_EQ(RowsAt(table, 1), Numbers({{0, 19}}));
  EXPECT_EQ(RowsAt(table, 2), Numbers({{0, 29}}));
  const std::string root = SharedTable(table) + "/delta";
  auto version_at = [&](int64_t ts) {
    SnapshotOptions options;
    options.timestamp_ms = ts;
    return LoadSnapshot(root, options).version;
  };
  EXPECT_EQ(version_at(1603724019870), 0);
  EXPECT_EQ(version_at(1603724021189), 0);
  EXPECT_EQ(version_at(1603724021190), 1);
  EXPECT_EQ(version_at(1603724022561), 2);
  EXPECT_EQ(version_at(1703724022561), 2);
  try {
    version_at(1603724019869);
    FAIL() << "a timestamp before the first commit must fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  }
  SnapshotOptions too_new;
  too_new.version = 3;
  EXPECT_THROW(LoadSnapshot(root, too_new), Error);
}

TEST(DeltaRead, SchemaEvolutionReadsNullForMissingColumn) {
  const std::string table = "time-travel-schema-changes-b";
  EXPECT_EQ(RowsAt(table, 0), Numbers({{0, 9}}));
  std::vector<std::string> v1;
  for (int i = 0; i <= 9; ++i) v1.push_back(std::to_string(i) + "|NULL");
  for (int i = 10; i <= 19; ++i) v1.push_back(std::to_string(i) + "|" + std::to_string(i));
  EXPECT_EQ(RowsAt(table, 1), Sorted(v1));
}

TEST(DeltaRead, PrimitivesAndNestedStructsRowsAsStated) {
  const auto primitives = RowsAt("data-reader-primitives", 0);
  ASSERT_EQ(primitives.size(), 11u);
  EXPECT_NE(std::find(primitives.begin(), primitives.end(),
                      "NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL"),
            primitives.end());
  EXPECT_NE(std::find(primitives.begin(), primitives.end(), "3|3|3|3|false|3.0|3.0|3|\\x03\\x03|3"),
            primitives.end());
  const auto nested = RowsAt("data-reader-nested-struct", 0);
  ASSERT_EQ(nested.size(), 10u);
  EXPECT_EQ(nested.front(), "{'aa': 0, 'ab': 0, 'ac': {'aca': 0, 'acb': 0}}|0");
}

// Partition values of every type, the literal "null" string, an all-null partition and an
// escaped timestamp folder. The zone-less timestamp reads as UTC (see the MANIFEST note).
TEST(DeltaRead, PartitionValuesOfEveryType) {
  const Snapshot snapshot = LoadSnapshot(SharedTable("data-reader-partition-values") + "/delta");
  engine::Session db;
  testing::UseUtc(db);
  const std::string scan = DeltaScanSql(snapshot);
  const auto rows = SortedRows(
      db,
      "SELECT as_int, as_long, as_byte, as_short, as_boolean, as_float, as_double, as_string, "
      "as_string_lit_null, as_date, epoch_ms(as_timestamp), as_big_decimal, "
      "as_list_of_records, as_nested_struct, value, typeof(as_big_decimal), "
      "typeof(as_timestamp) FROM (" +
          scan + ")");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0],
            "0|0|0|0|true|0.0|0.0|0|null|2021-09-08|1631099471000|0|[{'val': 0}, {'val': 0}, "
            "{'val': 0}]|{'aa': 0, 'ab': 0, 'ac': {'aca': 0, 'acb': 0}}|0|DECIMAL(1,0)|"
            "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(rows[1],
            "1|1|1|1|false|1.0|1.0|1|null|2021-09-08|1631099471000|1|[{'val': 1}, {'val': 1}, "
            "{'val': 1}]|{'aa': 1, 'ab': 1, 'ac': {'aca': 1, 'acb': 1}}|1|DECIMAL(1,0)|"
            "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(rows[2],
            "NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|[{'val': 2}, {'val': 2}, "
            "{'val': 2}]|{'aa': 2, 'ab': 2, 'ac': {'aca': 2, 'acb': 2}}|2|DECIMAL(1,0)|"
            "TIMESTAMP WITH TIME ZONE");
}

TEST(DeltaRead, HistoryListsCommitsNewestFirst) {
  const auto history = History(SharedTable("simple_table") + "/delta");
  ASSERT_EQ(history.size(), 5u);
  EXPECT_EQ(history[0].version, 4);
  EXPECT_EQ(history[0].timestamp_ms, 1587968626537);
  EXPECT_EQ(history[4].timestamp_ms, 1587968586154);
  EXPECT_EQ(history[4].commit_info.operation.value_or(""), "WRITE");
}

TEST(DeltaRead, MissingTableIsNotFound) {
  try {
    LoadSnapshot(SharedTable("no-such-table"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  }
}

}  // namespace
}  // namespace ff::delta
