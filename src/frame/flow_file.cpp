// Flow graphs: the listing a frame shows (`frame.flow_graph.nodes`), and Flowfile's flow-file
// format (YAML or JSON) for saving and loading them.
//
// Each node is written with the fields Flowfile reads (id, type, description, positions, input
// ids, outputs, setting_input in Flowfile's shape where one exists) plus `flowfile_cpp`: this
// engine's exact settings, which Flowfile's loader ignores as an unknown key. Loading (in
// src/flow) rebuilds such nodes with LoadSavedNode and every other node from Flowfile's
// settings through the node registry.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "flowfile/cloud_frames.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/frame.hpp"
#include "frame/catalog_nodes.hpp"
#include "frame/compiler.hpp"
#include "frame/database_nodes.hpp"
#include "frame/saved_node.hpp"
#include "frame/table_loader.hpp"
#include "util/yaml_json.hpp"

namespace ff {

using frame::NodePtr;
using nlohmann::json;

namespace {

struct Layout {
  std::map<uint64_t, int64_t> ids;  // plan id -> 1..n
  std::map<uint64_t, int> x, y;
};

Layout LayOut(const std::vector<NodePtr>& nodes) {
  Layout layout;
  std::map<uint64_t, int> depth;
  std::map<int, int> used_rows;
  int64_t next = 1;
  for (const NodePtr& node : nodes) {
    layout.ids[node->id] = next++;
    int d = 0;
    for (const NodePtr& input : node->inputs) d = std::max(d, depth[input->id] + 1);
    depth[node->id] = d;
    layout.x[node->id] = d * 250;
    layout.y[node->id] = used_rows[d]++ * 150;
  }
  return layout;
}

json ValueToJson(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull: return nullptr;
    case Value::Kind::kBool: return v.boolean;
    case Value::Kind::kInt: return v.integer;
    case Value::Kind::kUInt: return v.unsigned_integer;
    case Value::Kind::kDouble: return v.floating;
    case Value::Kind::kList: {
      json out = json::array();
      for (const Value& item : v.items) out.push_back(ValueToJson(item));
      return out;
    }
    default: return v.kind == Value::Kind::kString ? v.text : v.ToString();
  }
}

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

// manual_input's data in Flowfile's column-major raw_data_format.
json RawDataFormat(const NodePtr& node) {
  const std::string table = node->params.at("table").get<std::string>();
  FlowFrame frame(node);
  DataFrame data = frame.collect();
  json columns = json::array(), values = json::array();
  const std::vector<std::vector<Value>> rows = data.rows();
  for (size_t c = 0; c < data.schema().size(); ++c) {
    const Field& field = data.schema()[c];
    columns.push_back({{"name", field.name}, {"data_type", field.dtype.ToString()}});
    json column = json::array();
    for (const auto& row : rows) column.push_back(ValueToJson(row[c]));
    values.push_back(std::move(column));
  }
  return {{"columns", columns}, {"data", values}};
}

json FlowfileSettingInput(const NodePtr& node) {
  const json& p = node->params;
  if (node->type == "manual_input") return {{"raw_data_format", RawDataFormat(node)}};
  if (node->type == "read") {
    const std::string format = p.at("format").get<std::string>();
    json table_settings = {{"file_type", format}};
    if (format == "csv") {
      const json& o = p.value("options", json::object());
      table_settings["delimiter"] = o.value("separator", ",");
      table_settings["has_headers"] = o.value("has_header", true);
      table_settings["starting_from_line"] = o.value("skip_rows", 0);
    }
    const std::string path = p.at("paths").at(0).get<std::string>();
    return {{"received_file",
             {{"path", path},
              {"file_type", format},
              {"name", std::filesystem::path(path).filename().string()},
              {"table_settings", table_settings}}}};
  }
  if (node->type == "sample" && p.value("op", "") == "head") {
    return {{"sample_size", p.at("n")}};
  }
  if (node->type == "record_id") {
    return {{"record_id_input",
             {{"output_column_name", p.at("name")}, {"offset", p.value("offset", 0) + 1}}}};
  }
  if (node->type == "database_reader") {
    return {{"database_settings",
             {{"connection_mode", "reference"},
              {"database_connection_name", p.at("connection_name")},
              {"schema_name", p.value("schema_name", "")},
              {"table_name", p.value("table_name", "")},
              {"query", p.value("query", "")},
              {"query_mode", p.value("query", "").empty() ? "table" : "query"}}}};
  }
  if (node->type == "database_writer") {
    return {{"database_write_settings",
             {{"connection_mode", "reference"},
              {"database_connection_name", p.at("connection_name")},
              {"schema_name", p.value("schema_name", "")},
              {"table_name", p.at("table_name")},
              {"if_exists", p.value("if_exists", "append")}}}};
  }
  if (node->type == "catalog_reader") {
    return {{"catalog_full_table_name", p.at("catalog_full_table_name")},
            {"catalog_table_name", p.at("table_name")},
            {"delta_version", p.contains("delta_version") ? p.at("delta_version") : json(nullptr)}};
  }
  if (node->type == "catalog_writer") {
    return {{"catalog_write_settings",
             {{"table_name", p.at("table_name")},
              {"write_mode", p.at("write_mode")},
              {"merge_keys", p.at("merge_keys")},
              {"partition_by", p.at("partition_by")}}}};
  }
  if (node->type == "cloud_storage_reader") {
    return {{"cloud_storage_settings",
             {{"resource_path", p.at("path")},
              {"connection_name", p.at("connection_name")},
              {"file_format", p.at("file_format")},
              {"scan_mode", "single_file"},
              {"csv_delimiter", p.value("delimiter", ";")},
              {"csv_has_header", p.value("has_header", true)},
              {"delta_version", p.value("delta_version", json())}}}};
  }
  if (node->type == "cloud_storage_writer") {
    return {{"cloud_storage_settings",
             {{"resource_path", p.at("path")},
              {"connection_name", p.at("connection_name")},
              {"file_format", p.at("file_format")},
              {"write_mode", p.value("write_mode", "overwrite")},
              {"partition_by", p.value("partition_by", json::array())}}}};
  }
  if (node->type == "sql_query") return {{"sql_query_input", {{"sql_code", p.at("query")}}}};
  if (node->type == "output") {
    const std::filesystem::path path(p.at("path").get<std::string>());
    return {{"output_settings",
             {{"name", path.filename().string()},
              {"directory", path.parent_path().string()},
              {"file_type", p.at("file_type")},
              {"write_mode", "overwrite"}}}};
  }
  return json::object();
}

json ToFlowfileJson(const NodePtr& root, const std::string& name) {
  const std::vector<NodePtr> nodes = frame::OrderedNodes(root);
  const Layout layout = LayOut(nodes);
  std::map<uint64_t, std::vector<int64_t>> outputs;
  for (const NodePtr& node : nodes) {
    for (const NodePtr& input : node->inputs) outputs[input->id].push_back(layout.ids.at(node->id));
  }
  json out_nodes = json::array();
  for (const NodePtr& node : nodes) {
    std::vector<int64_t> input_ids;
    for (const NodePtr& input : node->inputs) input_ids.push_back(layout.ids.at(input->id));
    json params = node->params;
    if (node->type == "manual_input" || node->type == "cache") params.erase("table");
    json n = {{"id", layout.ids.at(node->id)},
              {"type", node->type},
              {"is_start_node", node->inputs.empty()},
              {"description", node->description},
              {"node_reference", nullptr},
              {"x_position", layout.x.at(node->id)},
              {"y_position", layout.y.at(node->id)},
              {"left_input_id", nullptr},
              {"right_input_id", nullptr},
              {"input_ids", input_ids},
              {"outputs", outputs[node->id]},
              {"setting_input", FlowfileSettingInput(node)},
              {"flowfile_cpp", {{"params", params}}}};
    if (node->type == "join" || node->type == "cross_join") {
      n["left_input_id"] = input_ids.at(0);
      n["right_input_id"] = input_ids.at(1);
      n["input_ids"] = json::array();
    }
    out_nodes.push_back(std::move(n));
  }
  return {{"flowfile_version", FLOWFILE_VERSION},
          {"flowfile_id", 1},
          {"flowfile_name", name},
          {"flowfile_settings",
           {{"description", nullptr},
            {"execution_mode", "Performance"},
            {"execution_location", "local"},
            {"auto_save", false},
            {"show_detailed_progress", true}}},
          {"nodes", out_nodes},
          {"groups", json::array()}};
}

bool IsYamlPath(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".yaml" || ext == ".yml";
}

}  // namespace

