// The writer: create/append/overwrite, partitions, stats, checkpoints, conflicts, crashes and
// eight concurrent writer processes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "delta/log_files.hpp"
#include "delta_test_support.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

namespace fs = std::filesystem;
using testing::SortedRows;

class DeltaWrite : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ff_delta_write_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    table_ = dir_ + "/table";
  }
  void TearDown() override { fs::remove_all(dir_); }

  WriteResult Write(const std::string& sql, WriteMode mode,
                    std::vector<std::string> partition_by = {}) {
    WriteRequest request;
    request.table_root = table_;
    request.source_sql = sql;
    request.mode = mode;
    request.partition_by = std::move(partition_by);
    request.run_id = "run-1";
    return WriteTable(request);
  }

  std::vector<std::string> Rows(std::optional<int64_t> version = std::nullopt,
                                const std::string& select = "*") {
    SnapshotOptions options;
    options.version = version;
    const Snapshot snapshot = LoadSnapshot(table_, options);
    engine::Session db;
    testing::UseUtc(db);
    return SortedRows(db, "SELECT " + select + " FROM (" + DeltaScanSql(snapshot) + ")");
  }

  size_t ParquetFilesOnDisk() const {
    size_t count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(table_)) {
      const std::string name = entry.path().filename().string();
      if (entry.path().string().find("_delta_log") == std::string::npos &&
          name.ends_with(".parquet")) {
        ++count;
      }
    }
    return count;
  }

  std::string dir_, table_;
};

TEST_F(DeltaWrite, CreateAppendOverwriteAndTimeTravel) {
  const WriteResult created = Write(
      "SELECT * FROM (VALUES (1::BIGINT, 'a', DATE '2024-01-02', 1.50::DECIMAL(10,2)), "
      "(2, 'b', DATE '2024-01-03', NULL)) t(id, name, day, amount)",
      WriteMode::kErrorIfExists);
  EXPECT_EQ(created.version, 0);
  EXPECT_EQ(created.rows_written, 2);
  const WriteResult appended = Write(
      "SELECT 3::BIGINT AS id, 'c' AS name, DATE '2024-01-04' AS day, "
      "2.25::DECIMAL(10,2) AS amount",
      WriteMode::kAppend);
  EXPECT_EQ(appended.version, 1);
  const WriteResult overwritten = Write(
      "SELECT 9::BIGINT AS id, 'z' AS name, DATE '2024-02-01' AS day, "
      "0.01::DECIMAL(10,2) AS amount",
      WriteMode::kOverwrite);
  EXPECT_EQ(overwritten.version, 2);
  EXPECT_EQ(overwritten.files_removed, 2);

  EXPECT_EQ(Rows(0), (std::vector<std::string>{"1|a|2024-01-02|1.50", "2|b|2024-01-03|NULL"}));
  EXPECT_EQ(Rows(1), (std::vector<std::string>{"1|a|2024-01-02|1.50", "2|b|2024-01-03|NULL",
                                               "3|c|2024-01-04|2.25"}));
  EXPECT_EQ(Rows(), (std::vector<std::string>{"9|z|2024-02-01|0.01"}));

  // Protocol, metadata and stats as the protocol asks for them.
  SnapshotOptions v0;
  v0.version = 0;
  const Snapshot first = LoadSnapshot(table_, v0);
  EXPECT_EQ(first.protocol.min_reader_version, 1);
  EXPECT_EQ(first.protocol.min_writer_version, 2);
  EXPECT_EQ(first.schema.fields.size(), 4u);
  EXPECT_EQ(DuckDbType(*first.schema.fields[3].type), "DECIMAL(10,2)");
  ASSERT_EQ(first.files.size(), 1u);
  const auto stats = nlohmann::json::parse(first.files[0].stats.value());
  EXPECT_EQ(stats["numRecords"], 2);
  EXPECT_EQ(stats["minValues"]["id"], 1);
  EXPECT_EQ(stats["maxValues"]["name"], "b");
  EXPECT_EQ(stats["minValues"]["day"], "2024-01-02");
  EXPECT_EQ(stats["nullCount"]["amount"], 1);

  const auto history = History(table_);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[2].commit_info.operation.value_or(""), "CREATE TABLE");
  const auto info = nlohmann::json::parse(history[0].commit_info.json);
  EXPECT_EQ(info["engineInfo"], "flowfile/0.1");
  EXPECT_EQ(info["operationParameters"]["mode"], "Overwrite");
  EXPECT_EQ(info["readVersion"], 1);
  EXPECT_EQ(info["flowfile.runId"], "run-1");
  EXPECT_EQ(history[0].files_removed, 2);
}

