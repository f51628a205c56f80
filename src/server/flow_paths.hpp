// Flow files of the workspace: `<workspace>/flows/...`, named in the API by their path relative
// to the workspace ("flows/sales.yaml"). Nothing outside that folder can be named.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "api.hpp"
#include "flowfile/flow.hpp"

namespace ff::server {

//! <workspace>/flows (created, owner-only, when missing).
std::filesystem::path FlowsDir(const ServerState& state);
//! Every flow file under flows/ (.yaml, .yml, .json; at most 8 folders deep), sorted.
std::vector<std::filesystem::path> FlowFiles(const ServerState& state);
//! The file `relative` names. Throws ApiError(400) for an absolute path, a ".." or "."
//! segment, a path outside flows/, a name that is not .yaml/.yml/.json, or a symlink that
//! leads out of the folder.
std::filesystem::path ResolveFlowPath(const ServerState& state, const std::string& relative);
//! The flow a run or code request names: {"path"} in the workspace, {"flow": canvas JSON}, or
//! both: the canvas as opened from (and maybe edited since) that file. 400 for neither, 404 for
//! a missing file. With `options`, a named file sets base_dir (relative paths resolve beside
//! it) and flow_path (the run is attributed to it).
Flow FlowFromBody(const Call& call, FlowRunOptions* options = nullptr);
//! "flows/x.yaml" for a file under the workspace.
std::string RelativeFlowPath(const ServerState& state, const std::filesystem::path& file);

}  // namespace ff::server
