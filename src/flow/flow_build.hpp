// Turns an opened flow into lazy frames, node by node in topological order (a loop, never
// recursion), with parameters resolved and each node's output_field_config applied.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "flow/flow_model.hpp"
#include "flow/parameters.hpp"
#include "flow/registry.hpp"

namespace ff::flow {

struct BuiltNode {
  nlohmann::json settings;  //!< parameters resolved
  NodeInputs inputs;
  std::vector<FlowFrame> outputs;
};

class FlowBuilder {
 public:
  FlowBuilder(const FlowModel& model, const FlowRunOptions& options, RunScope scope = {});

  //! Builds `id` and everything upstream of it that is not built yet.
  const BuiltNode& Build(int64_t id);
  //! The frame leaving `id` by output handle `handle`.
  FlowFrame Output(int64_t id, int handle);
  NodeContext Context(int64_t id);
  const NodeType& TypeOf(const FlowNodeModel& node) const;
  const RunScope& scope() const { return scope_; }

 private:
  void BuildOne(const FlowNodeModel& node);
  void BuildSaved(const FlowNodeModel& node);
  FlowFrame Upstream(const FlowNodeModel& node, const InputEdge& edge) const;

  const FlowModel& model_;
  std::string base_dir_;
  ParameterValues params_;
  RunScope scope_;
  std::map<int64_t, BuiltNode> built_;
};

//! Runs every node that acts during a run (sinks, run_flow, wait_for) of `model` in flow order
//! with `builder`; stops at the first failure (Flow::Run's loop, shared with sub-flow runs).
FlowRunResult RunNodes(const FlowModel& model, FlowBuilder& builder, const FlowRunOptions& options);

//! Applies a node's `output_field_config` (when enabled) to `frame`.
FlowFrame ApplyOutputFieldConfig(const NodeContext& context, const FlowFrame& frame);

}  // namespace ff::flow
