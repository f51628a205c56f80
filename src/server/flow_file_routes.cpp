// Flow files moved between the user's disk and the workspace: upload (checked by the core's
// loader before it is written) and download (the saved file byte for byte).
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "api.hpp"
#include "flow_paths.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/flow.hpp"
#include "schema_helpers.hpp"

namespace ff::server {
namespace fs = std::filesystem;

namespace {

bool IsYaml(const fs::path& file) {
  const std::string ext = file.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

// Written next to the target and renamed over it, so a reader never sees half a file.
void WriteOwnerOnly(const fs::path& file, const std::string& text) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  const fs::path temp = file.string() + ".upload-tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw ApiError(500, "write_failed", "could not write the uploaded flow file");
  }
  fs::permissions(temp, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                  ec);
  fs::rename(temp, file, ec);
  if (ec) {
    fs::remove(temp, ec);
    throw ApiError(500, "write_failed", "could not move the uploaded flow file into place");
  }
}

Reply Upload(Call& call) {
  const std::string relative = call.body.at("path").get<std::string>();
  const std::string& content = call.body.at("content").get_ref<const std::string&>();
  const fs::path file = ResolveFlowPath(call.state, relative);
  const bool overwrite = call.body.value("overwrite", false);
  if (fs::exists(file) && !overwrite) {
    throw ApiError(409, "already_exists",
                   "the workspace already has a flow file '" + relative + "'",
                   "choose another name, or send \"overwrite\": true to replace it");
  }
  Flow flow = [&] {
    try {
      return Flow::Parse(content, fs::path(relative).filename().string(), IsYaml(file));
    } catch (const ff::Error& e) {
      throw ApiError(400, "invalid_flow",
                     std::string("the uploaded file is not a flow: ") + e.what(),
                     "upload a Flowfile flow file (.yaml, .yml or .json)");
    }
  }();
  WriteOwnerOnly(file, content);
  return {200, {{"path", relative}, {"name", flow.name()}, {"nodes", flow.nodes().size()}}};
}

Reply Download(Call& call) {
  const std::string relative = call.RequiredQuery("path");
  const fs::path file = ResolveFlowPath(call.state, relative);
  std::ifstream in(file, std::ios::binary);
  if (!fs::is_regular_file(file) || !in) {
    throw ApiError(404, "not_found", "no flow file '" + relative + "' in the workspace",
                   "GET /api/v1/flows lists the flow files");
  }
  std::ostringstream text;
  text << in.rdbuf();
  Reply reply;
  reply.respond = [body = text.str(), name = file.filename().string(),
                   yaml = IsYaml(file)](httplib::Response& response) {
    response.status = 200;
    response.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    response.set_header("Cache-Control", "no-store");
    response.set_content(body, yaml ? "application/yaml" : "application/json");
  };
  return reply;
}

}  // namespace

void AddFlowFileRoutes(std::vector<Route>& routes) {
  using namespace schema;
  routes.push_back(
      {.method = "POST",
       .path = "/api/v1/flows/upload",
       .tag = "flows",
       .summary = "Add a flow file (YAML or JSON text) to the workspace, refused with the "
                  "loader's message when it is not a valid flow",
       .request_schema = Object({{"path", Str()}, {"content", Str()}, {"overwrite", Bool()}},
                                {"path", "content"}),
       .response_schema = Object({{"path", Str()}, {"name", Str()}, {"nodes", Int()}}),
       .handler = Upload});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/flows/download",
                    .tag = "flows",
                    .summary = "The saved flow file as it is on disk (an attachment)",
                    .response_schema = Str(),
                    .query = {{"path", "string", true, "the flow file, relative to the workspace"}},
                    .handler = Download});
}

}  // namespace ff::server
