// Damaged or hostile logs: an empty commit, a version number beyond int64, an unreadable
// checkpoint (fall back to the commits with a warning), and file paths outside the table.
// Each fails with an error naming the file and the problem, or reads exactly right.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "delta/log_files.hpp"
#include "delta_test_support.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/warnings.hpp"

namespace ff::delta {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class DeltaDamagedLog : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ff_delta_damaged_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    table_ = dir_ + "/t";
    fs::create_directories(table_ + "/_delta_log");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteCommit(int64_t version, const std::vector<json>& actions) {
    std::ofstream out(table_ + "/_delta_log/" + CommitFileName(version));
    for (const json& action : actions) out << action.dump() << "\n";
  }

  // v0: protocol, metaData (id: long) and one add of `path`.
  void CreateWithFile(const std::string& path) {
    const json schema = {
        {"type", "struct"},
        {"fields",
         {{{"name", "id"}, {"type", "long"}, {"nullable", true}, {"metadata", json::object()}}}}};
    WriteCommit(0, {{{"protocol", {{"minReaderVersion", 1}, {"minWriterVersion", 2}}}},
                    {{"metaData",
                      {{"id", "t"},
                       {"format", {{"provider", "parquet"}, {"options", json::object()}}},
                       {"schemaString", schema.dump()},
                       {"partitionColumns", json::array()},
                       {"configuration", json::object()}}}},
                    Add(path)});
  }

  static json Add(const std::string& path) {
    return {{"add",
             {{"path", path},
              {"partitionValues", json::object()},
              {"size", 1},
              {"modificationTime", 1},
              {"dataChange", true}}}};
  }

  std::string dir_, table_;
};

Error ErrorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an ff::Error";
  return Error(ErrorCode::kInternal, "none");
}

TEST_F(DeltaDamagedLog, ALineThatIsNotJsonIsAnErrorNamingTheFileAndTheLine) {
  CreateWithFile("a.parquet");
  std::ofstream(table_ + "/_delta_log/" + CommitFileName(1)) << R"({"commitInfo":{}})"
                                                             << "\n"
                                                             << R"({"add": {"path": "b.parquet",)"
                                                             << "\n";
  const Error e = ErrorOf([&] { LoadSnapshot(table_); });
  EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(std::string(e.what()).find(CommitFileName(1)), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("line 2 is not valid JSON"), std::string::npos) << e.what();
}

TEST_F(DeltaDamagedLog, EmptyCommitFileIsAnErrorNamingIt) {
  CreateWithFile("a.parquet");
  std::ofstream(table_ + "/_delta_log/" + CommitFileName(1));  // 0 bytes
  Error e = ErrorOf([&] { LoadSnapshot(table_); });
  EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(std::string(e.what()).find(CommitFileName(1) + " is empty (0 bytes)"),
            std::string::npos)
      << e.what();
  // Blank lines only: the same, worded for what is there.
  std::ofstream(table_ + "/_delta_log/" + CommitFileName(1)) << "\n  \n";
  e = ErrorOf([&] { LoadSnapshot(table_); });
  EXPECT_NE(std::string(e.what()).find(CommitFileName(1) + " holds no action"), std::string::npos)
      << e.what();
  // The version before it is still readable.
  SnapshotOptions v0;
  v0.version = 0;
  EXPECT_EQ(LoadSnapshot(table_, v0).files.size(), 1u);
}

TEST_F(DeltaDamagedLog, VersionBeyondInt64IsAnErrorNamingTheFile) {
  CreateWithFile("a.parquet");
  std::ofstream(table_ + "/_delta_log/99999999999999999999.json") << "{}\n";
  const Error e = ErrorOf([&] { LoadSnapshot(table_); });
  EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(std::string(e.what()).find("99999999999999999999.json' has a version beyond"),
            std::string::npos)
      << e.what();
}

