#include "engine/engine.hpp"

#include <thread>

#include "engine/cancel.hpp"
#include "engine/indel_similarity.hpp"
#include "engine/logical_type_name.hpp"
#include "engine/query_progress.hpp"
#include "flowfile/errors.hpp"

namespace ff::engine {

// ---------------------------------------------------------------- Result

Result::~Result() {
  if (valid_) duckdb_destroy_result(&result_);
}

Result::Result(Result&& other) noexcept : result_(other.result_), valid_(other.valid_) {
  other.valid_ = false;
  other.result_ = {};
}

Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    if (valid_) duckdb_destroy_result(&result_);
    result_ = other.result_;
    valid_ = other.valid_;
    other.valid_ = false;
    other.result_ = {};
  }
  return *this;
}

idx_t Result::column_count() { return duckdb_column_count(&result_); }

std::string Result::column_name(idx_t index) {
  const char* name = duckdb_column_name(&result_, index);
  return name ? name : "";
}

duckdb_data_chunk Result::NextChunk() { return duckdb_fetch_chunk(result_); }

// ---------------------------------------------------------------- Connection

Connection::Connection(duckdb_database db) {
  if (duckdb_connect(db, &conn_) != DuckDBSuccess) {
    throw Error(ErrorCode::kEngine, "could not open a DuckDB connection");
  }
}

Connection::~Connection() {
  UnbindCancel(this);
  duckdb_disconnect(&conn_);
}

namespace {

[[noreturn]] void ThrowResultError(duckdb_result& result) {
  const char* message = duckdb_result_error(&result);
  std::string text = message ? message : "unknown DuckDB error";
  const duckdb_error_type type = duckdb_result_error_type(&result);
  duckdb_destroy_result(&result);
  // DuckDB quotes the failing SQL after "LINE n:"; users did not write that SQL, so it goes.
  if (const auto line = text.find("\n\nLINE "); line != std::string::npos) text.resize(line);
  if (const auto line = text.find("\nLINE "); line != std::string::npos) text.resize(line);
  if (type == DUCKDB_ERROR_INTERRUPT) {
    throw Error(ErrorCode::kEngine, "the query was cancelled");
  }
  if (type == DUCKDB_ERROR_OUT_OF_MEMORY) {
    throw Error(ErrorCode::kEngine,
                text + " (raise ff.config(memory_limit=...) or set a spill directory)");
  }
  throw Error(ErrorCode::kEngine, text);
}

}  // namespace

void Connection::RestoreOptimizer() const {
  if (!optimizer_off_) return;
  duckdb_result ignored;
  duckdb_query(conn_, "PRAGMA enable_optimizer", &ignored);
  duckdb_destroy_result(&ignored);
  optimizer_off_ = false;
}

void Connection::Execute(const std::string& sql) {
  ThrowIfRunCancelled();
  RestoreOptimizer();
  EnableProgressTracking(conn_, progress_tracking_);
  duckdb_result result;
  QueryProgressWatch watch(conn_);
  if (duckdb_query(conn_, sql.c_str(), &result) != DuckDBSuccess) ThrowResultError(result);
  duckdb_destroy_result(&result);
}

int64_t Connection::ExecuteCount(const std::string& sql) {
  ThrowIfRunCancelled();
  RestoreOptimizer();
  EnableProgressTracking(conn_, progress_tracking_);
  duckdb_result result;
  QueryProgressWatch watch(conn_);
  if (duckdb_query(conn_, sql.c_str(), &result) != DuckDBSuccess) ThrowResultError(result);
  int64_t count = 0;
  if (duckdb_column_count(&result) > 0) {
    if (duckdb_data_chunk chunk = duckdb_fetch_chunk(result)) {
      duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, 0);
      duckdb_logical_type type = duckdb_vector_get_column_type(vector);
      if (duckdb_data_chunk_get_size(chunk) > 0 && duckdb_get_type_id(type) == DUCKDB_TYPE_BIGINT) {
        count = static_cast<const int64_t*>(duckdb_vector_get_data(vector))[0];
      }
      duckdb_destroy_logical_type(&type);
      duckdb_destroy_data_chunk(&chunk);
    }
  }
  duckdb_destroy_result(&result);
  return count;
}

