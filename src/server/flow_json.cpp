#include "flow_json.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "flowfile/errors.hpp"
#include "schema_helpers.hpp"

namespace ff::server {
namespace {

// Keys of a flow-file node that the canvas JSON shows in fields of their own.
const std::set<std::string> kNodeKeys = {"id",         "type",          "description",
                                         "x_position", "y_position",    "setting_input",
                                         "input_ids",  "left_input_id", "right_input_id"};
const std::set<std::string> kTopKeys = {"flowfile_name", "flowfile_settings", "nodes"};

Json IdOrNull(const Json& raw, const char* key) {
  return raw.contains(key) && raw.at(key).is_number_integer() ? raw.at(key) : Json(nullptr);
}

// The handle an edge leaves `from` by: its output_handles entry for `to`, else output-0.
std::string SourceHandle(const Json& from, int64_t to) {
  const Json outputs = from.value("outputs", Json::array());
  const Json handles = from.value("output_handles", Json::array());
  for (size_t i = 0; i < outputs.size() && i < handles.size(); ++i) {
    if (outputs[i] == to && handles[i].is_string()) return handles[i].get<std::string>();
  }
  return "output-0";
}

Json NodeToCanvas(const Json& raw) {
  Json extra = Json::object();
  for (const auto& [key, value] : raw.items()) {
    if (!kNodeKeys.count(key)) extra[key] = value;
  }
  return {{"id", raw.at("id")},
          {"type", raw.at("type")},
          {"description", raw.value("description", Json(""))},
          {"settings", raw.value("setting_input", Json::object())},
          {"position",
           {{"x", raw.value("x_position", Json(0))}, {"y", raw.value("y_position", Json(0))}}},
          {"inputs",
           {{"main", raw.value("input_ids", Json::array())},
            {"right", IdOrNull(raw, "right_input_id")},
            {"left", IdOrNull(raw, "left_input_id")}}},
          {"extra", std::move(extra)}};
}

Json EdgesOf(const std::vector<FlowNodeInfo>& nodes, const Json& raw_nodes) {
  std::map<int64_t, const Json*> raw_by_id;
  for (const Json& raw : raw_nodes) raw_by_id[raw.at("id").get<int64_t>()] = &raw;
  Json edges = Json::array();
  for (const FlowNodeInfo& node : nodes) {
    const Json& raw = *raw_by_id.at(node.id);
    auto add = [&](int64_t from, const std::string& port) {
      const std::string handle = SourceHandle(*raw_by_id.at(from), node.id);
      edges.push_back({{"id", std::to_string(from) + ":" + handle + "->" + std::to_string(node.id) +
                                  ":" + port},
                       {"source", from},
                       {"target", node.id},
                       {"source_handle", handle},
                       {"target_handle", port}});
    };
    std::set<int64_t> side;
    if (raw.contains("right_input_id") && raw.at("right_input_id").is_number_integer()) {
      add(raw.at("right_input_id").get<int64_t>(), "right");
      side.insert(raw.at("right_input_id").get<int64_t>());
    }
    if (raw.contains("left_input_id") && raw.at("left_input_id").is_number_integer()) {
      add(raw.at("left_input_id").get<int64_t>(), "left");
      side.insert(raw.at("left_input_id").get<int64_t>());
    }
    std::set<int64_t> seen;
    for (int64_t from : node.input_ids) {
      if (side.count(from) || !seen.insert(from).second) continue;
      add(from, "main");
    }
  }
  return edges;
}

Json ParametersJson(const std::vector<FlowParameter>& parameters) {
  Json out = Json::array();
  for (const FlowParameter& p : parameters) {
    out.push_back({{"name", p.name},
                   {"default_value", p.default_value},
                   {"description", p.description},
                   {"type", p.type},
                   {"enum_values", p.enum_values}});
  }
  return out;
}

void AddPredictions(const Flow& flow, Json& nodes) {
  std::map<int64_t, std::string> errors;
  const auto schemas = flow.PredictedSchemas({}, &errors);
  for (Json& node : nodes) {
    const int64_t id = node.at("id").get<int64_t>();
    if (auto it = schemas.find(id); it != schemas.end()) {
      Json columns = Json::array();
      for (const Field& f : it->second) {
        columns.push_back({{"name", f.name}, {"type", f.dtype.ToString()}});
      }
      node["schema"] = std::move(columns);
    } else if (auto e = errors.find(id); e != errors.end()) {
      node["error"] = e->second;
    }
  }
}

[[noreturn]] void Bad(const std::string& what) {
  throw ApiError(400, "invalid_flow", "the flow JSON " + what,
                 "send the shape GET /api/v1/flows/file returns");
}

Json NodeToDocument(const Json& node) {
  if (!node.is_object() || !node.contains("id") || !node.at("id").is_number_integer()) {
    Bad("has a node without an integer 'id'");
  }
  if (!node.contains("type") || !node.at("type").is_string()) {
    Bad("has node " + node.at("id").dump() + " without a 'type'");
  }
  Json raw = node.value("extra", Json::object());
  if (!raw.is_object()) Bad("has node " + node.at("id").dump() + " whose 'extra' is not an object");
  raw["id"] = node.at("id");
  raw["type"] = node.at("type");
  raw["description"] = node.value("description", Json(""));
  raw["setting_input"] = node.value("settings", Json::object());
  const Json position = node.value("position", Json::object());
  raw["x_position"] = position.is_object() ? position.value("x", Json(0)) : Json(0);
  raw["y_position"] = position.is_object() ? position.value("y", Json(0)) : Json(0);
  const Json inputs = node.value("inputs", Json::object());
  if (!inputs.is_object())
    Bad("has node " + node.at("id").dump() + " whose 'inputs' is not an object");
  raw["input_ids"] = inputs.value("main", Json::array());
  for (const char* side : {"right", "left"}) {
    const Json id = inputs.value(side, Json(nullptr));
    // Written null when unset, as save_graph and Flowfile write them.
    raw[std::string(side) + "_input_id"] = id.is_number_integer() ? id : Json(nullptr);
  }
  return raw;
}

// Each node's `outputs`: the nodes that read it, in file order. Readers that stay keep their
// saved output handle; new readers leave by output-0.
void RecomputeOutputs(Json& raw_nodes) {
  std::map<int64_t, std::vector<int64_t>> readers;
  for (const Json& raw : raw_nodes) {
    std::vector<int64_t> from;
    if (raw.at("input_ids").is_array()) {
      for (const Json& id : raw.at("input_ids")) {
        if (id.is_number_integer()) from.push_back(id.get<int64_t>());
      }
    }
    for (const char* key : {"right_input_id", "left_input_id"}) {
      if (raw.at(key).is_number_integer()) from.push_back(raw.at(key).get<int64_t>());
    }
    for (int64_t id : from) {
      auto& list = readers[id];
      if (std::find(list.begin(), list.end(), raw.at("id").get<int64_t>()) == list.end()) {
        list.push_back(raw.at("id").get<int64_t>());
      }
    }
  }
  for (Json& raw : raw_nodes) {
    const std::vector<int64_t>& now = readers[raw.at("id").get<int64_t>()];
    // The handle each reader had before (split outputs), so an edit elsewhere keeps it.
    std::map<int64_t, std::string> handle;
    const Json outputs = raw.value("outputs", Json::array());
    const Json handles = raw.value("output_handles", Json::array());
    std::set<int64_t> before;
    for (size_t i = 0; outputs.is_array() && i < outputs.size(); ++i) {
      if (!outputs[i].is_number_integer()) continue;
      before.insert(outputs[i].get<int64_t>());
      if (handles.is_array() && i < handles.size() && handles[i].is_string()) {
        handle[outputs[i].get<int64_t>()] = handles[i].get<std::string>();
      }
    }
    if (before == std::set<int64_t>(now.begin(), now.end())) continue;  // keeps order, handles
    raw["outputs"] = now;
    Json kept = Json::array();
    bool split = false;
    for (int64_t reader : now) {
      const auto it = handle.find(reader);
      kept.push_back(it == handle.end() ? "output-0" : it->second);
      split = split || (it != handle.end() && it->second != "output-0");
    }
    if (split) {
      raw["output_handles"] = std::move(kept);
    } else {
      raw.erase("output_handles");
    }
  }
}

bool IsParameterName(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// The canvas's "parameters" list as flowfile_settings.parameters (the loader then checks
// that each default fits its type).
Json ParametersToDocument(const Json& parameters) {
  if (!parameters.is_array()) Bad("has 'parameters' that is not a list");
  Json out = Json::array();
  std::set<std::string> names;
  for (const Json& p : parameters) {
    const std::string name = p.is_object() ? p.value("name", std::string()) : std::string();
    if (!IsParameterName(name)) {
      Bad("has a parameter named '" + name +
          "'; names are letters, digits and '_', not starting with a digit");
    }
    if (!names.insert(name).second) Bad("declares the parameter '" + name + "' twice");
    Json raw = {{"name", name},
                {"default_value", p.value("default_value", std::string())},
                {"description", p.value("description", std::string())},
                {"type", p.value("type", std::string("string"))}};
    const Json values = p.value("enum_values", Json::array());
    raw["enum_values"] = values.is_array() && !values.empty() ? values : Json(nullptr);
    out.push_back(std::move(raw));
  }
  return out;
}

}  // namespace

Json FlowToCanvas(const Flow& flow, bool predict) {
  const Json document = Json::parse(flow.ToJson());
  Json extra = Json::object();
  for (const auto& [key, value] : document.items()) {
    if (!kTopKeys.count(key)) extra[key] = value;
  }
  const Json raw_nodes = document.value("nodes", Json::array());
  Json nodes = Json::array();
  std::map<int64_t, bool> runnable;
  for (const FlowNodeInfo& info : flow.nodes()) runnable[info.id] = info.runnable;
  for (const Json& raw : raw_nodes) {
    Json node = NodeToCanvas(raw);
    node["runnable"] = runnable[raw.at("id").get<int64_t>()];
    nodes.push_back(std::move(node));
  }
  if (predict) AddPredictions(flow, nodes);
  return {{"name", flow.name()},
          {"settings", document.value("flowfile_settings", Json::object())},
          {"parameters", ParametersJson(flow.parameters())},
          {"extra", std::move(extra)},
          {"nodes", std::move(nodes)},
          {"edges", EdgesOf(flow.nodes(), raw_nodes)}};
}

Flow CanvasToFlow(const Json& canvas, const std::string& source) {
  if (!canvas.is_object()) Bad("is not an object");
  Json document = canvas.value("extra", Json::object());
  if (!document.is_object()) Bad("has an 'extra' that is not an object");
  if (canvas.contains("name") && canvas.at("name").is_string()) {
    document["flowfile_name"] = canvas.at("name");
  }
  document["flowfile_settings"] = canvas.value("settings", Json::object());
  if (!document["flowfile_settings"].is_object()) Bad("has 'settings' that is not an object");
  if (canvas.contains("parameters")) {
    document["flowfile_settings"]["parameters"] = ParametersToDocument(canvas.at("parameters"));
  }
  const Json nodes = canvas.value("nodes", Json::array());
  if (!nodes.is_array()) Bad("has 'nodes' that is not a list");
  Json raw_nodes = Json::array();
  for (const Json& node : nodes) raw_nodes.push_back(NodeToDocument(node));
  RecomputeOutputs(raw_nodes);
  document["nodes"] = std::move(raw_nodes);
  return Flow::Parse(document.dump(), source, false);
}

Json CanvasSchema() {
  using namespace schema;
  const Json id = Int();
  const Json node = Object(
      {{"id", id},
       {"type", Str()},
       {"description", Str()},
       {"settings", OpenObject()},
       {"position", Object({{"x", {{"type", "number"}}}, {"y", {{"type", "number"}}}})},
       {"inputs",
        Object({{"main", ArrayOf(id)}, {"right", Nullable(Int())}, {"left", Nullable(Int())}})},
       {"runnable", Bool()},
       {"extra", OpenObject()},
       {"schema", ArrayOf(Object({{"name", Str()}, {"type", Str()}}))},
       {"error", Str()}},
      {"id", "type"}, false);
  const Json edge = Object({{"id", Str()},
                            {"source", id},
                            {"target", id},
                            {"source_handle", Str()},
                            {"target_handle", Str()}});
  const Json parameter = Object({{"name", Str()},
                                 {"default_value", Str()},
                                 {"description", Str()},
                                 {"type", Str()},
                                 {"enum_values", ArrayOf(Str())}});
  return Object({{"path", Str()},
                 {"name", Str()},
                 {"settings", OpenObject()},
                 {"parameters", ArrayOf(parameter)},
                 {"extra", OpenObject()},
                 {"nodes", ArrayOf(node)},
                 {"edges", ArrayOf(edge)}},
                {"nodes"}, false);
}

}  // namespace ff::server