// Flat tables take their stats from the Parquet footer (one pass over the data): they must
// equal what a scan computes, over several row groups, with NULLs in only some of them.
TEST_F(DeltaWrite, FooterStatsOverManyRowGroupsMatchTheData) {
  Write(
      "SELECT i::BIGINT AS id, CASE WHEN i > 200000 AND i % 7 = 0 THEN NULL ELSE i % 1000 END "
      "AS sometimes_null, NULL::INT AS never_set, 'k' || lpad(i::VARCHAR, 6, '0') AS code, "
      "repeat('x', 40) || i AS long_text, (i / 3.0)::DOUBLE AS ratio, DATE '2024-01-01' + "
      "(i % 300)::INT AS day, TIMESTAMPTZ '2024-01-01 00:00:00.123456+00' + i * INTERVAL 1 "
      "SECOND AS at, (i % 5000 / 100.0)::DECIMAL(12,2) AS amount, i % 2 = 0 AS flag "
      "FROM range(300000) t(i)",
      WriteMode::kErrorIfExists);
  const Snapshot snapshot = LoadSnapshot(table_);
  ASSERT_EQ(snapshot.files.size(), 1u);
  const auto stats = nlohmann::json::parse(snapshot.files[0].stats.value());
  EXPECT_EQ(stats["numRecords"], 300000);
  EXPECT_EQ(stats["minValues"]["id"], 0);
  EXPECT_EQ(stats["maxValues"]["id"], 299999);
  EXPECT_EQ(stats["nullCount"]["sometimes_null"], 14286);  // multiples of 7 in (200000, 300000)
  EXPECT_EQ(stats["nullCount"]["never_set"], 300000);
  EXPECT_FALSE(stats["minValues"].contains("never_set"));
  EXPECT_EQ(stats["minValues"]["code"], "k000000");
  EXPECT_EQ(stats["maxValues"]["code"], "k299999");
  EXPECT_EQ(stats["minValues"]["long_text"], std::string(32, 'x'));  // a 32-character prefix
  EXPECT_FALSE(stats["maxValues"].contains("long_text"));            // a prefix is no max
  EXPECT_DOUBLE_EQ(stats["maxValues"]["ratio"].get<double>(), 99999.666666666667);
  EXPECT_EQ(stats["minValues"]["day"], "2024-01-01");
  EXPECT_EQ(stats["maxValues"]["day"], "2024-10-26");
  EXPECT_EQ(stats["minValues"]["at"], "2024-01-01T00:00:00.123Z");
  EXPECT_EQ(stats["maxValues"]["at"], "2024-01-04T11:19:59.123Z");
  EXPECT_DOUBLE_EQ(stats["maxValues"]["amount"].get<double>(), 49.99);
  EXPECT_FALSE(stats["minValues"].contains("flag"));  // booleans carry no bounds
  EXPECT_EQ(stats["nullCount"]["flag"], 0);
}

TEST_F(DeltaWrite, ErrorModeAndAppendSchemaMismatchFailBeforeWriting) {
  Write("SELECT 1::BIGINT AS id", WriteMode::kAppend);
  try {
    Write("SELECT 1::BIGINT AS id", WriteMode::kErrorIfExists);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kAlreadyExists);
  }
  try {
    Write("SELECT 'x' AS id", WriteMode::kAppend);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("column 'id' is VARCHAR"), std::string::npos);
  }
  EXPECT_EQ(LatestVersion(table_), 0);
  EXPECT_EQ(ParquetFilesOnDisk(), 1u);
}

