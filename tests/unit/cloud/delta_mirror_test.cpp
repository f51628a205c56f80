// Delta tables on an object store through local mirrors: two writers, each with its own mirror
// (as two machines would have), share one in-memory store that honours create-if-absent.
#include "cloud/delta_mirror.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "../delta/delta_test_support.hpp"
#include "delta/log_files.hpp"
#include "flowfile/errors.hpp"

namespace ff::cloud {
namespace {

namespace fs = std::filesystem;

// Objects in memory; keys are "bucket/key". Counts what crosses the "network".
class MemoryStore : public ObjectStore {
 public:
  ObjectInfo Head(const std::string& bucket, const std::string& key) override {
    std::lock_guard lock(mutex_);
    auto it = objects_.find(bucket + "/" + key);
    if (it == objects_.end()) throw Error(ErrorCode::kNotFound, "no object " + key);
    return {key, it->second.size(), std::to_string(it->second.size()), ""};
  }
  std::vector<ObjectInfo> List(const std::string& bucket, const std::string& prefix) override {
    std::lock_guard lock(mutex_);
    std::vector<ObjectInfo> out;
    const std::string full = bucket + "/" + prefix;
    for (auto it = objects_.lower_bound(full); it != objects_.end() && it->first.starts_with(full);
         ++it) {
      out.push_back({it->first.substr(bucket.size() + 1), it->second.size(), "", ""});
    }
    return out;
  }
  std::vector<ObjectInfo> ListFirst(const std::string& bucket, const std::string& prefix,
                                    int limit) override {
    std::vector<ObjectInfo> out = List(bucket, prefix);
    if (out.size() > static_cast<size_t>(limit)) out.resize(static_cast<size_t>(limit));
    return out;
  }
  void GetTo(const std::string& bucket, const std::string& key, const BodyWriter& writer) override {
    std::string copy;
    {
      std::lock_guard lock(mutex_);
      auto it = objects_.find(bucket + "/" + key);
      if (it == objects_.end()) throw Error(ErrorCode::kNotFound, "no object " + key);
      copy = it->second;
      ++downloads_;
    }
    writer(copy);
  }
  void Upload(const std::string& bucket, const std::string& key, const BodyReader& reader,
              uint64_t size) override {
    std::string data;
    ReadExactly(reader, 0, data, size, key);
    std::lock_guard lock(mutex_);
    objects_[bucket + "/" + key] = data;
  }
  bool CreateIfAbsent(const std::string& bucket, const std::string& key,
                      std::string_view content) override {
    std::lock_guard lock(mutex_);
    return objects_.emplace(bucket + "/" + key, std::string(content)).second;
  }
  void Delete(const std::string& bucket, const std::string& key) override {
    std::lock_guard lock(mutex_);
    objects_.erase(bucket + "/" + key);
  }
  std::string Identity() const override { return "memory"; }

  bool Has(const std::string& key) {
    std::lock_guard lock(mutex_);
    return objects_.contains("lake/" + key);
  }
  //! Parquet objects of the table (data files, not checkpoints).
  int DataFiles() {
    std::lock_guard lock(mutex_);
    int count = 0;
    for (const auto& [key, data] : objects_) {
      count += key.starts_with("lake/tables/t/") && key.ends_with(".parquet") &&
               key.find("/_delta_log/") == std::string::npos;
    }
    return count;
  }
  int downloads() {
    std::lock_guard lock(mutex_);
    return downloads_;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::string> objects_;
  int downloads_ = 0;
};

class DeltaMirrorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ff_delta_mirror_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    store_ = std::make_shared<MemoryStore>();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A writer on machine `machine`: its own mirror folder over the shared store.
  std::shared_ptr<DeltaMirror> Mirror(const std::string& machine) {
    return std::make_shared<DeltaMirror>(store_, "lake", "tables/t", "s3://lake/tables/t",
                                         dir_ + "/" + machine);
  }

  delta::WriteResult Write(DeltaMirror& mirror, const std::string& sql, delta::WriteMode mode,
                           std::function<void()> before_commit = {}) {
    mirror.SyncLog();
    const auto publishing = mirror.ScopedPublish();
    delta::WriteRequest request;
    request.table_root = mirror.root();
    request.source_sql = sql;
    request.mode = mode;
    request.checkpoint_interval = 3;
    request.before_commit = std::move(before_commit);
    delta::WriteResult result = delta::WriteTable(request);
    mirror.PushCheckpoints();
    return result;
  }

  std::vector<std::string> Rows(DeltaMirror& mirror, std::optional<int64_t> version = {}) {
    mirror.SyncLog();
    delta::SnapshotOptions at;
    at.version = version;
    const delta::Snapshot snapshot = delta::LoadSnapshot(mirror.root(), at);
    mirror.FetchFiles(snapshot);
    engine::Session db;
    delta::testing::UseUtc(db);
    return delta::testing::SortedRows(db, "SELECT * FROM (" + delta::DeltaScanSql(snapshot) + ")");
  }

