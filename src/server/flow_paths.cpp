#include "flow_paths.hpp"

#include <algorithm>

#include "flow_json.hpp"
#include "flowfile/workspace.hpp"

namespace ff::server {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void Refuse(const std::string& path, const std::string& why) {
  throw ApiError(400, "invalid_path", "the flow path '" + path + "' " + why,
                 "name a file under the workspace's flows folder, such as flows/sales.yaml");
}

bool IsFlowExtension(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

}  // namespace

fs::path FlowsDir(const ServerState& state) {
  const fs::path dir = state.workspace->config_dir() / "flows";
  std::error_code ec;
  if (fs::create_directories(dir, ec)) {
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  return dir;
}

std::vector<fs::path> FlowFiles(const ServerState& state) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(FlowsDir(state), ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it.depth() > 8) it.disable_recursion_pending();
    if (it->is_regular_file(ec) && IsFlowExtension(it->path())) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

fs::path ResolveFlowPath(const ServerState& state, const std::string& relative) {
  if (relative.empty()) Refuse(relative, "is empty");
  if (relative.size() > 1024) Refuse(relative.substr(0, 40) + "...", "is too long");
  if (relative.find("//") != std::string::npos) Refuse(relative, "holds an empty segment");
  if (relative.find('\0') != std::string::npos || relative.find('\\') != std::string::npos) {
    Refuse(relative, "holds a character paths may not hold");
  }
  const fs::path path(relative);
  if (path.is_absolute()) Refuse(relative, "is absolute; paths are relative to the workspace");
  std::vector<std::string> parts;
  for (const auto& part : path) parts.push_back(part.string());
  for (const auto& part : parts) {
    if (part == ".." || part == "." || part.empty()) Refuse(relative, "holds '" + part + "'");
  }
  if (parts.size() < 2 || parts.front() != "flows") Refuse(relative, "is not under flows/");
  if (!IsFlowExtension(path)) Refuse(relative, "does not end in .yaml, .yml or .json");
  const fs::path dir = FlowsDir(state);
  const fs::path file = state.workspace->config_dir() / path;
  // A symlink inside flows/ must not lead elsewhere.
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(file, ec);
  const fs::path real_dir = fs::weakly_canonical(dir, ec);
  const auto mismatch = std::mismatch(real_dir.begin(), real_dir.end(), real.begin(), real.end());
  if (ec || mismatch.first != real_dir.end()) Refuse(relative, "leads out of the flows folder");
  return file;
}

Flow FlowFromBody(const Call& call, FlowRunOptions* options) {
  const bool has_path = call.body.contains("path");
  const bool has_flow = call.body.contains("flow");
  if (!has_path && !has_flow) {
    throw ApiError(400, "invalid_body",
                   "send either 'path' or 'flow' (or both: the canvas and the file it was "
                   "opened from)",
                   "{\"path\": \"flows/x.yaml\"} or {\"flow\": <the JSON of GET "
                   "/api/v1/flows/file>, \"path\": \"flows/x.yaml\"}");
  }
  fs::path file;
  if (has_path) {
    const std::string relative = call.body.at("path").get<std::string>();
    file = ResolveFlowPath(call.state, relative);
    if (!fs::exists(file)) {
      throw ApiError(404, "not_found", "no flow file '" + relative + "' in the workspace",
                     "GET /api/v1/flows lists the flow files");
    }
    file = fs::absolute(file).lexically_normal();
    if (options) {
      options->base_dir = file.parent_path().string();
      options->flow_path = file.string();
    }
  }
  // The canvas wins over the file: it holds the user's unsaved edits.
  if (has_flow) return CanvasToFlow(call.body.at("flow"), "the flow");
  return Flow::Open(file.string());
}

std::string RelativeFlowPath(const ServerState& state, const fs::path& file) {
  return file.lexically_relative(state.workspace->config_dir()).generic_string();
}

}  // namespace ff::server
