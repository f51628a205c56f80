// Input nodes: read (files), manual_input, database_reader, cloud_storage_reader,
// catalog_reader.
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "flow/nodes/file_formats.hpp"
#include "flow/nodes/manual_input.hpp"
#include "flow/nodes/settings.hpp"
#include "flow/type_names.hpp"
#include "flowfile/catalog_frames.hpp"
#include "flowfile/cloud_frames.hpp"
#include "flowfile/database.hpp"
#include "flowfile/errors.hpp"

namespace ff::flow {

using nlohmann::json;
using namespace settings;

namespace {

constexpr const char* kTemplateDir = "__TEMPLATE_DATA_DIR__";

// received_file's path: `name` is appended unless the path's last part already holds it.
std::string ReadPath(const NodeContext& c, const json& file) {
  std::string path = Str(c, file, "path");
  if (path.empty()) path = Str(c, file, "abs_file_path");
  if (path.empty()) c.Fail("received_file.path", "the file to read is not set");
  if (const size_t at = path.find(kTemplateDir); at != std::string::npos) {
    path.replace(at, std::string(kTemplateDir).size(), c.ResolvePath("."));
  }
  const std::string name = Str(c, file, "name");
  const std::string scan_mode = Str(c, file, "scan_mode", "single_file");
  if (scan_mode == "single_file" && !name.empty() && path.find("://") == std::string::npos) {
    const std::string last = std::filesystem::path(path).filename().string();
    if (last.find(name) == std::string::npos) path = (std::filesystem::path(path) / name).string();
  }
  return c.ResolvePath(path);
}

// Directory mode for ipc: every *.arrow file below `dir` (any case), sorted.
std::vector<std::string> IpcFiles(const NodeContext& c, const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    std::string ext = entry.path().extension().string();
    for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (entry.is_regular_file() && ext == ".arrow") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    throw Error(ErrorCode::kNotFound,
                c.node().Label() + ": the directory '" + dir + "' holds no .arrow files");
  }
  return files;
}

std::vector<std::string> Paths(const NodeContext& c, const json& file, const std::string& path,
                               const std::string& format) {
  const std::string scan_mode = Str(c, file, "scan_mode", "single_file");
  OneOf(c, "received_file.scan_mode", scan_mode, {"single_file", "directory"});
  if (scan_mode == "single_file") {
    if (path.find("://") == std::string::npos && !std::filesystem::exists(path)) {
      throw Error(ErrorCode::kNotFound,
                  c.node().Label() + ": the file '" + path + "' does not exist");
    }
    return {path};
  }
  if (format != "csv" && format != "parquet" && format != "ipc") {
    c.Fail("received_file.scan_mode",
           "directory mode reads csv, parquet or ipc files, not " + format);
  }
  if (!std::filesystem::is_directory(path)) {
    throw Error(ErrorCode::kNotFound,
                c.node().Label() + ": the directory '" + path + "' does not exist");
  }
  if (format == "ipc") return IpcFiles(c, path);
  return {(std::filesystem::path(path) / "**" / ("*." + format)).string()};
}

std::vector<FlowFrame> BuildRead(const NodeContext& c) {
  const json& file = c.Section("received_file");
  const std::string format = Str(c, file, "file_type");
  OneOf(c, "received_file.file_type", format,
        {"csv", "json", "parquet", "excel", "ipc", "ndjson", "avro"});
  if (!Str(c, file, "include_file_paths").empty()) {
    throw Error(ErrorCode::kUnsupported,
                c.node().Label() + ": the setting include_file_paths is not supported yet");
  }
  const std::vector<std::string> paths = Paths(c, file, ReadPath(c, file), format);
  const json ts = file.value("table_settings", json::object());
  if (format == "excel" || format == "avro" || format == "ipc") {
    return {ReadFormatFile(c, format, paths, ts)};
  }
  if (format == "csv") {
    CsvReadOptions o;
    o.separator = Str(c, ts, "delimiter", ",");
    o.has_header = Bool(c, ts, "has_headers", true);
    o.skip_rows = Int(c, ts, "starting_from_line", 0);
    o.encoding = Str(c, ts, "encoding", "utf-8");
    o.infer_schema_length =
        Bool(c, ts, "infer_schema", true) ? Int(c, ts, "infer_schema_length", 10000) : 0;
    o.description = c.node().description;
    return {scan_csv(paths, o)};
  }
  if (format == "parquet") return {scan_parquet(paths, {.description = c.node().description})};
  if (format == "ndjson") return {scan_ndjson(paths, {.description = c.node().description})};
  return {scan_json(paths, {.description = c.node().description})};
}

std::vector<FlowFrame> BuildDatabaseReader(const NodeContext& c) {
  const json& s = c.Section("database_settings");
  const std::string mode = Str(c, s, "connection_mode", "inline");
  OneOf(c, "database_settings.connection_mode", mode, {"inline", "reference"});
  if (mode == "inline") {
    throw Error(ErrorCode::kUnsupported,
                c.node().Label() +
                    ": inline database connections are not supported yet; register the "
                    "connection once (`flowfile connections add`) and set connection_mode: "
                    "reference with database_connection_name");
  }
  ReadDatabaseOptions o;
  o.schema_name = Str(c, s, "schema_name");
  o.table_name = Str(c, s, "table_name");
  if (Str(c, s, "query_mode", "table") != "table") o.query = Str(c, s, "query");
  o.description = c.node().description;
  const std::string name = Str(c, s, "database_connection_name");
  if (name.empty()) c.Fail("database_settings.database_connection_name", "no connection named");
  return {read_database(name, o)};
}

std::vector<FlowFrame> BuildCloudReader(const NodeContext& c) {
  const json& s = c.Section("cloud_storage_settings");
  const std::string format = Str(c, s, "file_format", "parquet");
  OneOf(c, "cloud_storage_settings.file_format", format,
        {"parquet", "csv", "json", "delta", "iceberg"});
  if (format == "iceberg") {
    throw Error(ErrorCode::kUnsupported, c.node().Label() + ": Iceberg tables are not supported");
  }
  CloudReadOptions o;
  o.connection_name = Str(c, s, "connection_name");
  o.file_format = format;
  o.delimiter = Str(c, s, "csv_delimiter", ",");
  o.has_header = Bool(c, s, "csv_has_header", true);
  if (s.contains("delta_version") && !s.at("delta_version").is_null()) {
    o.delta_version = Int(c, s, "delta_version", 0);
  }
  o.description = c.node().description;
  const std::string path = Str(c, s, "resource_path");
  if (path.empty()) c.Fail("cloud_storage_settings.resource_path", "no URL to read");
  return {read_from_cloud_storage(path, o)};
}

std::vector<FlowFrame> BuildCatalogReader(const NodeContext& c) {
  const json& s = c.settings();
  std::string name = Str(c, s, "catalog_full_table_name");
  if (name.empty()) name = Str(c, s, "catalog_table_name");
  if (name.empty()) c.Fail("catalog_table_name", "no catalog table named");
  if (!Str(c, s, "sql_query").empty()) {
    throw Error(ErrorCode::kUnsupported,
                c.node().Label() + ": catalog_reader's sql_query is not supported yet");
  }
  ReadCatalogOptions o;
  if (s.contains("delta_version") && !s.at("delta_version").is_null()) {
    o.delta_version = Int(c, s, "delta_version", 0);
  }
  o.description = c.node().description;
  FlowFrame frame = read_catalog_table(name, o);
  const std::string view = Str(c, s, "scd2_view");
  if (view.empty() || view == "all") return {frame};
  OneOf(c, "scd2_view", view, {"active", "all", "active_at"});
  if (view == "active") return {frame.filter(col("valid_to").is_null(), c.Options())};
  std::string at = Str(c, s, "scd2_as_of");
  if (at.empty()) c.Fail("scd2_as_of", "scd2_view active_at needs a time (ISO-8601)");
  if (at.back() == 'Z') at.pop_back();
  const Expr ts = lit(Literal{at, "TIMESTAMP"});
  return {
      frame.filter((col("valid_from") <= ts) & (col("valid_to").is_null() | (col("valid_to") > ts)),
                   c.Options())};
}

NodeType Input(std::string key, std::string label, json schema,
               std::function<std::vector<FlowFrame>(const NodeContext&)> build) {
  NodeType t;
  t.key = std::move(key);
  t.label = std::move(label);
  t.group = "input";
  t.min_inputs = 0;
  t.max_inputs = 0;
  t.settings_schema = std::move(schema);
  t.build = std::move(build);
  return t;
}

// The read node's table settings: CSV's and Excel's options, each shown for its file type.
std::vector<std::pair<std::string, json>> ReadTableSettingsFields() {
  const std::string type = "/received_file/file_type";
  const auto csv = [&](json field) { return When(std::move(field), type, {"csv"}); };
  const auto excel = [&](json field) { return When(std::move(field), type, {"excel"}); };
  return {{"delimiter", csv(SString("Delimiter", ","))},
          {"has_headers", When(SBool("Has headers", true), type, {"csv", "excel"})},
          {"encoding", csv(SString("Encoding", "utf-8"))},
          {"starting_from_line", csv(SInt("Skip rows", 0))},
          {"infer_schema", csv(SBool("Infer types", true))},
          {"infer_schema_length", csv(SInt("Rows to infer from", 10000))},
          {"sheet_name", excel(SString("Excel sheet (empty: the first)"))},
          {"start_row", excel(SInt("Excel first row (0-based)", 0))},
          {"start_column", excel(SInt("Excel first column (0-based)", 0))},
          {"end_row", excel(SInt("Excel end row (exclusive; 0: no limit)", 0))},
          {"end_column", excel(SInt("Excel end column (exclusive; 0: no limit)", 0))},
          {"type_inference", excel(SBool("Excel: infer column types", false))}};
}

}  // namespace

