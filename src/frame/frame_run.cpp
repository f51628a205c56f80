// Running plans: collect() into an engine table, explain(), and file writes that land
// atomically (temporary file, then rename).
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "engine/engine.hpp"
#include "engine/value_reader.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/frame.hpp"
#include "flowfile/progress.hpp"
#include "frame/compiler.hpp"
#include "frame/database_nodes.hpp"
#include "frame/file_writer.hpp"

namespace ff {

using engine::Ident;
using engine::Quote;
using nlohmann::json;

namespace {

struct Materialized {
  std::shared_ptr<frame::EngineTable> table;
  Schema schema;
  int64_t height = 0;
};

Materialized Materialize(const frame::NodePtr& plan, const std::string& sql) {
  auto& engine = engine::Engine::Get();
  Materialized out;
  out.table = std::make_shared<frame::EngineTable>(engine.NewTableName("ff_result_"));
  auto connection = engine.Acquire();
  try {
    connection->Execute("CREATE TABLE " + Ident(out.table->name()) + " AS " + sql);
  } catch (const Error& error) {
    frame::ThrowSourceFailure(plan);  // a driver's own error, with its code
    if (error.code() == ErrorCode::kEngine) frame::ThrowAttributed(plan, error);
    throw;
  }
  for (const auto& column : connection->Describe("SELECT * FROM " + Ident(out.table->name()))) {
    Field field{column.name, DataType::FromDuckDb(column.type)};
    field.dtype.duckdb_type = column.type;
    out.schema.push_back(std::move(field));
  }
  const auto count = connection->QueryText("SELECT count(*) FROM " + Ident(out.table->name()));
  out.height = std::stoll(count.at(0).at(0).value_or("0"));
  return out;
}

std::string TempPathBeside(const std::string& path) {
  static std::atomic<uint64_t> counter{0};
  return path + ".ff-tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

void AppendFile(const std::string& from, const std::string& to);

// COPY (sql) TO a temporary file beside `path`, then rename over it (or, appending, add the
// temporary file's bytes to the end of `path`). Returns the rows written.
int64_t CopyToFile(const frame::NodePtr* plan, const std::string& sql, const std::string& path,
                   const std::string& copy_options, bool append = false) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (target.has_parent_path() && !fs::is_directory(target.parent_path())) {
    throw Error(ErrorCode::kNotFound, "cannot write '" + path + "': the folder '" +
                                          target.parent_path().string() + "' does not exist");
  }
  const std::string temp = TempPathBeside(path);
  auto connection = engine::Engine::Get().Acquire();
  try {
    const int64_t rows = connection->ExecuteCount("COPY (" + sql + ") TO " + Quote(temp) + " (" +
                                                  copy_options + ")");
    if (append) {
      AppendFile(temp, path);
      fs::remove(temp);
    } else {
      fs::rename(temp, target);
    }
    return rows;
  } catch (const Error& error) {
    std::error_code ignored;
    fs::remove_all(temp, ignored);
    if (plan && error.code() == ErrorCode::kEngine) frame::ThrowAttributed(*plan, error);
    throw Error(error.code(), "writing '" + path + "' failed: " + error.what());
  } catch (const fs::filesystem_error& error) {
    std::error_code ignored;
    fs::remove_all(temp, ignored);
    throw Error(ErrorCode::kIo, "writing '" + path + "' failed: " + error.what());
  }
}

void AppendFile(const std::string& from, const std::string& to) {
  std::ifstream in(from, std::ios::binary);
  std::ofstream out(to, std::ios::binary | std::ios::app);
  if (!in || !out) throw Error(ErrorCode::kIo, "cannot append to '" + to + "'");
  out << in.rdbuf();
  if (!out.flush()) throw Error(ErrorCode::kIo, "appending to '" + to + "' failed (disk full?)");
}

std::string CsvCopyOptions(const CsvWriteOptions& o) {
  return "FORMAT csv, HEADER " + std::string(o.include_header ? "true" : "false") + ", DELIMITER " +
         Quote(o.separator);
}

std::string ParquetCopyOptions(const ParquetWriteOptions& o) {
  std::string compression = o.compression;
  if (compression == "uncompressed") compression = "uncompressed";
  static const char* const kKnown[] = {"zstd",    "snappy", "gzip",        "lz4",
                                       "lz4_raw", "brotli", "uncompressed"};
  bool known = false;
  for (const char* k : kKnown) known = known || compression == k;
  if (!known) {
    throw Error(ErrorCode::kInvalidArgument,
                "write_parquet: unknown compression '" + o.compression +
                    "' (expected zstd, snappy, gzip, lz4, brotli or uncompressed)");
  }
  std::string out = "FORMAT parquet, COMPRESSION " + compression;
  if (o.compression_level) out += ", COMPRESSION_LEVEL " + std::to_string(*o.compression_level);
  return out;
}

FlowFrame WithOutputNode(const frame::NodePtr& plan, const std::string& path,
                         const std::string& file_type, json options,
                         const std::string& description) {
  auto node = frame::NewNode(
      "output", description,
      {{"path", path}, {"file_type", file_type}, {"options", std::move(options)}}, {plan});
  node->column_names = plan->column_names;
  return FlowFrame(std::move(node));
}

}  // namespace

DataFrame FlowFrame::collect() const {
  // Named as flow_graph numbers it: the frame's own node is the last of its flow.
  ProgressTaskScope task(
      ProgressWanted() ? "collect " + plan_->type +
                             (plan_->description.empty() ? "" : " '" + plan_->description + "'") +
                             " (node " + std::to_string(frame::OrderedNodes(plan_).size()) + ")"
                       : "");
  Materialized m = Materialize(plan_, compiled_sql());
  const std::string name = m.table->name();
  return DataFrame(std::move(m.table), name, std::move(m.schema), m.height);
}

std::string FlowFrame::explain() const {
  const std::string sql = compiled_sql();
  auto connection = engine::Engine::Get().Acquire();
  std::string plan_text;
  try {
    engine::Result result = connection->Query("EXPLAIN " + sql);
    for (;;) {
      engine::Chunk chunk(result.NextChunk());
      if (!chunk) break;
      const idx_t rows = duckdb_data_chunk_get_size(chunk.get());
      duckdb_vector vector = duckdb_data_chunk_get_vector(chunk.get(), 1);
      duckdb_logical_type type = duckdb_vector_get_column_type(vector);
      for (idx_t r = 0; r < rows; ++r) plan_text += engine::ReadValue(vector, type, r).text;
      duckdb_destroy_logical_type(&type);
    }
  } catch (const Error& error) {
    if (error.code() == ErrorCode::kEngine) frame::ThrowAttributed(plan_, error);
    throw;
  }
  std::string sources;
  for (const frame::NodePtr& node : frame::OrderedNodes(plan_)) {
    const std::string described = frame::SourceDescription(*node);
    if (!described.empty())
      sources += "-- " + frame::NodeLabel(*node) + " reads " + described + "\n";
  }
  return (sources.empty() ? "" : "-- sources (queries run on the servers)\n" + sources + "\n") +
         "-- compiled SQL\n" + sql + "\n\n-- DuckDB plan\n" + plan_text;
}

FlowFrame FlowFrame::write_csv(const std::string& path, CsvWriteOptions o) const {
  CopyToFile(&plan_, compiled_sql(), path, CsvCopyOptions(o));
  return WithOutputNode(plan_, path, "csv",
                        {{"separator", o.separator}, {"include_header", o.include_header}},
                        o.description);
}

FlowFrame FlowFrame::write_parquet(const std::string& path, ParquetWriteOptions o) const {
  CopyToFile(&plan_, compiled_sql(), path, ParquetCopyOptions(o));
  return WithOutputNode(plan_, path, "parquet", {{"compression", o.compression}}, o.description);
}

FlowFrame FlowFrame::write_ndjson(const std::string& path, NodeOptions o) const {
  CopyToFile(&plan_, compiled_sql(), path, "FORMAT json");
  return WithOutputNode(plan_, path, "ndjson", json::object(), o.description);
}

void DataFrame::write_csv(const std::string& path, CsvWriteOptions o) const {
  CopyToFile(nullptr, "SELECT * FROM " + Ident(table_name_), path, CsvCopyOptions(o));
}

void DataFrame::write_parquet(const std::string& path, ParquetWriteOptions o) const {
  CopyToFile(nullptr, "SELECT * FROM " + Ident(table_name_), path, ParquetCopyOptions(o));
}

void DataFrame::write_ndjson(const std::string& path) const {
  CopyToFile(nullptr, "SELECT * FROM " + Ident(table_name_), path, "FORMAT json");
}

namespace frame {

int64_t WriteFile(const NodePtr& plan, const std::string& path, const FileWrite& write) {
  std::string options;
  if (write.format == "csv") {
    options = CsvCopyOptions(write.csv);
    if (write.quote_all) options += ", FORCE_QUOTE *";
  } else if (write.format == "parquet") {
    options = ParquetCopyOptions(write.parquet);
  } else if (write.format == "ndjson") {
    options = "FORMAT json";
  } else {
    throw Error(ErrorCode::kUnsupported, "writing " + write.format + " files is not supported");
  }
  return CopyToFile(&plan, CompileSql(plan), path, options, write.append);
}

}  // namespace frame

void configure(const EngineConfig& config) {
  engine::EngineSettings settings = engine::Engine::Get().settings();
  settings.threads = config.threads;
  settings.memory_limit = config.memory_limit;
  settings.temp_directory = config.temp_directory;
  engine::Engine::Get().Configure(settings);
}

EngineConfig current_config() {
  const engine::EngineSettings s = engine::Engine::Get().settings();
  return EngineConfig{s.threads, s.memory_limit, s.temp_directory};
}

}  // namespace ff
