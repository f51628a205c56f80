// "Generate code": what the Python, C++ and SQL generators share. Each target lives in its own
// file (codegen_python.cpp, codegen_cpp.cpp, codegen_sql.cpp); Flow::ToCode picks one.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "flow/flow_model.hpp"
#include "flow/registry.hpp"

namespace ff::flow::codegen {

//! The node's registry entry; throws kUnsupported naming the node when `target` cannot
//! express it (a refused or unknown type, or a frame step save_graph wrote without a type).
const NodeType& RunnableType(const FlowModel& model, const FlowNodeModel& node,
                             const std::string& target);
//! Ids of nodes another node reads.
std::set<int64_t> ReadNodes(const FlowModel& model);
//! A name made of [A-Za-z0-9_] from `text` (other characters become '_'), or `fallback`.
std::string Identifier(const std::string& text, const std::string& fallback);

std::string Python(const FlowModel& model);
std::string Cpp(const FlowModel& model);
std::string CMakeLists(const FlowModel& model);
std::string Sql(const FlowModel& model);

}  // namespace ff::flow::codegen
