// ff_scan(id) through real DuckDB SQL, fed by an in-memory fake TableSource.
#include "drivers/scan_function.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <thread>

#include "engine/engine.hpp"
#include "flowfile/errors.hpp"

namespace ff::drivers {
namespace {

// Rows i = 0..rows-1: id = i (BIGINT), name = "name-i" (VARCHAR, NULL when i % 7 == 3),
// score = i * 2 (INTEGER, NULL when i % 5 == 0).
class FakeSource : public TableSource {
 public:
  explicit FakeSource(int64_t rows) : rows_(rows) {}

  std::vector<SourceColumn> Columns() override {
    ++columns_calls;
    std::vector<SourceColumn> out;
    out.emplace_back("id", duckdb_create_logical_type(DUCKDB_TYPE_BIGINT));
    out.emplace_back("name", duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR));
    out.emplace_back("score", duckdb_create_logical_type(DUCKDB_TYPE_INTEGER));
    return out;
  }

  std::unique_ptr<RowStream> Open(const std::vector<idx_t>& projected) override {
    last_projection = projected;
    return std::make_unique<Stream>(this,
                                    projected.empty() ? std::vector<idx_t>{0, 1, 2} : projected);
  }

  std::string Describe() const override { return "fake source"; }

  std::atomic<int> columns_calls{0};
  std::vector<idx_t> last_projection;
  int64_t fail_after_rows = -1;        //!< Fill throws once this many rows were produced
  bool block_until_cancelled = false;  //!< Fill waits for Cancel()

 private:
  class Stream : public RowStream {
   public:
    Stream(FakeSource* owner, std::vector<idx_t> columns)
        : owner_(owner), columns_(std::move(columns)) {}

    idx_t Fill(duckdb_data_chunk chunk) override {
      if (owner_->block_until_cancelled) {
        std::unique_lock lock(mutex_);
        cancelled_cv_.wait_for(lock, std::chrono::seconds(20), [&] { return cancelled_; });
        throw Error(ErrorCode::kIo, "fake source: read cancelled");
      }
      if (owner_->fail_after_rows >= 0 && next_ >= owner_->fail_after_rows)
        throw Error(ErrorCode::kPermissionDenied, "fake source refused the read");
      const idx_t capacity = duckdb_vector_size();
      idx_t rows = 0;
      for (; rows < capacity && next_ < owner_->rows_; ++rows, ++next_) {
        for (idx_t c = 0; c < columns_.size(); ++c) {
          WriteCell(duckdb_data_chunk_get_vector(chunk, c), columns_[c], rows, next_);
        }
      }
      return rows;
    }

    void Cancel() override {
      std::lock_guard lock(mutex_);
      cancelled_ = true;
      cancelled_cv_.notify_all();
    }

   private:
    static void SetNull(duckdb_vector vector, idx_t row) {
      duckdb_vector_ensure_validity_writable(vector);
      duckdb_validity_set_row_invalid(duckdb_vector_get_validity(vector), row);
    }

    static void WriteCell(duckdb_vector vector, idx_t column, idx_t row, int64_t i) {
      switch (column) {
        case 0: static_cast<int64_t*>(duckdb_vector_get_data(vector))[row] = i; break;
        case 1:
          if (i % 7 == 3) {
            SetNull(vector, row);
          } else {
            const std::string text = "name-" + std::to_string(i);
            duckdb_vector_assign_string_element_len(vector, row, text.data(), text.size());
          }
          break;
        default:
          if (i % 5 == 0) {
            SetNull(vector, row);
          } else {
            static_cast<int32_t*>(duckdb_vector_get_data(vector))[row] =
                static_cast<int32_t>(i * 2);
          }
      }
    }

    FakeSource* owner_;
    std::vector<idx_t> columns_;
    int64_t next_ = 0;
    std::mutex mutex_;
    std::condition_variable cancelled_cv_;
    bool cancelled_ = false;
  };

  int64_t rows_;
};

class ScanFunctionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(duckdb_open(nullptr, &db_), DuckDBSuccess);
    connection_ = std::make_unique<engine::Connection>(db_);
    RegisterScanFunction(connection_->raw());
  }
  void TearDown() override {
    for (const auto& id : ids_) SourceRegistry::Global().Unregister(id);
    connection_.reset();
    duckdb_close(&db_);
  }
  std::string Add(std::shared_ptr<TableSource> source) {
    ids_.push_back(SourceRegistry::Global().Register(std::move(source)));
    return ids_.back();
  }
  std::optional<std::string> One(const std::string& sql) {
    auto rows = connection_->QueryText(sql);
    EXPECT_EQ(rows.size(), 1u) << sql;
    return rows.at(0).at(0);
  }

  duckdb_database db_ = nullptr;
  std::unique_ptr<engine::Connection> connection_;
  std::vector<std::string> ids_;
};