Result Connection::Query(const std::string& sql) {
  ThrowIfRunCancelled();
  RestoreOptimizer();
  // Prepared + streaming: chunks are produced while the caller consumes them, so a large
  // result is never held in full by DuckDB's result object.
  duckdb_prepared_statement prepared = nullptr;
  if (duckdb_prepare(conn_, sql.c_str(), &prepared) != DuckDBSuccess) {
    std::string message = duckdb_prepare_error(prepared) ? duckdb_prepare_error(prepared) : "";
    duckdb_destroy_prepare(&prepared);
    if (const auto line = message.find("\nLINE "); line != std::string::npos) {
      message.resize(line);
      while (!message.empty() && message.back() == '\n') message.pop_back();
    }
    throw Error(ErrorCode::kEngine,
                message.empty() ? "DuckDB could not prepare the query" : message);
  }
  Result out;
  const duckdb_state state = duckdb_execute_prepared_streaming(prepared, &out.result_);
  duckdb_destroy_prepare(&prepared);
  if (state != DuckDBSuccess) ThrowResultError(out.result_);
  out.valid_ = true;
  return out;
}

std::vector<TextRow> Connection::QueryText(const std::string& sql) {
  ThrowIfRunCancelled();
  RestoreOptimizer();
  const std::string wrapped = "SELECT COLUMNS(*)::VARCHAR FROM (" + sql + ")";
  duckdb_result result;
  if (duckdb_query(conn_, wrapped.c_str(), &result) != DuckDBSuccess) ThrowResultError(result);
  std::vector<TextRow> rows;
  const idx_t columns = duckdb_column_count(&result);
  for (;;) {
    duckdb_data_chunk chunk = duckdb_fetch_chunk(result);
    if (!chunk) break;
    const idx_t size = duckdb_data_chunk_get_size(chunk);
    std::vector<duckdb_string_t*> data(columns);
    std::vector<uint64_t*> validity(columns);
    for (idx_t c = 0; c < columns; ++c) {
      duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, c);
      data[c] = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
      validity[c] = duckdb_vector_get_validity(vector);
    }
    for (idx_t r = 0; r < size; ++r) {
      TextRow row(columns);
      for (idx_t c = 0; c < columns; ++c) {
        if (validity[c] && !duckdb_validity_row_is_valid(validity[c], r)) continue;
        duckdb_string_t& s = data[c][r];
        row[c] = std::string(duckdb_string_t_data(&s), duckdb_string_t_length(s));
      }
      rows.push_back(std::move(row));
    }
    duckdb_destroy_data_chunk(&chunk);
  }
  duckdb_destroy_result(&result);
  return rows;
}

namespace {

void SetOptimizer(duckdb_connection conn, bool on) {
  duckdb_result ignored;
  duckdb_query(conn, on ? "PRAGMA enable_optimizer" : "PRAGMA disable_optimizer", &ignored);
  duckdb_destroy_result(&ignored);
}

// Preparing binds and plans without running; the result types come from the statement.
// (Several times cheaper than a DESCRIBE query, which prepares too and then builds a result.)
// Only the binder's answer is wanted, so callers switch the optimizer off first.
std::vector<ColumnType> PreparedColumns(duckdb_connection conn, const std::string& select_sql) {
  duckdb_prepared_statement prepared = nullptr;
  const duckdb_state state = duckdb_prepare(conn, select_sql.c_str(), &prepared);
  if (state != DuckDBSuccess) {
    std::string message = duckdb_prepare_error(prepared) ? duckdb_prepare_error(prepared) : "";
    duckdb_destroy_prepare(&prepared);
    if (const auto line = message.find("\nLINE "); line != std::string::npos) {
      message.resize(line);
      while (!message.empty() && message.back() == '\n') message.pop_back();
    }
    throw Error(ErrorCode::kEngine, message.empty() ? "DuckDB could not bind the query" : message);
  }
  std::vector<ColumnType> columns;
  const idx_t count = duckdb_prepared_statement_column_count(prepared);
  for (idx_t i = 0; i < count; ++i) {
    duckdb_logical_type type = duckdb_prepared_statement_column_logical_type(prepared, i);
    // The C API hands out a copy of the name (const in its signature) that the caller frees.
    const char* name = duckdb_prepared_statement_column_name(prepared, i);
    columns.push_back({name ? name : "", LogicalTypeName(type)});
    duckdb_free(const_cast<char*>(name));
    duckdb_destroy_logical_type(&type);
  }
  duckdb_destroy_prepare(&prepared);
  return columns;
}

}  // namespace

