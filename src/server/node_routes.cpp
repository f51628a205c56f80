// GET /api/v1/nodes: the node registry (types, groups, ports, settings JSON Schemas), so the
// front end holds no per-node knowledge of its own.
#include "api.hpp"
#include "flowfile/flow.hpp"
#include "schema_helpers.hpp"

namespace ff::server {
namespace {

Json NodeJson(const NodeTypeInfo& node) {
  Json inputs = Json::array();
  if (node.max_inputs != 0) inputs.push_back("main");
  if (node.has_right_input) inputs.push_back("right");
  Json settings = Json::object();
  if (!node.settings_schema_json.empty()) {
    settings = Json::parse(node.settings_schema_json, nullptr, false);
    if (settings.is_discarded()) settings = Json::object();
  }
  Json out = {{"key", node.key},
              {"group", node.group},
              {"label", node.label},
              {"inputs", std::move(inputs)},
              {"outputs", node.outputs},
              {"min_inputs", node.min_inputs},
              {"max_inputs", node.max_inputs},
              {"runnable", node.runnable},
              {"settings_schema", std::move(settings)}};
  if (!node.refusal.empty()) out["refusal"] = node.refusal;
  return out;
}

}  // namespace

void AddNodeRoutes(std::vector<Route>& routes) {
  using namespace schema;
  const Json node = Object({{"key", Str()},
                            {"group", Str()},
                            {"label", Str()},
                            {"inputs", ArrayOf(Str())},
                            {"outputs", ArrayOf(Str())},
                            {"min_inputs", Int()},
                            {"max_inputs", Int()},
                            {"runnable", Bool()},
                            {"refusal", Str()},
                            {"settings_schema", OpenObject()}});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/nodes",
                    .tag = "nodes",
                    .summary = "The node types this engine knows, with their settings schemas",
                    .response_schema = ArrayOf(node),
                    .handler = [](Call&) -> Reply {
                      // The registry is compiled in: built once, shared by every request.
                      static const auto registry = [] {
                        Json out = Json::array();
                        for (const auto& n : node_types()) out.push_back(NodeJson(n));
                        return std::make_shared<const std::string>(out.dump());
                      }();
                      return {200, nullptr, registry};
                    }});
  routes.back().light = true;
}

}  // namespace ff::server