namespace {

Value ValueFromJson(const json& j) {
  Value v;
  if (j.is_boolean()) {
    v.kind = Value::Kind::kBool, v.boolean = j.get<bool>();
  } else if (j.is_number_integer()) {
    v.kind = Value::Kind::kInt, v.integer = j.get<int64_t>();
  } else if (j.is_number_float()) {
    v.kind = Value::Kind::kDouble, v.floating = j.get<double>();
  } else if (j.is_string()) {
    v.kind = Value::Kind::kString, v.text = j.get<std::string>();
  } else if (j.is_array()) {
    v.kind = Value::Kind::kList;
    for (const json& item : j) v.items.push_back(ValueFromJson(item));
  }
  return v;
}

}  // namespace

// raw_data_format is column-major: data[i] holds every value of columns[i].
std::vector<FlowFrame> BuildManualInput(const NodeContext& c) {
  const json& raw = c.Section("raw_data_format");
  const json columns = raw.value("columns", json::array());
  const json data = raw.value("data", json::array());
  if (!columns.is_array() || !data.is_array()) {
    c.Fail("raw_data_format", "expected 'columns' and 'data' lists");
  }
  std::vector<std::pair<std::string, std::vector<Value>>> values;
  std::map<std::string, DataType> types;
  for (size_t i = 0; i < columns.size(); ++i) {
    const json& column = columns[i];
    const std::string name = Str(c, column, "name");
    if (name.empty()) c.Fail("raw_data_format.columns", "every column needs a name");
    std::vector<Value> cells;
    if (i < data.size() && data[i].is_array()) {
      for (const json& v : data[i]) cells.push_back(ValueFromJson(v));
    }
    if (auto type = ParseTypeName(Str(c, column, "data_type", "String"))) types[name] = *type;
    values.emplace_back(name, std::move(cells));
  }
  size_t height = values.empty() ? 0 : values.front().second.size();
  for (const auto& [name, cells] : values) {
    if (cells.size() != height) {
      c.Fail("raw_data_format.data", "the column '" + name + "' has " +
                                         std::to_string(cells.size()) + " values where '" +
                                         values.front().first + "' has " + std::to_string(height));
    }
  }
  try {
    return {from_columns(values, types, c.Options())};
  } catch (const Error&) {
    // Flowfile converts non-strictly and retries without the declared types.
    return {from_columns(values, {}, c.Options())};
  }
}