  std::string dir_;
  std::shared_ptr<MemoryStore> store_;
};

TEST_F(DeltaMirrorTest, CommitsAndDataFilesLandInTheStore) {
  auto a = Mirror("a");
  Write(*a, "SELECT 1::BIGINT AS id", delta::WriteMode::kAppend);
  Write(*a, "SELECT 2::BIGINT AS id", delta::WriteMode::kAppend);
  EXPECT_TRUE(store_->Has("tables/t/_delta_log/00000000000000000000.json"));
  EXPECT_TRUE(store_->Has("tables/t/_delta_log/00000000000000000001.json"));
  // Another machine, with an empty mirror, reads both versions from the store alone.
  auto b = Mirror("b");
  EXPECT_EQ(Rows(*b), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(Rows(*b, 0), (std::vector<std::string>{"1"}));
}

TEST_F(DeltaMirrorTest, UnchangedFilesAreDownloadedOnce) {
  auto a = Mirror("a");
  Write(*a, "SELECT 1::BIGINT AS id", delta::WriteMode::kAppend);
  auto b = Mirror("b");
  Rows(*b);
  const int after_first = store_->downloads();
  EXPECT_EQ(after_first, 2);  // the commit and the data file
  Rows(*b);
  EXPECT_EQ(store_->downloads(), after_first);
}

TEST_F(DeltaMirrorTest, BlindAppendLosingTheRaceRebasesOnTheWinner) {
  auto a = Mirror("a");
  auto b = Mirror("b");
  Write(*a, "SELECT 1::BIGINT AS id", delta::WriteMode::kAppend);
  const delta::WriteResult result =
      Write(*a, "SELECT 2::BIGINT AS id", delta::WriteMode::kAppend,
            [&] { Write(*b, "SELECT 3::BIGINT AS id", delta::WriteMode::kAppend); });
  EXPECT_EQ(result.version, 2);
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(Rows(*Mirror("c")), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(store_->DataFiles(), 3);  // the rebased commit kept the file it had uploaded
}

TEST_F(DeltaMirrorTest, OverwriteLosingToAnAppendConflictsAndKeepsTheWinner) {
  auto a = Mirror("a");
  auto b = Mirror("b");
  Write(*a, "SELECT 1::BIGINT AS id", delta::WriteMode::kAppend);
  try {
    Write(*a, "SELECT 2::BIGINT AS id", delta::WriteMode::kOverwrite,
          [&] { Write(*b, "SELECT 3::BIGINT AS id", delta::WriteMode::kAppend); });
    FAIL() << "a concurrent append must conflict with an overwrite";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kConflict);
  }
  EXPECT_FALSE(store_->Has("tables/t/_delta_log/00000000000000000002.json"));
  EXPECT_EQ(Rows(*Mirror("c")), (std::vector<std::string>{"1", "3"}));
  EXPECT_EQ(store_->DataFiles(), 2) << "the loser's uploaded file stays in the store";
}

TEST_F(DeltaMirrorTest, CheckpointsAreUploadedAndUsedByOtherMachines) {
  auto a = Mirror("a");
  for (int i = 0; i < 4; ++i) {
    Write(*a, "SELECT " + std::to_string(i) + "::BIGINT AS id", delta::WriteMode::kAppend);
  }
  EXPECT_TRUE(store_->Has("tables/t/_delta_log/00000000000000000003.checkpoint.parquet"));
  EXPECT_TRUE(store_->Has("tables/t/_delta_log/_last_checkpoint"));
  auto b = Mirror("b");
  b->SyncLog();
  EXPECT_EQ(delta::LoadSnapshot(b->root()).checkpoint_version, 3);
  EXPECT_EQ(Rows(*b).size(), 4u);
}

TEST_F(DeltaMirrorTest, ATableRecreatedInTheStoreIsNotMixedWithTheOldLog) {
  auto a = Mirror("a");
  Write(*a, "SELECT 1::BIGINT AS id", delta::WriteMode::kAppend);
  Write(*a, "SELECT 2::BIGINT AS id", delta::WriteMode::kAppend);
  auto b = Mirror("b");
  EXPECT_EQ(Rows(*b).size(), 2u);
  // The table is deleted and written again elsewhere: b's mirror must follow the store.
  store_ = std::make_shared<MemoryStore>();
  auto fresh = std::make_shared<DeltaMirror>(store_, "lake", "tables/t", "s3://lake/tables/t",
                                             dir_ + "/elsewhere");
  Write(*fresh, "SELECT 9::BIGINT AS id", delta::WriteMode::kAppend);
  auto b_again =
      std::make_shared<DeltaMirror>(store_, "lake", "tables/t", "s3://lake/tables/t", dir_ + "/b");
  b_again->SyncLog();
  EXPECT_EQ(delta::ListLog(b_again->root()).commits.size(), 1u);
}

TEST_F(DeltaMirrorTest, ALogNamingAFileOutsideTheTableIsRefused) {
  // Whoever can write the bucket writes the log: a path with ".." must not escape the mirror.
  const std::string commit =
      R"({"protocol":{"minReaderVersion":1,"minWriterVersion":2}})"
      "\n"
      R"({"metaData":{"id":"x","format":{"provider":"parquet","options":{}},)"
      R"("schemaString":"{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",)"
      R"(\"nullable\":true,\"metadata\":{}}]}","partitionColumns":[],"configuration":{}}})"
      "\n"
      R"({"add":{"path":"../../escaped.parquet","partitionValues":{},"size":4,)"
      R"("modificationTime":0,"dataChange":true}})"
      "\n";
  ASSERT_TRUE(
      store_->CreateIfAbsent("lake", "tables/t/_delta_log/00000000000000000000.json", commit));
  ASSERT_TRUE(store_->CreateIfAbsent("lake", "escaped.parquet", "PAR1"));
  auto b = Mirror("b");
  b->SyncLog();
  try {
    // The log replay already refuses the path (before anything is fetched); FetchFiles
    // refuses it too, for a snapshot made elsewhere.
    b->FetchFiles(delta::LoadSnapshot(b->root()));
    FAIL() << "a path outside the table must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("outside the table"), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(fs::path(b->root()).parent_path().parent_path() / "escaped.parquet"));
}

}  // namespace
}  // namespace ff::cloud