namespace frame {

NodePtr LoadSavedNode(const json& n, const std::vector<NodePtr>& inputs) {
  const std::string type = n.at("type").get<std::string>();
  const std::string description = n.contains("description") && n.at("description").is_string()
                                      ? n.at("description").get<std::string>()
                                      : "";
  const json setting = n.value("setting_input", json::object());
  if (type == "manual_input") {
    const json& raw = setting.at("raw_data_format");
    std::vector<std::pair<std::string, std::vector<Value>>> columns;
    std::map<std::string, DataType> types;
    for (size_t c = 0; c < raw.at("columns").size(); ++c) {
      const json& column = raw.at("columns")[c];
      const std::string name = column.at("name").get<std::string>();
      std::vector<Value> values;
      if (c < raw.at("data").size()) {
        for (const json& v : raw.at("data")[c]) values.push_back(ValueFromJson(v));
      }
      columns.emplace_back(name, std::move(values));
      try {
        types[name] = DataType::FromDuckDb(
            DataType::Named(column.value("data_type", "String")
                                .substr(0, column.value("data_type", "String").find('(')))
                .ToSql());
      } catch (const Error&) {
        // Parameterised or unknown type names: infer from the values instead.
      }
    }
    // Typed columns whose declared type cannot hold the values fall back to inference.
    try {
      return from_columns(columns, types, {description}).plan();
    } catch (const Error&) {
      return from_columns(columns, {}, {description}).plan();
    }
  }
  if (type == "database_reader") {
    json params = n.contains("flowfile_cpp") ? n.at("flowfile_cpp").at("params") : json::object();
    if (!n.contains("flowfile_cpp")) {
      const json settings = setting.value("database_settings", json::object());
      params = {
          {"connection_name", settings.value("database_connection_name", "")},
          {"table_name", settings.value("table_name", "")},
          {"schema_name", settings.value("schema_name", "")},
          {"query",
           settings.value("query_mode", "table") != "table" ? settings.value("query", "") : ""}};
    }
    return frame::NewDatabaseReaderNode(params, description);
  }
  if (type == "catalog_reader") {
    json params = n.contains("flowfile_cpp") ? n.at("flowfile_cpp").at("params") : json::object();
    if (!n.contains("flowfile_cpp")) {
      const std::string full = setting.value("catalog_full_table_name", std::string());
      params = {
          {"table_name", full.empty() ? setting.value("catalog_table_name", std::string()) : full}};
      if (setting.contains("delta_version") && !setting.at("delta_version").is_null()) {
        params["delta_version"] = setting.at("delta_version");
      }
    }
    params.erase("resolved_version");
    params.erase("catalog_full_table_name");
    return frame::NewCatalogReaderNode(params, description);
  }
  if (type == "cloud_storage_reader" && n.contains("flowfile_cpp")) {
    const json p = n.at("flowfile_cpp").at("params");
    CloudReadOptions o;
    o.connection_name = p.value("connection_name", "");
    o.file_format = p.value("file_format", "parquet");
    o.delimiter = p.value("delimiter", ";");
    o.has_header = p.value("has_header", true);
    if (p.contains("delta_version")) o.delta_version = p.at("delta_version").get<int64_t>();
    if (p.contains("delta_timestamp_ms")) {
      o.delta_timestamp_ms = p.at("delta_timestamp_ms").get<int64_t>();
    }
    o.description = description;
    return read_from_cloud_storage(p.at("path").get<std::string>(), o).plan();
  }
  if (n.contains("flowfile_cpp")) {
    if (type == "cache") return inputs.at(0);
    auto node = frame::NewNode(type, description, n.at("flowfile_cpp").at("params"), inputs);
    return node;
  }
  if (type == "read") {
    const json& file = setting.at("received_file");
    const std::string format = file.at("file_type").get<std::string>();
    json options = json::object();
    const json ts = file.value("table_settings", json::object());
    if (format == "csv") {
      options["separator"] = ts.value("delimiter", ",");
      options["has_header"] = ts.value("has_headers", true);
      options["skip_rows"] = ts.value("starting_from_line", 0);
    }
    return frame::NewNode("read", description,
                          {{"format", format}, {"paths", {file.at("path")}}, {"options", options}},
                          {});
  }
  throw Error(ErrorCode::kUnsupported,
              "flow node " + std::to_string(n.at("id").get<int64_t>()) + " of type '" + type +
                  "' was written without this engine's settings (flowfile_cpp); only manual_input "
                  "and read nodes load from Flowfile's own settings so far");
}

}  // namespace frame