void AddInputNodes(std::vector<NodeType>& types) {
  types.push_back(Input(
      "read", "Read data",
      SObject(
          "Read",
          {{"received_file",
            SObject("File",
                    {{"path", SString("Path")},
                     {"file_type",
                      SEnum("File type",
                            {"csv", "json", "parquet", "excel", "ipc", "ndjson", "avro"}, "csv")},
                     {"scan_mode", SEnum("Scan mode", {"single_file", "directory"}, "single_file")},
                     {"table_settings", SObject("Table settings", ReadTableSettingsFields())}},
                    {"path", "file_type"})}}),
      BuildRead));
  types.push_back(Input(
      "manual_input", "Manual input",
      SObject(
          "Manual input",
          {{"raw_data_format",
            SObject("Data", {{"columns",
                              SArray("Columns",
                                     SObject("Column", {{"name", SString("Name")},
                                                        {"data_type", SType("Type", "String")}}))},
                             {"data", SArray("Values per column", {{"type", "array"}})}})}}),
      BuildManualInput));
  json db = SObject("Database",
                    {{"connection_mode", SEnum("Connection", {"inline", "reference"}, "reference")},
                     {"database_connection_name",
                      When(SString("Connection name"), "connection_mode", {"reference"})},
                     {"query_mode", SEnum("Read", {"table", "query"}, "table")},
                     {"schema_name", When(SString("Schema"), "query_mode", {"table"})},
                     {"table_name", When(SString("Table"), "query_mode", {"table"})},
                     {"query", When(SString("Query"), "query_mode", {"query"})}});
  types.push_back(Input("database_reader", "Read from database",
                        SObject("Database reader", {{"database_settings", db}}),
                        BuildDatabaseReader));
  types.push_back(Input(
      "cloud_storage_reader", "Read from cloud storage",
      SObject(
          "Cloud storage reader",
          {{"cloud_storage_settings",
            SObject(
                "Cloud storage",
                {{"connection_name", SString("Connection name")},
                 {"resource_path", SString("URL")},
                 {"file_format", SEnum("Format", {"parquet", "csv", "json", "delta"}, "parquet")},
                 {"csv_has_header", When(SBool("CSV has header", true), "file_format", {"csv"})},
                 {"csv_delimiter", When(SString("CSV delimiter", ","), "file_format", {"csv"})},
                 {"delta_version", When(SInt("Delta version"), "file_format", {"delta"})}},
                {"resource_path"})}}),
      BuildCloudReader));
  types.push_back(Input(
      "catalog_reader", "Read catalog table",
      SObject("Catalog reader",
              {{"catalog_full_table_name", SString("Table (schema.table)")},
               {"catalog_table_name", SString("Table")},
               {"delta_version", SInt("Version")},
               {"scd2_view", SEnum("SCD2 view", {"all", "active", "active_at"}, "all")},
               {"scd2_as_of", When(SString("As of (ISO-8601)"), "scd2_view", {"active_at"})}}),
      BuildCatalogReader));
}

}  // namespace ff::flow
