// Rebuilding a plan node from a flow file this engine saved (save_graph): each node carries
// its exact settings under `flowfile_cpp`, which Flowfile's loader ignores.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "frame/plan_node.hpp"

namespace ff::frame {

//! The node `n` (a flow file's node object) over `inputs`. Throws kUnsupported for node
//! types that need Flowfile's settings shapes (the flow loader handles those).
NodePtr LoadSavedNode(const nlohmann::json& n, const std::vector<NodePtr>& inputs);

}  // namespace ff::frame