std::vector<GraphNode> FlowFrame::graph_nodes() const {
  const std::vector<NodePtr> nodes = frame::OrderedNodes(plan_);
  const Layout layout = LayOut(nodes);
  std::vector<GraphNode> out;
  for (const NodePtr& node : nodes) {
    GraphNode g;
    g.id = layout.ids.at(node->id);
    g.type = node->type;
    g.description = node->description;
    json params = node->params;
    if (node->type == "manual_input" || node->type == "cache") params.erase("table");
    g.settings_json = params.dump();
    for (const NodePtr& input : node->inputs) g.input_ids.push_back(layout.ids.at(input->id));
    g.x = layout.x.at(node->id);
    g.y = layout.y.at(node->id);
    out.push_back(std::move(g));
  }
  return out;
}

void FlowFrame::save_graph(const std::string& path) const {
  const json doc = ToFlowfileJson(plan_, std::filesystem::path(path).stem().string());
  std::string text;
  if (IsYamlPath(path)) {
    text = util::JsonToYaml(doc);
  } else {
    text = doc.dump(2) + "\n";
  }
  const std::string temp = path + ".ff-tmp";
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    if (!file) throw Error(ErrorCode::kIo, "cannot write the flow file '" + path + "'");
    file << text;
    if (!file.flush()) throw Error(ErrorCode::kIo, "cannot write the flow file '" + path + "'");
  }
  std::filesystem::rename(temp, path);
}

}  // namespace ff