TEST_F(ScanFunctionTest, ReadsEveryRowAcrossManyChunksWithNulls) {
  const int64_t rows = 10 * 2048 + 17;
  const std::string id = Add(std::make_shared<FakeSource>(rows));
  auto result = connection_->QueryText(
      "SELECT count(*), count(name), count(score), sum(id), sum(score), min(name), max(id) "
      "FROM ff_scan('" +
      id + "')");
  ASSERT_EQ(result.size(), 1u);
  const auto& row = result[0];
  int64_t null_names = 0, null_scores = 0, score_sum = 0;
  for (int64_t i = 0; i < rows; ++i) {
    null_names += (i % 7 == 3);
    if (i % 5 == 0) {
      ++null_scores;
    } else {
      score_sum += i * 2;
    }
  }
  EXPECT_EQ(row[0], std::to_string(rows));
  EXPECT_EQ(row[1], std::to_string(rows - null_names));
  EXPECT_EQ(row[2], std::to_string(rows - null_scores));
  EXPECT_EQ(row[3], std::to_string(rows * (rows - 1) / 2));
  EXPECT_EQ(row[4], std::to_string(score_sum));
  EXPECT_EQ(row[5], "name-0");
  EXPECT_EQ(row[6], std::to_string(rows - 1));
}

TEST_F(ScanFunctionTest, ValuesAndNullsArriveInOrder) {
  const std::string id = Add(std::make_shared<FakeSource>(6));
  auto rows = connection_->QueryText("SELECT id, name, score FROM ff_scan('" + id + "')");
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[3][0], "3");
  EXPECT_EQ(rows[3][1], std::nullopt);
  EXPECT_EQ(rows[3][2], "6");
  EXPECT_EQ(rows[0][2], std::nullopt);
  EXPECT_EQ(rows[5][1], "name-5");
}

TEST_F(ScanFunctionTest, OnlyTheUsedColumnsAreOpened) {
  auto source = std::make_shared<FakeSource>(100);
  const std::string id = Add(source);
  EXPECT_EQ(One("SELECT max(score) FROM ff_scan('" + id + "')"), "198");
  EXPECT_EQ(source->last_projection, (std::vector<idx_t>{2}));
  EXPECT_EQ(One("SELECT string_agg(name, ',' ORDER BY id) FROM ff_scan('" + id + "') WHERE id < 3"),
            "name-0,name-1,name-2");
  ASSERT_EQ(source->last_projection.size(), 2u);
  EXPECT_EQ(One("SELECT count(*) FROM ff_scan('" + id + "')"), "100");
}

TEST_F(ScanFunctionTest, UnknownIdIsAClearError) {
  try {
    connection_->QueryText("SELECT * FROM ff_scan('src-does-not-exist')");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown source id 'src-does-not-exist'"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(ScanFunctionTest, SourceFailureKeepsItsCode) {
  auto source = std::make_shared<FakeSource>(10000);
  source->fail_after_rows = 4096;
  const std::string id = Add(source);
  try {
    connection_->QueryText("SELECT count(*) FROM ff_scan('" + id + "')");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("fake source refused the read"), std::string::npos);
  }
  auto failure = SourceRegistry::Global().TakeFailure(id);
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->code(), ErrorCode::kPermissionDenied);
  EXPECT_FALSE(SourceRegistry::Global().TakeFailure(id).has_value());
}

TEST_F(ScanFunctionTest, CancelReachesTheOpenStream) {
  auto source = std::make_shared<FakeSource>(10);
  source->block_until_cancelled = true;
  const std::string id = Add(source);
  std::atomic<bool> failed{false};
  std::thread reader([&] {
    try {
      connection_->QueryText("SELECT count(*) FROM ff_scan('" + id + "')");
    } catch (const Error&) {
      failed = true;
    }
  });
  const auto start = std::chrono::steady_clock::now();
  size_t asked = 0;
  while (asked == 0 && std::chrono::steady_clock::now() - start < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    asked = SourceRegistry::Global().Cancel(id);
  }
  reader.join();
  EXPECT_EQ(asked, 1u);
  EXPECT_TRUE(failed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(SourceRegistry::Global().Cancel(id), 0u) << "the finished scan left no open stream";
}

TEST_F(ScanFunctionTest, RegisteringTwiceIsHarmlessAndIdsAreUnique) {
  RegisterScanFunction(connection_->raw());
  engine::Connection other(db_);
  RegisterScanFunction(other.raw());
  const std::string a = Add(std::make_shared<FakeSource>(1));
  const std::string b = Add(std::make_shared<FakeSource>(2));
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("src-", 0), 0u);
  auto rows = other.QueryText("SELECT count(*) FROM ff_scan('" + b + "')");
  EXPECT_EQ(rows.at(0).at(0), "2");
  EXPECT_TRUE(SourceRegistry::Global().Unregister(b));
  EXPECT_FALSE(SourceRegistry::Global().Unregister(b));
  EXPECT_THROW(other.QueryText("SELECT count(*) FROM ff_scan('" + b + "')"), Error);
}

}  // namespace
}  // namespace ff::drivers