TEST_F(DeltaDamagedLog, UnreadableCheckpointFallsBackToCommitsWithAWarning) {
  fs::remove_all(table_);
  fs::copy(testing::SharedTable("simple_table_with_checkpoint") + "/delta", table_,
           fs::copy_options::recursive);
  // The shared copy is read-only; this one is ours to damage.
  fs::permissions(table_, fs::perms::owner_write, fs::perm_options::add);
  for (const auto& entry : fs::recursive_directory_iterator(table_)) {
    fs::permissions(entry.path(), fs::perms::owner_write, fs::perm_options::add);
  }
  const std::string checkpoint = table_ + "/_delta_log/00000000000000000010.checkpoint.parquet";
  SnapshotOptions json_only;
  json_only.use_checkpoints = false;
  engine::Session db;
  const std::vector<std::string> expected =
      testing::SortedRows(db, DeltaScanSql(LoadSnapshot(table_, json_only)));

  std::vector<std::string> warnings;
  auto previous = SetWarningHandler([&](const std::string& m) { warnings.push_back(m); });
  for (const std::string& garbage : {std::string("PAR1 not a parquet file"), std::string()}) {
    std::ofstream(checkpoint, std::ios::trunc) << garbage;
    warnings.clear();
    const Snapshot snapshot = LoadSnapshot(table_);
    EXPECT_FALSE(snapshot.checkpoint_version.has_value());
    EXPECT_EQ(testing::SortedRows(db, DeltaScanSql(snapshot)), expected);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("00000000000000000010.checkpoint.parquet' is unreadable"),
              std::string::npos)
        << warnings[0];
  }
  // Without the commits before it there is nothing to fall back to: the error says both.
  fs::remove(table_ + "/_delta_log/" + CommitFileName(0));
  const Error e = ErrorOf([&] { LoadSnapshot(table_); });
  SetWarningHandler(previous);
  EXPECT_NE(std::string(e.what()).find(CommitFileName(0) + " is missing"), std::string::npos)
      << e.what();
  EXPECT_NE(std::string(e.what()).find("checkpoint.parquet' is unreadable"), std::string::npos)
      << e.what();
}

TEST_F(DeltaDamagedLog, FilesOutsideTheTableAreRefused) {
  fs::create_directories(dir_ + "/other");
  engine::Session db;
  db.Execute("COPY (SELECT 1::BIGINT AS id) TO '" + dir_ + "/other/x.parquet'");
  db.Execute("COPY (SELECT 2::BIGINT AS id) TO '" + table_ + "/in.parquet'");
  for (const std::string& path :
       std::vector<std::string>{"../other/x.parquet", "sub/../../other/x.parquet",
                                "%2E%2E/other/x.parquet", "file://" + dir_ + "/other/x.parquet",
                                dir_ + "/other/x.parquet", "file:///etc/hostname"}) {
    fs::remove_all(table_ + "/_delta_log");
    fs::create_directories(table_ + "/_delta_log");
    CreateWithFile(path);
    const Error e = ErrorOf([&] { DeltaScanSql(LoadSnapshot(table_)); });
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << path;
    EXPECT_NE(std::string(e.what()).find("'" + path + "', which is outside the table root"),
              std::string::npos)
        << e.what();
  }
  // Absolute forms that stay inside the table are fine.
  for (const std::string& path : {"file://" + table_ + "/in.parquet", table_ + "/./in.parquet"}) {
    fs::remove_all(table_ + "/_delta_log");
    fs::create_directories(table_ + "/_delta_log");
    CreateWithFile(path);
    EXPECT_EQ(testing::SortedRows(db, DeltaScanSql(LoadSnapshot(table_))),
              std::vector<std::string>{"2"})
        << path;
  }
}

TEST_F(DeltaDamagedLog, DeletionVectorOutsideTheTableIsRefused) {
  CreateWithFile("in.parquet");
  engine::Session db;
  db.Execute("COPY (SELECT 2::BIGINT AS id) TO '" + table_ + "/in.parquet'");
  json add = Add("in.parquet");
  // A UUID-based id whose free-text prefix climbs out of the table.
  add["add"]["deletionVector"] = {{"storageType", "u"},
                                  {"pathOrInlineDv", "../../ab^-aqEH.-t@S}K{vb[*k^"},
                                  {"offset", 1},
                                  {"sizeInBytes", 34},
                                  {"cardinality", 1}};
  json remove = {{"remove", {{"path", "in.parquet"}, {"dataChange", true}}}};
  WriteCommit(1, {remove, add});
  Error e = ErrorOf([&] { DeltaScanSql(LoadSnapshot(table_)); });
  EXPECT_NE(std::string(e.what()).find("outside the table root"), std::string::npos) << e.what();
  add["add"]["deletionVector"]["storageType"] = "p";
  add["add"]["deletionVector"]["pathOrInlineDv"] = "file:///etc/hostname";
  remove["remove"]["deletionVector"] = {{"storageType", "u"},
                                        {"pathOrInlineDv", "../../ab^-aqEH.-t@S}K{vb[*k^"},
                                        {"offset", 1},
                                        {"sizeInBytes", 34},
                                        {"cardinality", 1}};
  WriteCommit(2, {remove, add});
  e = ErrorOf([&] { DeltaScanSql(LoadSnapshot(table_)); });
  EXPECT_NE(std::string(e.what()).find("'file:///etc/hostname', which is outside the table root"),
            std::string::npos)
      << e.what();
}

}  // namespace
}  // namespace ff::delta
