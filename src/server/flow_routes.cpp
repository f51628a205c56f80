// /api/v1/flows: the workspace's flow files for the Designer — list, open (as canvas JSON with
// predicted schemas), save (Flowfile's YAML), and generated code.
#include <httplib.h>

#include <chrono>

#include "api.hpp"
#include "flow_json.hpp"
#include "flow_paths.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/flow.hpp"
#include "iso_time.hpp"
#include "schema_helpers.hpp"

namespace ff::server {
namespace fs = std::filesystem;

namespace {

std::string ModifiedTime(const fs::path& file) {
  std::error_code ec;
  const auto written = fs::last_write_time(file, ec);
  if (ec) return "";
  const auto system = std::chrono::file_clock::to_sys(written);
  return IsoTime(std::chrono::system_clock::to_time_t(system));
}

Reply ListFlows(Call& call) {
  const std::vector<fs::path> files = FlowFiles(call.state);
  Json out = Json::array();
  for (const fs::path& file : files) {
    out.push_back({{"path", RelativeFlowPath(call.state, file)},
                   {"name", file.stem().string()},
                   {"modified", ModifiedTime(file)}});
  }
  return {200, std::move(out)};
}

Reply GetFlow(Call& call) {
  const std::string relative = call.RequiredQuery("path");
  const fs::path file = ResolveFlowPath(call.state, relative);
  if (!fs::exists(file)) {
    throw ApiError(404, "not_found", "no flow file '" + relative + "' in the workspace",
                   "GET /api/v1/flows lists the flow files");
  }
  const Flow flow = Flow::Open(file.string());
  Json canvas = FlowToCanvas(flow, true);
  canvas["path"] = relative;
  return {200, std::move(canvas)};
}

Reply PutFlow(Call& call) {
  const std::string relative = call.RequiredQuery("path");
  const fs::path file = ResolveFlowPath(call.state, relative);
  const Flow flow = CanvasToFlow(call.body, relative);
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  const bool created = !fs::exists(file);
  flow.Save(file.string());
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                  ec);
  return {200, {{"path", relative}, {"created", created}, {"nodes", flow.nodes().size()}}};
}

}  // namespace

void AddFlowRoutes(std::vector<Route>& routes) {
  using namespace schema;
  const std::string tag = "flows";
  const QueryParam path{"path", "string", true,
                        "the flow file, relative to the workspace (flows/x.yaml)"};
  routes.push_back(
      {.method = "GET",
       .path = "/api/v1/flows",
       .tag = tag,
       .summary = "The flow files in the workspace's flows folder",
       .response_schema = ArrayOf(Object({{"path", Str()}, {"name", Str()}, {"modified", Str()}})),
       .handler = ListFlows});
  routes.back().light = true;
  routes.push_back({.method = "GET",
                    .path = "/api/v1/flows/file",
                    .tag = tag,
                    .summary = "A flow as canvas JSON, with each node's predicted schema or error",
                    .response_schema = CanvasSchema(),
                    .query = {path},
                    .handler = GetFlow});
  routes.push_back(
      {.method = "PUT",
       .path = "/api/v1/flows/file",
       .tag = tag,
       .summary = "Save canvas JSON as a Flowfile flow file (YAML for .yaml/.yml)",
       .request_schema = CanvasSchema(),
       .response_schema = Object({{"path", Str()}, {"created", Bool()}, {"nodes", Int()}}),
       .query = {path},
       .handler = PutFlow});
  routes.push_back({.method = "POST",
                    .path = "/api/v1/flows/code",
                    .tag = tag,
                    .summary = "The flow as Python, C++ or SQL code (\"Generate code\")",
                    .request_schema = Object(
                        {{"path", Str()}, {"flow", OpenObject()}, {"target", Str()}}, {"target"}),
                    .response_schema = Object({{"target", Str()}, {"code", Str()}}),
                    .handler = [](Call& call) -> Reply {
                      const std::string target = call.body.at("target").get<std::string>();
                      if (target != "python" && target != "cpp" && target != "sql") {
                        throw ApiError(400, "invalid_argument",
                                       "'target' must be python, cpp or sql, not '" + target + "'");
                      }
                      const Flow flow = FlowFromBody(call);
                      return {200, {{"target", target}, {"code", flow.ToCode(target)}}};
                    }});
}

}  // namespace ff::server