TEST_F(DeltaWrite, PartitionedWriteRoundTripsOddValues) {
  const std::string source =
      "SELECT * FROM (VALUES (1::BIGINT, 'north'), (2, 'a/b c=%'), (3, NULL), (4, 'north'), "
      "(5, 'null')) t(id, region)";
  Write(source, WriteMode::kAppend, {"region"});
  const Snapshot snapshot = LoadSnapshot(table_);
  EXPECT_EQ(snapshot.metadata.partition_columns, std::vector<std::string>{"region"});
  EXPECT_EQ(snapshot.files.size(), 4u);
  engine::Session db;
  testing::UseUtc(db);
  const std::string scan = DeltaScanSql(snapshot);
  EXPECT_EQ(testing::ExceptAllCount(db, scan, source), 0);
  EXPECT_EQ(testing::ExceptAllCount(db, source, scan), 0);
  // The null partition is a JSON null in the log and a __HIVE_DEFAULT_PARTITION__ folder.
  bool saw_null = false;
  for (const AddFile& file : snapshot.files) {
    auto it = file.partition_values.find("region");
    ASSERT_NE(it, file.partition_values.end());
    if (!it->second) {
      saw_null = true;
      EXPECT_EQ(file.path.rfind("region=__HIVE_DEFAULT_PARTITION__/", 0), 0u);
    }
  }
  EXPECT_TRUE(saw_null);
}

TEST_F(DeltaWrite, CheckpointEveryTenCommitsAndReplayAgrees) {
  for (int i = 0; i < 12; ++i) {
    Write("SELECT " + std::to_string(i) + "::BIGINT AS id", WriteMode::kAppend);
  }
  EXPECT_TRUE(fs::exists(table_ + "/_delta_log/00000000000000000010.checkpoint.parquet"));
  const auto last = nlohmann::json::parse(ReadWholeFile(table_ + "/_delta_log/_last_checkpoint"));
  EXPECT_EQ(last["version"], 10);
  EXPECT_EQ(last["numOfAddFiles"], 11);
  SnapshotOptions with, without;
  without.use_checkpoints = false;
  const Snapshot a = LoadSnapshot(table_, with);
  const Snapshot b = LoadSnapshot(table_, without);
  EXPECT_EQ(a.checkpoint_version, std::optional<int64_t>(10));
  ASSERT_EQ(a.files.size(), 12u);
  ASSERT_EQ(b.files.size(), 12u);
  for (size_t i = 0; i < a.files.size(); ++i) {
    EXPECT_EQ(a.files[i].path, b.files[i].path);
    EXPECT_EQ(a.files[i].stats, b.files[i].stats);
  }
  EXPECT_EQ(a.metadata.id, b.metadata.id);
  EXPECT_EQ(Rows().size(), 12u);
  // Older versions still come from JSON when the checkpoint is newer than the target.
  EXPECT_EQ(Rows(4).size(), 5u);
}

TEST_F(DeltaWrite, BlindAppendRetriesPastAConcurrentAppend) {
  Write("SELECT 1::BIGINT AS id", WriteMode::kAppend);
  WriteRequest request;
  request.table_root = table_;
  request.source_sql = "SELECT 2::BIGINT AS id";
  request.before_commit = [&] { Write("SELECT 3::BIGINT AS id", WriteMode::kAppend); };
  const WriteResult result = WriteTable(request);
  EXPECT_EQ(result.version, 2);
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(Rows(), (std::vector<std::string>{"1", "2", "3"}));
}

TEST_F(DeltaWrite, OverwriteConflictsWithAConcurrentAppend) {
  Write("SELECT 1::BIGINT AS id", WriteMode::kAppend);
  WriteRequest request;
  request.table_root = table_;
  request.source_sql = "SELECT 2::BIGINT AS id";
  request.mode = WriteMode::kOverwrite;
  request.before_commit = [&] { Write("SELECT 3::BIGINT AS id", WriteMode::kAppend); };
  try {
    WriteTable(request);
    FAIL() << "the overwrite read the whole table; a concurrent append must conflict";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kConflict);
    EXPECT_NE(std::string(e.what()).find("ConcurrentAppend"), std::string::npos);
  }
  EXPECT_EQ(LatestVersion(table_), 1);
  EXPECT_EQ(Rows(), (std::vector<std::string>{"1", "3"}));
}

