// Sinks: output (files), database_writer, cloud_storage_writer, catalog_writer, and
// explore_data (kept in the file, skipped when running).
#include <filesystem>

#include "flow/nodes/file_formats.hpp"
#include "flow/nodes/settings.hpp"
#include "flowfile/catalog_frames.hpp"
#include "flowfile/cloud_frames.hpp"
#include "flowfile/database.hpp"
#include "flowfile/errors.hpp"
#include "frame/file_writer.hpp"

namespace ff::flow {

using nlohmann::json;
using namespace settings;

namespace {

std::vector<FlowFrame> PassThrough(const NodeContext& c) { return {c.Main()}; }

int64_t WriteOutput(const NodeContext& c, const FlowFrame& input) {
  const json& o = c.Section("output_settings");
  const std::string name = Str(c, o, "name");
  if (name.empty()) c.Fail("output_settings.name", "no file name is set");
  const std::string directory = Str(c, o, "directory", ".");
  const std::string path =
      c.ResolvePath((std::filesystem::path(directory.empty() ? "." : directory) / name).string());
  const std::string type = Str(c, o, "file_type");
  OneOf(c, "output_settings.file_type", type, {"csv", "excel", "parquet", "ipc", "ndjson", "avro"});
  std::string mode = Str(c, o, "write_mode", "overwrite");
  OneOf(c, "output_settings.write_mode", mode, {"overwrite", "new file", "append", "create"});
  const json ts = o.value("table_settings", json::object());
  if (type == "excel" || type == "ipc" || type == "avro") {
    if (mode == "append")
      c.Fail("output_settings.write_mode", "append is offered for csv files only");
    if (mode == "create" && std::filesystem::exists(path)) {
      if (type != "excel") return 0;  // Flowfile writes nothing
      throw Error(ErrorCode::kAlreadyExists,
                  c.node().Label() + ": the file '" + path + "' exists and write_mode is create");
    }
    return WriteFormatFile(c, input, type, path, ts);
  }
  frame::FileWrite write;
  write.format = type;
  if (type == "csv") {
    write.csv.separator = Str(c, ts, "delimiter", ",");
    const std::string encoding = Str(c, ts, "encoding", "utf-8");
    if (encoding != "utf-8" && encoding != "utf8" && encoding != "UTF-8") {
      throw Error(ErrorCode::kUnsupported, c.node().Label() + ": writing CSV in the encoding '" +
                                               encoding + "' is not supported; only utf-8");
    }
    write.quote_all = true;  // Flowfile writes CSV with quote_style="always"
  } else if (type == "parquet") {
    write.parquet.compression = Str(c, ts, "compression", "zstd");
  }
  if (mode == "append" && type != "csv") {
    c.Fail("output_settings.write_mode", "append is offered for csv files only");
  }
  if (mode == "create" && std::filesystem::exists(path)) return 0;  // Flowfile writes nothing
  write.append = mode == "append" && std::filesystem::exists(path);
  return frame::WriteFile(input.plan(), path, write);
}

std::string ConnectionName(const NodeContext& c, const json& s, const std::string& section) {
  const std::string mode = Str(c, s, "connection_mode", "inline");
  OneOf(c, section + ".connection_mode", mode, {"inline", "reference"});
  if (mode == "inline") {
    throw Error(ErrorCode::kUnsupported,
                c.node().Label() +
                    ": inline database connections are not supported yet; register the "
                    "connection once (`flowfile connections add`) and set connection_mode: "
                    "reference with database_connection_name");
  }
  const std::string name = Str(c, s, "database_connection_name");
  if (name.empty()) c.Fail(section + ".database_connection_name", "no connection named");
  return name;
}

int64_t WriteDatabase(const NodeContext& c, const FlowFrame& input) {
  const json& s = c.Section("database_write_settings");
  const std::string connection = ConnectionName(c, s, "database_write_settings");
  WriteDatabaseOptions o;
  o.schema_name = Str(c, s, "schema_name");
  o.if_exists = Str(c, s, "if_exists", "append");
  OneOf(c, "database_write_settings.if_exists", o.if_exists, {"append", "replace", "fail"});
  o.description = c.node().description;
  const std::string table = Str(c, s, "table_name");
  if (table.empty()) c.Fail("database_write_settings.table_name", "no table is named");
  write_database(input, connection, table, o);
  return -1;
}

int64_t WriteCloud(const NodeContext& c, const FlowFrame& input) {
  const json& s = c.Section("cloud_storage_settings");
  CloudWriteOptions o;
  o.connection_name = Str(c, s, "connection_name");
  o.file_format = Str(c, s, "file_format", "parquet");
  OneOf(c, "cloud_storage_settings.file_format", o.file_format,
        {"parquet", "csv", "json", "delta"});
  o.compression = Str(c, s, "parquet_compression", "snappy");
  o.delimiter = Str(c, s, "csv_delimiter", ",");
  o.write_mode = Str(c, s, "write_mode", "overwrite");
  OneOf(c, "cloud_storage_settings.write_mode", o.write_mode, {"overwrite", "append"});
  o.partition_by = StrList(c, s, "partition_by");
  o.description = c.node().description;
  const std::string url = Str(c, s, "resource_path");
  if (url.empty()) c.Fail("cloud_storage_settings.resource_path", "no URL to write");
  write_to_cloud_storage(input, url, o);
  return -1;
}

int64_t WriteCatalog(const NodeContext& c, const FlowFrame& input) {
  const json& s = c.Section("catalog_write_settings");
  std::string table = Str(c, s, "table_name");
  if (table.empty()) c.Fail("catalog_write_settings.table_name", "no table is named");
  const std::string ns = Str(c, s, "namespace_full_name");
  if (!ns.empty() && table.find('.') == std::string::npos) table = ns + "." + table;
  WriteCatalogOptions o;
  o.write_mode = Str(c, s, "write_mode", "overwrite");
  OneOf(c, "catalog_write_settings.write_mode", o.write_mode,
        {"overwrite", "error", "append", "upsert", "update", "delete", "scd2", "virtual"});
  if (o.write_mode == "virtual") {
    throw Error(ErrorCode::kUnsupported,
                c.node().Label() + ": virtual catalog tables are not supported yet");
  }
  o.merge_keys = StrList(c, s, "merge_keys");
  o.partition_by = StrList(c, s, "partition_by");
  const json scd2 = s.value("scd2", json());
  if (scd2.is_object()) {
    o.scd2.compare_columns = StrList(c, scd2, "compare_columns");
    o.scd2.full_snapshot = Bool(c, scd2, "full_snapshot", false);
    o.scd2.partition_on_current = Bool(c, scd2, "partition_on_current", true);
    o.scd2.surrogate_key_column = Str(c, scd2, "surrogate_key_column", "sk");
    o.scd2.valid_from_column = Str(c, scd2, "valid_from_column", "valid_from");
    o.scd2.valid_to_column = Str(c, scd2, "valid_to_column", "valid_to");
    o.scd2.is_current_column = Str(c, scd2, "is_current_column", "is_current");
  }
  o.description = c.node().description;
  o.run_id = c.scope().run_id;
  if (!c.scope().flow_path.empty()) {  // empty for a flow parsed from text
    o.flow_path = std::filesystem::path(c.scope().flow_path).lexically_normal().string();
  }
  CatalogWriteResult result;
  write_catalog_table(input, table, o, &result);
  return result.rows_inserted + result.rows_updated + result.rows_deleted;
}

NodeType Sink(std::string key, std::string label, json schema,
              std::function<int64_t(const NodeContext&, const FlowFrame&)> sink) {
  NodeType t;
  t.key = std::move(key);
  t.label = std::move(label);
  t.group = "output";
  t.outputs = {};
  t.settings_schema = std::move(schema);
  t.build = PassThrough;
  t.sink = std::move(sink);
  return t;
}

}  // namespace

namespace {

// The write node's format options, each shown for the file types that read it.
std::vector<std::pair<std::string, json>> OutputFormatFields() {
  const std::string type = "/output_settings/file_type";
  return {{"delimiter", When(SString("CSV delimiter", ","), type, {"csv"})},
          {"compression", When(SString("Compression", "zstd"), type, {"parquet", "ipc", "avro"})},
          {"sheet_name", When(SString("Excel sheet", "Sheet1"), type, {"excel"})}};
}

}  // namespace

void AddOutputNodes(std::vector<NodeType>& types) {
  types.push_back(Sink(
      "output", "Write file",
      SObject("Output",
              {{"output_settings",
                SObject("File",
                        {{"name", SString("File name")},
                         {"directory", SString("Folder", ".")},
                         {"file_type",
                          SEnum("File type", {"csv", "parquet", "ndjson", "excel", "ipc", "avro"},
                                "csv")},
                         {"write_mode", SEnum("Mode", {"overwrite", "new file", "append", "create"},
                                              "overwrite")},
                         {"table_settings", SObject("Format", OutputFormatFields())}},
                        {"name", "file_type"})}}),
      WriteOutput));
  types.push_back(Sink(
      "database_writer", "Write to database",
      SObject(
          "Database writer",
          {{"database_write_settings",
            SObject("Database",
                    {{"connection_mode", SEnum("Connection", {"inline", "reference"}, "reference")},
                     {"database_connection_name",
                      When(SString("Connection name"), "connection_mode", {"reference"})},
                     {"schema_name", SString("Schema")},
                     {"table_name", SString("Table")},
                     {"if_exists",
                      SEnum("If the table exists", {"append", "replace", "fail"}, "append")}})}}),
      WriteDatabase));
  types.push_back(Sink(
      "cloud_storage_writer", "Write to cloud storage",
      SObject(
          "Cloud storage writer",
          {{"cloud_storage_settings",
            SObject(
                "Cloud storage",
                {{"connection_name", SString("Connection name")},
                 {"resource_path", SString("URL")},
                 {"file_format", SEnum("Format", {"parquet", "csv", "json", "delta"}, "parquet")},
                 {"write_mode", SEnum("Mode", {"overwrite", "append"}, "overwrite")},
                 {"parquet_compression",
                  When(SString("Parquet compression", "snappy"), "file_format", {"parquet"})},
                 {"csv_delimiter", When(SString("CSV delimiter", ","), "file_format", {"csv"})},
                 // Partitions are a Delta table's: files of other formats are written whole.
                 {"partition_by",
                  When(SArray("Partition by", SColumn("Column")), "file_format", {"delta"})}})}}),
      WriteCloud));
  types.push_back(Sink(
      "catalog_writer", "Write catalog table",
      SObject("Catalog writer",
              {{"catalog_write_settings",
                SObject("Catalog",
                        {{"table_name", SString("Table")},
                         {"namespace_full_name", SString("Namespace (catalog.schema)")},
                         {"write_mode", SEnum("Mode",
                                              {"overwrite", "error", "append", "upsert", "update",
                                               "delete", "scd2"},
                                              "overwrite")},
                         {"merge_keys", When(SArray("Merge keys", SColumn("Column")), "write_mode",
                                             {"upsert", "update", "delete", "scd2"})},
                         {"partition_by", SArray("Partition by", SColumn("Column"))}})}}),
      WriteCatalog));
  NodeType explore = Sink("explore_data", "Explore data", SObject("Explore", {}), nullptr);
  explore.sink = nullptr;
  types.push_back(std::move(explore));
}

}  // namespace ff::flow
