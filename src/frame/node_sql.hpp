// Each node type's SQL. A node's SQL reads its inputs by the CTE names it is given.
#pragma once

#include <string>
#include <vector>

#include "frame/plan_node.hpp"

namespace ff::frame {

//! The SELECT for `node` over `input_refs` (one per input, already quoted identifiers).
//! Throws kInvalidArgument for settings the node type does not accept.
std::string NodeSql(const PlanNode& node, const std::vector<std::string>& input_refs);

}  // namespace ff::frame
