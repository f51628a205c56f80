#include "drivers/scan_function.hpp"

#include <cstdio>
#include <exception>
#include <vector>

#include "engine/engine.hpp"

namespace ff::drivers {

// ---------------------------------------------------------------- registry

SourceRegistry& SourceRegistry::Global() {
  // Never destroyed: scans may still run while static objects are torn down.
  static SourceRegistry* registry = new SourceRegistry();
  return *registry;
}

std::string SourceRegistry::Register(std::shared_ptr<TableSource> source) {
  if (!source) throw Error(ErrorCode::kInternal, "SourceRegistry::Register: null source");
  std::lock_guard lock(mutex_);
  std::string id = "src-" + std::to_string(++next_id_);
  sources_.emplace(id, std::move(source));
  return id;
}

bool SourceRegistry::Unregister(const std::string& id) {
  std::lock_guard lock(mutex_);
  failures_.erase(id);
  return sources_.erase(id) > 0;
}

std::shared_ptr<TableSource> SourceRegistry::Find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = sources_.find(id);
  return it == sources_.end() ? nullptr : it->second;
}

size_t SourceRegistry::Cancel(const std::string& id) {
  // Held while cancelling so a stream cannot be destroyed under our feet.
  std::lock_guard lock(mutex_);
  size_t asked = 0;
  auto [begin, end] = open_streams_.equal_range(id);
  for (auto it = begin; it != end; ++it, ++asked) it->second->Cancel();
  return asked;
}

std::optional<Error> SourceRegistry::TakeFailure(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(id);
  if (it == failures_.end()) return std::nullopt;
  Error error = it->second;
  failures_.erase(it);
  return error;
}

void SourceRegistry::RecordFailure(const std::string& id, const Error& error) {
  std::lock_guard lock(mutex_);
  failures_.insert_or_assign(id, error);
}

void SourceRegistry::AddOpenStream(const std::string& id, RowStream* stream) {
  std::lock_guard lock(mutex_);
  open_streams_.emplace(id, stream);
}

void SourceRegistry::RemoveOpenStream(const std::string& id, RowStream* stream) {
  std::lock_guard lock(mutex_);
  auto [begin, end] = open_streams_.equal_range(id);
  for (auto it = begin; it != end; ++it) {
    if (it->second == stream) {
      open_streams_.erase(it);
      return;
    }
  }
}

// ---------------------------------------------------------------- table function

namespace {

constexpr const char* kFunctionName = "ff_scan";

struct BindData {
  std::string id;
  std::shared_ptr<TableSource> source;
  idx_t column_count = 0;
};

// Owns the stream for one scan and keeps it visible to SourceRegistry::Cancel meanwhile.
struct ScanState {
  std::string id;
  std::unique_ptr<RowStream> stream;
  bool finished = false;

