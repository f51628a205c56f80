// The node registry: one entry per node type, read by the loader, the runner, `flowfile nodes`,
// the APIs and the UI. An entry says what the node looks like (group, ports, settings schema)
// and what it does (build: the lazy frames it produces; sink: what it writes).
//
// Adding a node type: write its entry in src/flow/nodes/<group>_nodes.cpp (or a new file there)
// and list the file's Add function in registry.cpp.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "flow/flow_model.hpp"
#include "flowfile/frame.hpp"

namespace ff::flow {

struct NodeInputs {
  std::vector<FlowFrame> main;
  //! The input handle each main input arrived on: 0 for input_ids, N for input_connections'
  //! "input-N" (run_flow's data ports).
  std::vector<int> main_ports;
  std::optional<FlowFrame> right;
  std::optional<FlowFrame> left;
};

//! What a node sees of the run it belongs to. A sub-flow run (run_flow) gives its child the
//! chain of flow files above it (recursion and depth checks) and the frames its flow_input
//! nodes receive.
struct RunScope {
  std::string flow_path;                //!< the flow file (absolute); empty when parsed from text
  std::vector<std::string> ancestry;    //!< flow files of the run_flow chain above, outermost first
  std::map<int64_t, FlowFrame> inputs;  //!< flow_input node id -> the frame a parent feeds it
  bool dry_run = false;                 //!< nothing may be written
  //! Lineage id shared by every catalog write of one Flow::Run (sub-flows included); empty
  //! when a node is built on its own (each write then gets an id of its own).
  std::string run_id;
};

//! What a node's build or sink function sees: its settings (parameters resolved), inputs and
//! the run's options. Its helpers throw errors that name the node and the setting.
class NodeContext {
 public:
  NodeContext(const FlowNodeModel& node, const nlohmann::json& settings, const NodeInputs& inputs,
              const std::string& base_dir, const RunScope* scope = nullptr)
      : node_(node), settings_(settings), inputs_(inputs), base_dir_(base_dir), scope_(scope) {}

  const FlowNodeModel& node() const { return node_; }
  const nlohmann::json& settings() const { return settings_; }
  const NodeInputs& inputs() const { return inputs_; }
  NodeOptions Options() const { return {node_.description}; }
  const std::string& base_dir() const { return base_dir_; }
  //! The run this node belongs to (an empty scope when built on its own).
  const RunScope& scope() const;

  const FlowFrame& Main(size_t index = 0) const;
  const FlowFrame& Right() const;
  //! The settings object at `path` ("join_input"), or an empty object when absent.
  const nlohmann::json& Section(const std::string& key) const;
  //! `relative` against the run's base directory (absolute paths and URLs unchanged).
  std::string ResolvePath(const std::string& relative) const;

  //! kInvalidArgument: "node 3 (join 'x'): setting 'join_input.how': <message>".
  [[noreturn]] void Fail(const std::string& setting, const std::string& message) const;

 private:
  const FlowNodeModel& node_;
  const nlohmann::json& settings_;
  const NodeInputs& inputs_;
  const std::string& base_dir_;
  const RunScope* scope_;
};

struct NodeType {
  std::string key;
  std::string label;
  std::string group;  //!< input | transform | combine | aggregate | output | other
  int min_inputs = 1;
  int max_inputs = 1;  //!< -1: any number
  bool right_input = false;
  std::vector<std::string> outputs = {"main"};  //!< handle names; empty for pure sinks
  nlohmann::json settings_schema = nlohmann::json::object();  //!< JSON Schema of setting_input
  std::vector<std::string> formula_fields;  //!< JSON pointers of formula-language settings
  //! The lazy frames the node produces, one per output handle. Sinks return their input.
  std::function<std::vector<FlowFrame>(const NodeContext&)> build;
  //! Writers: run the input into the target; returns rows written. Null for other nodes.
  std::function<int64_t(const NodeContext&, const FlowFrame& input)> sink;
  //! Nodes with effects of their own during Flow::Run (run_flow runs its sub-flow's writers);
  //! returns rows to report, or -1. Null for other nodes.
  std::function<int64_t(const NodeContext&)> run;
  std::string refusal;  //!< non-empty: the node opens and saves but refuses to run, saying why
};

//! Every registered type, in palette order.
const std::vector<NodeType>& NodeTypes();
//! The entry for `key`, or null.
const NodeType* FindNodeType(const std::string& key);

// Each group's entries (src/flow/nodes/*.cpp).
void AddInputNodes(std::vector<NodeType>& types);
void AddTransformNodes(std::vector<NodeType>& types);
void AddCombineNodes(std::vector<NodeType>& types);
void AddAggregateNodes(std::vector<NodeType>& types);
void AddOutputNodes(std::vector<NodeType>& types);
void AddRefusedNodes(std::vector<NodeType>& types);
void AddRestApiNode(std::vector<NodeType>& types);
void AddSubflowNodes(std::vector<NodeType>& types);

}  // namespace ff::flow
