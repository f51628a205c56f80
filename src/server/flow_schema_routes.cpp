// POST /api/v1/flows/schemas: every node's predicted output columns and the columns arriving
// on each of its inputs, so the settings drawer can offer column pickers for the flow as it is
// being edited (before it is saved). A node that cannot be predicted carries its own error.
#include "api.hpp"
#include "flow_json.hpp"
#include "flow_paths.hpp"
#include "flowfile/flow.hpp"
#include "schema_helpers.hpp"

namespace ff::server {
namespace {

struct Predictions {
  std::map<int64_t, Schema> schemas;
  std::map<int64_t, std::string> errors;
};

Json ColumnsJson(const Schema& schema) {
  Json out = Json::array();
  for (const Field& f : schema) out.push_back({{"name", f.name}, {"type", f.dtype.ToString()}});
  return out;
}

// {"columns": [...]} or {"error": "..."} for node `id`; `key` names the node in an input.
Json Prediction(const Predictions& p, int64_t id, bool as_input) {
  Json out = as_input ? Json{{"node", id}} : Json::object();
  if (auto it = p.schemas.find(id); it != p.schemas.end()) {
    out["columns"] = ColumnsJson(it->second);
  } else if (auto e = p.errors.find(id); e != p.errors.end()) {
    out["error"] = e->second;
  } else {
    out["error"] = "node " + std::to_string(id) + " produces no columns that can be predicted";
  }
  return out;
}

// The node's inputs as the canvas JSON wires them: main (in order), then right and left.
Json InputsJson(const Predictions& p, const Json& canvas_node) {
  const Json& inputs = canvas_node.at("inputs");
  Json out = {{"main", Json::array()}};
  for (const Json& id : inputs.value("main", Json::array())) {
    if (id.is_number_integer()) out["main"].push_back(Prediction(p, id.get<int64_t>(), true));
  }
  for (const char* side : {"right", "left"}) {
    const Json id = inputs.value(side, Json(nullptr));
    if (id.is_number_integer()) out[side] = Prediction(p, id.get<int64_t>(), true);
  }
  return out;
}

Reply Schemas(Call& call) {
  const Flow flow = FlowFromBody(call);
  Predictions p;
  p.schemas = flow.PredictedSchemas({}, &p.errors);
  // The canvas form says which input is main, right or left.
  const Json canvas = FlowToCanvas(flow, false);
  Json nodes = Json::object();
  for (const Json& node : canvas.at("nodes")) {
    const int64_t id = node.at("id").get<int64_t>();
    Json entry = Prediction(p, id, false);
    entry["inputs"] = InputsJson(p, node);
    nodes[std::to_string(id)] = std::move(entry);
  }
  return {200, {{"nodes", std::move(nodes)}}};
}

}  // namespace

void AddFlowSchemaRoutes(std::vector<Route>& routes) {
  using namespace schema;
  const Json columns = ArrayOf(Object({{"name", Str()}, {"type", Str()}}));
  const Json input = Object({{"node", Int()}, {"columns", columns}, {"error", Str()}});
  const Json node =
      Object({{"columns", columns},
              {"error", Str()},
              {"inputs", Object({{"main", ArrayOf(input)}, {"right", input}, {"left", input}})}});
  routes.push_back(
      {.method = "POST",
       .path = "/api/v1/flows/schemas",
       .tag = "flows",
       .summary = "Each node's predicted output columns and the columns on each of its inputs "
                  "(or the error that keeps a node from being predicted), keyed by node id",
       .request_schema = Object({{"path", Str()}, {"flow", OpenObject()}}),
       .response_schema = Object({{"nodes", {{"type", "object"}, {"additionalProperties", node}}}}),
       .handler = Schemas});
}

}  // namespace ff::server
