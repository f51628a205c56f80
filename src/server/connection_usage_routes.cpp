// GET /api/v1/connections/{database,cloud}/{name}/usage: the workspace's flows that use a
// connection, so deleting it can warn first. Each flow file is opened by the core's loader and
// asked which connections its nodes name (Flow::ConnectionsUsed), never searched as text.
#include "api.hpp"
#include "flow_paths.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/flow.hpp"
#include "flowfile/workspace.hpp"
#include "schema_helpers.hpp"

namespace ff::server {
namespace {

Reply Usage(Call& call, const std::string& kind) {
  const std::string& name = call.path.at("name");
  auto& connections = call.state.workspace->connections();
  // 404 listing the known names, as the other routes of the connection do.
  if (kind == "database") {
    connections.GetDatabase(name);
  } else {
    connections.GetCloud(name);
  }
  Json flows = Json::array();
  Json unreadable = Json::array();
  for (const auto& file : FlowFiles(call.state)) {
    const std::string relative = RelativeFlowPath(call.state, file);
    std::vector<FlowConnectionUse> uses;
    try {
      uses = Flow::Open(file.string()).ConnectionsUsed();
    } catch (const std::exception&) {
      // A flow the loader refuses cannot be checked: the warning says so instead of guessing.
      unreadable.push_back(relative);
      continue;
    }
    Json nodes = Json::array();
    for (const auto& use : uses) {
      if (use.kind == kind && use.name == name) nodes.push_back(use.node_id);
    }
    if (!nodes.empty()) flows.push_back({{"path", relative}, {"nodes", std::move(nodes)}});
  }
  return {200, {{"connection", name}, {"flows", std::move(flows)}, {"unreadable", unreadable}}};
}

}  // namespace

void AddConnectionUsageRoutes(std::vector<Route>& routes) {
  using namespace schema;
  const Json response =
      Object({{"connection", Str()},
              {"flows", ArrayOf(Object({{"path", Str()}, {"nodes", ArrayOf(Int())}}))},
              {"unreadable", ArrayOf(Str())}});
  for (const std::string kind : {"database", "cloud"}) {
    routes.push_back({.method = "GET",
                      .path = "/api/v1/connections/" + kind + "/{name}/usage",
                      .tag = kind + " connections",
                      .summary = "The workspace's flows whose nodes use this connection (and "
                                 "the flow files that could not be read to check)",
                      .response_schema = response,
                      .handler = [kind](Call& call) { return Usage(call, kind); }});
  }
}

}  // namespace ff::server
