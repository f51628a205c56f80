// Excel / Arrow IPC / Avro files for the read and output nodes (see file_formats.hpp).
#include "flow/nodes/file_formats.hpp"

#include "flow/nodes/settings.hpp"
#include "flowfile/errors.hpp"
#include "formats/arrow_ipc.hpp"
#include "formats/avro.hpp"
#include "formats/xlsx.hpp"

namespace ff::flow {

using nlohmann::json;
using namespace settings;

namespace {

formats::XlsxReadOptions ExcelOptions(const NodeContext& c, const json& ts) {
  formats::XlsxReadOptions o;
  o.sheet_name = Str(c, ts, "sheet_name");
  o.start_row = Int(c, ts, "start_row", 0);
  o.start_column = Int(c, ts, "start_column", 0);
  o.end_row = Int(c, ts, "end_row", 0);
  o.end_column = Int(c, ts, "end_column", 0);
  o.has_headers = Bool(c, ts, "has_headers", true);
  o.type_inference = Bool(c, ts, "type_inference", false);
  for (const auto& [name, value] : {std::pair{"start_row", o.start_row},
                                    {"start_column", o.start_column},
                                    {"end_row", o.end_row},
                                    {"end_column", o.end_column}}) {
    if (value < 0) c.Fail(std::string("received_file.table_settings.") + name, "must be 0 or more");
  }
  if (o.end_row > 0 && o.start_row > o.end_row) {
    c.Fail("received_file.table_settings.end_row", "is before start_row");
  }
  if (o.end_column > 0 && o.start_column > o.end_column) {
    c.Fail("received_file.table_settings.end_column", "is before start_column");
  }
  return o;
}

FlowFrame FrameOf(const NodeContext& c, formats::Table table, const std::string& path) {
  if (table.columns.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                c.node().Label() + ": the file '" + path + "' holds no columns to read");
  }
  std::vector<std::pair<std::string, std::vector<Value>>> columns;
  std::map<std::string, DataType> types;
  for (formats::Column& column : table.columns) {
    if (column.type == "Datetime") {
      types[column.name] = DataType::Datetime("us", column.utc ? "UTC" : "");
    } else if (column.type == "Decimal") {
      types[column.name] = DataType::Decimal(column.precision, column.scale);
    } else {
      types[column.name] = DataType::Named(column.type);
    }
    columns.emplace_back(column.name, std::move(column.values));
  }
  return from_columns(columns, types, c.Options());
}

// Several IPC files (directory mode) as one table; columns and types must agree.
void AppendTable(formats::Table& all, formats::Table next, const std::string& path) {
  if (all.columns.empty()) {
    all = std::move(next);
    return;
  }
  bool same = all.columns.size() == next.columns.size();
  for (size_t i = 0; same && i < next.columns.size(); ++i) {
    same = all.columns[i].name == next.columns[i].name &&
           all.columns[i].type == next.columns[i].type && all.columns[i].utc == next.columns[i].utc;
  }
  if (!same) {
    throw Error(ErrorCode::kInvalidArgument,
                "the file '" + path + "' has other columns or types than the first file read");
  }
  for (size_t i = 0; i < next.columns.size(); ++i) {
    auto& into = all.columns[i].values;
    into.insert(into.end(), std::make_move_iterator(next.columns[i].values.begin()),
                std::make_move_iterator(next.columns[i].values.end()));
  }
}

formats::Table TableOf(const FlowFrame& input) {
  const DataFrame frame = input.collect();
  formats::Table table;
  for (const Field& field : frame.schema()) {
    formats::Column column;
    column.name = field.name;
    column.type = field.dtype.name;
    column.utc = !field.dtype.time_zone.empty();
    column.precision = field.dtype.precision, column.scale = field.dtype.scale;
    column.values = frame.column(field.name);
    table.columns.push_back(std::move(column));
  }
  return table;
}

}  // namespace

FlowFrame ReadFormatFile(const NodeContext& c, const std::string& format,
                         const std::vector<std::string>& paths, const json& settings) {
  try {
    if (format == "excel") {
      const formats::XlsxReadOptions options = ExcelOptions(c, settings);
      return FrameOf(c, formats::ReadXlsx(paths.front(), options), paths.front());
    }
    if (format == "avro") return FrameOf(c, formats::ReadAvro(paths.front()), paths.front());
    formats::Table all;
    for (const std::string& path : paths) AppendTable(all, formats::ReadIpc(path), path);
    return FrameOf(c, std::move(all), paths.front());
  } catch (const Error& e) {
    if (std::string(e.what()).rfind(c.node().Label(), 0) == 0) throw;
    throw Error(e.code(), c.node().Label() + ": " + std::string(e.what()));
  }
}

int64_t WriteFormatFile(const NodeContext& c, const FlowFrame& input, const std::string& format,
                        const std::string& path, const json& settings) {
  try {
    const formats::Table table = TableOf(input);
    if (format == "excel") {
      formats::WriteXlsx(path, table, Str(c, settings, "sheet_name", "Sheet1"));
    } else if (format == "ipc") {
      formats::WriteIpc(path, table, Str(c, settings, "compression", "uncompressed"));
    } else {
      formats::WriteAvro(path, table, Str(c, settings, "compression", "uncompressed"));
    }
    return static_cast<int64_t>(table.height());
  } catch (const Error& e) {
    if (std::string(e.what()).rfind(c.node().Label(), 0) == 0) throw;
    throw Error(e.code(), c.node().Label() + ": " + std::string(e.what()));
  }
}

}  // namespace ff::flow
