// The two SqlSession kinds. The borrowed one talks to the DuckDB C API directly because the
// connection belongs to the caller (the frames engine); we only run statements on it.
#include "delta/sql_session.hpp"

#include <duckdb.h>

#include <algorithm>

#include "delta/commit_store.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

class PrivateSession final : public SqlSession {
 public:
  PrivateSession() { db_.Execute("SET TimeZone = 'UTC'"); }
  void Execute(const std::string& sql, const std::string& what) override { db_.Execute(sql, what); }
  std::vector<TextRow> QueryText(const std::string& sql, const std::string& what) override {
    return db_.QueryText(sql, what);
  }

 private:
  DeltaDuckDb db_;
};

struct ResultGuard {
  duckdb_result result{};
  ~ResultGuard() { duckdb_destroy_result(&result); }
};

class BorrowedSession final : public SqlSession {
 public:
  explicit BorrowedSession(duckdb_connection connection) : conn_(connection) {
    auto rows = QueryText("SELECT current_setting('TimeZone')", "reading the session time zone");
    if (!rows.empty() && rows[0][0]) saved_time_zone_ = *rows[0][0];
    Execute("SET TimeZone = 'UTC'", "setting the session time zone");
  }
  ~BorrowedSession() override {
    // Leave the lender's connection as we found it; failures here cannot be reported.
    // Newest first: a view may be defined over an older temp object.
    for (auto name = temp_names_.rbegin(); name != temp_names_.rend(); ++name) {
      RunQuietly("DROP VIEW IF EXISTS " + SqlIdent(*name));
      RunQuietly("DROP TABLE IF EXISTS " + SqlIdent(*name));
    }
    temp_names_.clear();
    if (!saved_time_zone_.empty()) RunQuietly("SET TimeZone = " + SqlQuote(saved_time_zone_));
  }

  void Execute(const std::string& sql, const std::string& what) override {
    ResultGuard guard;
    if (duckdb_query(conn_, sql.c_str(), &guard.result) != DuckDBSuccess) Fail(what, guard);
  }

  std::vector<TextRow> QueryText(const std::string& sql, const std::string& what) override {
    const std::string wrapped = "SELECT COLUMNS(*)::VARCHAR FROM (" + sql + ")";
    ResultGuard guard;
    if (duckdb_query(conn_, wrapped.c_str(), &guard.result) != DuckDBSuccess) Fail(what, guard);
    const idx_t columns = duckdb_column_count(&guard.result);
    std::vector<TextRow> rows;
    while (duckdb_data_chunk chunk = duckdb_fetch_chunk(guard.result)) {
      const idx_t size = duckdb_data_chunk_get_size(chunk);
      const size_t first = rows.size();
      rows.resize(first + size, TextRow(columns));
      for (idx_t c = 0; c < columns; ++c) {
        duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, c);
        auto* data = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
        uint64_t* validity = duckdb_vector_get_validity(vector);
        for (idx_t r = 0; r < size; ++r) {
          if (validity && !duckdb_validity_row_is_valid(validity, r)) continue;
          rows[first + r][c] =
              std::string(duckdb_string_t_data(&data[r]), duckdb_string_t_length(data[r]));
        }
      }
      duckdb_destroy_data_chunk(&chunk);
    }
    return rows;
  }

 private:
  [[noreturn]] static void Fail(const std::string& what, ResultGuard& guard) {
    const char* message = duckdb_result_error(&guard.result);
    throw Error(ErrorCode::kEngine,
                "DuckDB failed on " + what + ": " + (message ? message : "unknown error"));
  }
  void RunQuietly(const std::string& sql) {
    ResultGuard guard;
    duckdb_query(conn_, sql.c_str(), &guard.result);
  }

  duckdb_connection conn_;
  std::string saved_time_zone_;
};

}  // namespace

std::string SqlSession::TempName(const std::string& prefix) {
  std::string id = NewUuid();
  id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
  std::string name = "__ff_" + prefix + "_" + id.substr(0, 12);
  temp_names_.push_back(name);
  return name;
}

std::unique_ptr<SqlSession> OpenSqlSession(_duckdb_connection* borrowed) {
  if (borrowed == nullptr) return std::make_unique<PrivateSession>();
  return std::make_unique<BorrowedSession>(borrowed);
}

}  // namespace ff::delta