  ~ScanState() {
    if (stream) SourceRegistry::Global().RemoveOpenStream(id, stream.get());
  }
};

// Runs `body`; on failure records it for TakeFailure and hands DuckDB its message.
template <typename Body, typename Report>
void Guarded(const std::string& id, Body&& body, Report&& report) {
  try {
    body();
  } catch (const Error& e) {
    if (!id.empty()) SourceRegistry::Global().RecordFailure(id, e);
    report(e.what());
  } catch (const std::exception& e) {
    const Error wrapped(ErrorCode::kInternal, std::string("ff_scan: ") + e.what());
    if (!id.empty()) SourceRegistry::Global().RecordFailure(id, wrapped);
    report(wrapped.what());
  }
}

void DeleteBindData(void* data) { delete static_cast<BindData*>(data); }
void DeleteScanState(void* data) { delete static_cast<ScanState*>(data); }

std::string ReadIdParameter(duckdb_bind_info info) {
  duckdb_value value = duckdb_bind_get_parameter(info, 0);
  if (!value || duckdb_is_null_value(value)) {
    if (value) duckdb_destroy_value(&value);
    throw Error(ErrorCode::kInvalidArgument, "ff_scan: the source id must not be NULL");
  }
  char* text = duckdb_get_varchar(value);
  std::string id = text ? text : "";
  duckdb_free(text);
  duckdb_destroy_value(&value);
  return id;
}

void Bind(duckdb_bind_info info) {
  std::string id;
  Guarded(
      id,
      [&] {
        const std::string requested = ReadIdParameter(info);
        auto source = SourceRegistry::Global().Find(requested);
        if (!source) {
          throw Error(ErrorCode::kNotFound,
                      "ff_scan: unknown source id '" + requested +
                          "'; expected an id returned by SourceRegistry::Register (e.g. 'src-1')");
        }
        id = requested;  // from here on, failures are recorded for TakeFailure
        std::vector<SourceColumn> columns = source->Columns();
        for (const SourceColumn& column : columns) {
          duckdb_bind_add_result_column(info, column.name().c_str(), column.type());
        }
        auto data = std::make_unique<BindData>();
        data->id = id;
        data->source = std::move(source);
        data->column_count = columns.size();
        duckdb_bind_set_bind_data(info, data.release(), DeleteBindData);
      },
      [&](const char* message) { duckdb_bind_set_error(info, message); });
}

void Init(duckdb_init_info info) {
  auto* bind = static_cast<BindData*>(duckdb_init_get_bind_data(info));
  Guarded(
      bind->id,
      [&] {
        // Indexes past the real columns are DuckDB's virtual ones (row id, "empty" column
        // for count(*)): the source has nothing to produce for them.
        std::vector<idx_t> projected;
        const idx_t count = duckdb_init_get_column_count(info);
        for (idx_t i = 0; i < count; ++i) {
          const idx_t index = duckdb_init_get_column_index(info, i);
          if (index < bind->column_count) projected.push_back(index);
        }
        auto state = std::make_unique<ScanState>();
        state->id = bind->id;
        state->stream = bind->source->Open(projected);
        if (!state->stream) throw Error(ErrorCode::kInternal, "ff_scan: Open() gave no stream");
        SourceRegistry::Global().AddOpenStream(state->id, state->stream.get());
        duckdb_init_set_max_threads(info, 1);
        duckdb_init_set_init_data(info, state.release(), DeleteScanState);
      },
      [&](const char* message) { duckdb_init_set_error(info, message); });
}

void Scan(duckdb_function_info info, duckdb_data_chunk output) {
  auto* state = static_cast<ScanState*>(duckdb_function_get_init_data(info));
  Guarded(
      state->id,
      [&] {
        if (state->finished) {
          duckdb_data_chunk_set_size(output, 0);
          return;
        }
        const idx_t rows = state->stream->Fill(output);
        duckdb_data_chunk_set_size(output, rows);
        if (rows == 0) state->finished = true;
      },
      [&](const char* message) { duckdb_function_set_error(info, message); });
}

}  // namespace

void RegisterScanFunction(duckdb_connection conn) {
  if (engine::FunctionRegistered(conn, kFunctionName)) return;
  duckdb_table_function function = duckdb_create_table_function();
  duckdb_table_function_set_name(function, kFunctionName);
  duckdb_logical_type varchar = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
  duckdb_table_function_add_parameter(function, varchar);
  duckdb_destroy_logical_type(&varchar);
  duckdb_table_function_set_bind(function, Bind);
  duckdb_table_function_set_init(function, Init);
  duckdb_table_function_set_function(function, Scan);
  duckdb_table_function_supports_projection_pushdown(function, true);
  const duckdb_state state = duckdb_register_table_function(conn, function);
  duckdb_destroy_table_function(&function);
  // Two connections may race to register: losing that race is fine.
  if (state != DuckDBSuccess && !engine::FunctionRegistered(conn, kFunctionName)) {
    throw Error(ErrorCode::kEngine, "DuckDB refused to register the ff_scan table function");
  }
}

}  // namespace ff::drivers