std::vector<ColumnType> Connection::DescribeOn(duckdb_connection conn,
                                               const std::string& select_sql) {
  SetOptimizer(conn, false);
  try {
    std::vector<ColumnType> columns = PreparedColumns(conn, select_sql);
    SetOptimizer(conn, true);
    return columns;
  } catch (...) {
    SetOptimizer(conn, true);
    throw;
  }
}

std::vector<ColumnType> Connection::Describe(const std::string& select_sql) {
  if (!optimizer_off_) SetOptimizer(conn_, false);
  optimizer_off_ = true;
  return PreparedColumns(conn_, select_sql);
}

// ---------------------------------------------------------------- pool

PooledConnection::~PooledConnection() {
  if (engine_ && connection_) engine_->Release(std::move(connection_));
}

bool FunctionRegistered(duckdb_connection conn, const std::string& name) {
  duckdb_result result;
  const std::string sql =
      "SELECT count(*) FROM duckdb_functions() WHERE function_name = " + Quote(name);
  if (duckdb_query(conn, sql.c_str(), &result) != DuckDBSuccess) {
    duckdb_destroy_result(&result);
    return false;
  }
  const bool exists = duckdb_value_int64(&result, 0, 0) > 0;
  duckdb_destroy_result(&result);
  return exists;
}

Engine& Engine::Get() {
  static Engine* engine = new Engine();  // never destroyed: frames may outlive static teardown
  return *engine;
}

Engine::Engine() {
  duckdb_config config = nullptr;
  duckdb_create_config(&config);
  // Result tables are session data; nothing else should be persisted or auto-loaded.
  duckdb_set_config(config, "autoload_known_extensions", "false");
  duckdb_set_config(config, "autoinstall_known_extensions", "false");
  char* error = nullptr;
  const duckdb_state state = duckdb_open_ext(nullptr, &db_, config, &error);
  duckdb_destroy_config(&config);
  if (state != DuckDBSuccess) {
    std::string message = error ? error : "unknown error";
    duckdb_free(error);
    throw Error(ErrorCode::kEngine, "could not open the DuckDB engine: " + message);
  }
  settings_.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Our own SQL functions, for every connection of the one database.
  Connection setup(db_);
  RegisterIndelSimilarity(setup.raw());
}

Engine::~Engine() {
  idle_.clear();
  duckdb_close(&db_);
}

PooledConnection Engine::Acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      BindCancel(connection.get());
      return PooledConnection(this, std::move(connection));
    }
  }
  auto connection = std::make_unique<Connection>(db_);
  BindCancel(connection.get());
  return PooledConnection(this, std::move(connection));
}

std::unique_ptr<Connection> Engine::Connect() {
  auto connection = std::make_unique<Connection>(db_);
  BindCancel(connection.get());
  return connection;
}

void Engine::Release(std::unique_ptr<Connection> connection) {
  UnbindCancel(connection.get());
  std::lock_guard lock(mutex_);
  if (idle_.size() < 8) idle_.push_back(std::move(connection));
}

void Engine::Configure(const EngineSettings& settings) {
  auto connection = Acquire();
  if (settings.threads > 0) {
    connection->Execute("SET threads = " + std::to_string(settings.threads));
  }
  if (!settings.memory_limit.empty()) {
    connection->Execute("SET memory_limit = " + Quote(settings.memory_limit));
  }
  if (!settings.temp_directory.empty()) {
    connection->Execute("SET temp_directory = " + Quote(settings.temp_directory));
  }
  if (settings.preserve_insertion_order) {
    connection->Execute(std::string("SET preserve_insertion_order = ") +
                        (*settings.preserve_insertion_order ? "true" : "false"));
  }
  std::lock_guard lock(mutex_);
  if (settings.threads > 0) settings_.threads = settings.threads;
  if (!settings.memory_limit.empty()) settings_.memory_limit = settings.memory_limit;
  if (!settings.temp_directory.empty()) settings_.temp_directory = settings.temp_directory;
  if (settings.preserve_insertion_order) {
    settings_.preserve_insertion_order = settings.preserve_insertion_order;
  }
}

EngineSettings Engine::settings() const {
  std::lock_guard lock(mutex_);
  return settings_;
}

std::string Engine::NewTableName(const std::string& prefix) {
  std::lock_guard lock(mutex_);
  return prefix + std::to_string(++next_name_);
}

}  // namespace ff::engine