TEST_F(DeltaWrite, AFailedWriteLeavesNoDataFileBehind) {
  Write("SELECT 1::BIGINT AS id", WriteMode::kAppend);
  ASSERT_EQ(ParquetFilesOnDisk(), 1u);
  // Fails while the rows stream into the new file: the partial file may not stay.
  EXPECT_THROW(Write("SELECT i::BIGINT AS id FROM range(3000000) t(i) "
                     "WHERE i < 2000000 OR error('boom') IS NULL",
                     WriteMode::kAppend),
               Error);
  EXPECT_EQ(ParquetFilesOnDisk(), 1u);
  // A commit that loses (a conflicting overwrite) removes the file it wrote as well.
  WriteRequest request;
  request.table_root = table_;
  request.source_sql = "SELECT 2::BIGINT AS id";
  request.mode = WriteMode::kOverwrite;
  request.before_commit = [&] { Write("SELECT 3::BIGINT AS id", WriteMode::kAppend); };
  EXPECT_THROW(WriteTable(request), Error);
  EXPECT_EQ(ParquetFilesOnDisk(), 2u);  // the first write's and the concurrent append's
  EXPECT_EQ(Rows(), (std::vector<std::string>{"1", "3"}));
}

TEST_F(DeltaWrite, ProcessKilledBeforeCommitLeavesTableAtLastVersion) {
  Write("SELECT 1::BIGINT AS id", WriteMode::kAppend);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      WriteRequest request;
      request.table_root = table_;
      request.source_sql = "SELECT 2::BIGINT AS id";
      request.before_commit = [] { ::raise(SIGKILL); };
      WriteTable(request);
    } catch (...) {
    }
    _exit(3);  // not reached when the kill happens
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  EXPECT_EQ(LatestVersion(table_), 0);
  EXPECT_EQ(ParquetFilesOnDisk(), 2u);  // the orphan stays until vacuum
  EXPECT_EQ(Rows(), (std::vector<std::string>{"1"}));
  Write("SELECT 4::BIGINT AS id", WriteMode::kAppend);
  EXPECT_EQ(Rows(), (std::vector<std::string>{"1", "4"}));
}

TEST_F(DeltaWrite, EightWriterProcessesAppendConcurrently) {
  constexpr int kWriters = 8;
  constexpr int kCommitsEach = 5;
  Write("SELECT -1::BIGINT AS writer, -1::BIGINT AS seq", WriteMode::kAppend);
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      int code = 0;
      try {
        for (int i = 0; i < kCommitsEach; ++i) {
          WriteRequest request;
          request.table_root = table_;
          request.source_sql = "SELECT " + std::to_string(w) + "::BIGINT AS writer, " +
                               std::to_string(i) + "::BIGINT AS seq";
          request.max_retries = 200;
          WriteTable(request);
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "writer %d failed: %s\n", w, e.what());
        code = 1;
      }
      _exit(code);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  const int64_t expected_latest = kWriters * kCommitsEach;
  EXPECT_EQ(LatestVersion(table_), expected_latest);
  const LogListing listing = ListLog(NormalizeTableRoot(table_));
  for (int64_t v = 0; v <= expected_latest; ++v) {
    EXPECT_TRUE(listing.commits.contains(v)) << "missing version " << v;
  }
  std::vector<std::string> expected = {"-1|-1"};
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kCommitsEach; ++i) {
      expected.push_back(std::to_string(w) + "|" + std::to_string(i));
    }
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Rows(), expected);
  for (const HistoryEntry& entry : History(table_)) {
    EXPECT_EQ(entry.files_added, 1) << "version " << entry.version;
  }
}

}  // namespace
}  // namespace ff::delta
