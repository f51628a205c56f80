#include "engine/delta_duckdb.hpp"

#include <duckdb.h>

#include "flowfile/errors.hpp"

namespace ff::delta {

struct DeltaDuckDb::Handles {
  duckdb_database db = nullptr;
  duckdb_connection conn = nullptr;
};

namespace {

// Owns a duckdb_result so every exit path destroys it.
struct ResultGuard {
  duckdb_result result{};
  ~ResultGuard() { duckdb_destroy_result(&result); }
};

[[noreturn]] void ThrowQueryError(const std::string& what, duckdb_result& result) {
  const char* message = duckdb_result_error(&result);
  throw Error(ErrorCode::kEngine,
              "DuckDB failed on " + what + ": " + (message ? message : "unknown error"));
}

}  // namespace

DeltaDuckDb::DeltaDuckDb() : handles_(std::make_unique<Handles>()) {
  if (duckdb_open(nullptr, &handles_->db) != DuckDBSuccess) {
    throw Error(ErrorCode::kEngine, "could not open an in-memory DuckDB database");
  }
  if (duckdb_connect(handles_->db, &handles_->conn) != DuckDBSuccess) {
    duckdb_close(&handles_->db);
    throw Error(ErrorCode::kEngine, "could not connect to the in-memory DuckDB database");
  }
}

DeltaDuckDb::~DeltaDuckDb() {
  duckdb_disconnect(&handles_->conn);
  duckdb_close(&handles_->db);
}

void DeltaDuckDb::Execute(const std::string& sql, const std::string& what) {
  ResultGuard guard;
  if (duckdb_query(handles_->conn, sql.c_str(), &guard.result) != DuckDBSuccess) {
    ThrowQueryError(what, guard.result);
  }
}

std::vector<TextRow> DeltaDuckDb::QueryText(const std::string& sql, const std::string& what) {
  // Cast every column to VARCHAR inside DuckDB so one fetch path serves any result shape.
  const std::string wrapped = "SELECT COLUMNS(*)::VARCHAR FROM (" + sql + ")";
  ResultGuard guard;
  if (duckdb_query(handles_->conn, wrapped.c_str(), &guard.result) != DuckDBSuccess) {
    ThrowQueryError(what, guard.result);
  }
  const idx_t columns = duckdb_column_count(&guard.result);
  std::vector<TextRow> rows;
  while (true) {
    duckdb_data_chunk chunk = duckdb_fetch_chunk(guard.result);
    if (!chunk) break;
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

}  // namespace ff::delta
