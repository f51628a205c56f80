// A frame node written directly in SQL, for flow node types with no frame method.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "flow/registry.hpp"
#include "util/sql_dialect.hpp"

namespace ff::flow {

//! Parts are SQL text (strings) and input indexes (integers) that become the inputs' names:
//! SqlNode(c, {"SELECT * FROM ", 0, " WHERE x > 1"}, {c.Main()}).
FlowFrame SqlNode(const NodeContext& context, const nlohmann::json& parts,
                  const std::vector<FlowFrame>& inputs);

}  // namespace ff::flow
