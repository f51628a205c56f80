#include "flow/nodes/sql_node.hpp"

#include "frame/plan_node.hpp"

namespace ff::flow {

FlowFrame SqlNode(const NodeContext& context, const nlohmann::json& parts,
                  const std::vector<FlowFrame>& inputs) {
  std::vector<frame::NodePtr> plans;
  for (const FlowFrame& f : inputs) plans.push_back(f.plan());
  return FlowFrame(frame::NewNode(context.node().type, context.node().description,
                                  {{"sql_parts", parts}}, std::move(plans)));
}

}  // namespace ff::flow
