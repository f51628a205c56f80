#include "flow/flow_build.hpp"

#include <set>

#include "flowfile/errors.hpp"
#include "frame/saved_node.hpp"

namespace ff::flow {

using nlohmann::json;

FlowBuilder::FlowBuilder(const FlowModel& model, const FlowRunOptions& options, RunScope scope)
    : model_(model),
      base_dir_(options.base_dir),
      params_(ResolveParameters(model.parameters, options.params)),
      scope_(std::move(scope)) {
  if (scope_.flow_path.empty()) scope_.flow_path = model.path;
  if (scope_.flow_path.empty()) scope_.flow_path = options.flow_path;
  if (scope_.run_id.empty()) scope_.run_id = options.run_id;
}

const NodeType& FlowBuilder::TypeOf(const FlowNodeModel& node) const {
  if (const NodeType* type = FindNodeType(node.type)) return *type;
  std::vector<std::string> known;
  for (const NodeType& t : NodeTypes()) known.push_back(t.key);
  std::string message =
      node.Label() + " has the node type '" + node.type + "', which this engine does not know";
  if (auto close = DidYouMean(node.type, known)) {
    message += "; did you mean '" + *close + "'?";
  } else {
    message += " (a user-defined or newer node type); it is kept when the flow is saved";
  }
  throw Error(ErrorCode::kUnsupported, message);
}

const BuiltNode& FlowBuilder::Build(int64_t id) {
  if (auto it = built_.find(id); it != built_.end()) return it->second;
  // Everything upstream of `id`, found with an explicit stack, then built in flow order.
  std::set<int64_t> needed;
  std::vector<int64_t> stack{id};
  while (!stack.empty()) {
    const int64_t next = stack.back();
    stack.pop_back();
    if (built_.count(next) || !needed.insert(next).second) continue;
    const FlowNodeModel& node = model_.Node(next);
    for (const InputEdge& e : node.main) stack.push_back(e.from);
    if (node.right) stack.push_back(node.right->from);
    if (node.left) stack.push_back(node.left->from);
  }
  for (size_t i : model_.order) {
    const FlowNodeModel& node = model_.nodes[i];
    if (needed.count(node.id) && !built_.count(node.id)) BuildOne(node);
  }
  return built_.at(id);
}

FlowFrame FlowBuilder::Upstream(const FlowNodeModel& node, const InputEdge& edge) const {
  const BuiltNode& from = built_.at(edge.from);
  if (edge.handle < 0 || static_cast<size_t>(edge.handle) >= from.outputs.size()) {
    const FlowNodeModel& source = model_.Node(edge.from);
    throw Error(ErrorCode::kInvalidArgument,
                node.Label() + " reads output-" + std::to_string(edge.handle) + " of " +
                    source.Label() + ", which has " + std::to_string(from.outputs.size()) +
                    " output" + (from.outputs.size() == 1 ? "" : "s"));
  }
  return from.outputs[edge.handle];
}

// A node this engine saved (save_graph) carries its exact frame settings under flowfile_cpp:
// it is rebuilt from those, inputs in the order the frame had them (left, right, main).
void FlowBuilder::BuildSaved(const FlowNodeModel& node) {
  BuiltNode built;
  std::vector<frame::NodePtr> plans;
  if (node.left) built.inputs.left = Upstream(node, *node.left);
  if (node.right) built.inputs.right = Upstream(node, *node.right);
  for (const InputEdge& e : node.main) built.inputs.main.push_back(Upstream(node, e));
  if (built.inputs.left) plans.push_back(built.inputs.left->plan());
  if (built.inputs.right) plans.push_back(built.inputs.right->plan());
  for (const FlowFrame& f : built.inputs.main) plans.push_back(f.plan());
  built.settings = SubstituteParameters(model_.Settings(node), params_, {}, node.Label());
  built.outputs = {FlowFrame(frame::LoadSavedNode(model_.RawNode(node), plans))};
  if (!built.inputs.left && !built.inputs.right && built.inputs.main.empty()) {
    built.inputs.main = built.outputs;
  } else if (built.inputs.main.empty()) {
    built.inputs.main.push_back(built.inputs.left ? *built.inputs.left : *built.inputs.right);
  }
  built_.emplace(node.id, std::move(built));
}

void FlowBuilder::BuildOne(const FlowNodeModel& node) {
  if (model_.RawNode(node).contains("flowfile_cpp")) return BuildSaved(node);
  const NodeType& type = TypeOf(node);
  if (!type.refusal.empty()) {
    throw Error(ErrorCode::kUnsupported, node.Label() + " cannot run here: " + type.refusal);
  }
  BuiltNode built;
  for (const InputEdge& e : node.main) {
    built.inputs.main.push_back(Upstream(node, e));
    built.inputs.main_ports.push_back(e.port);
  }
  if (node.right) built.inputs.right = Upstream(node, *node.right);
  if (node.left) built.inputs.left = Upstream(node, *node.left);
  const int count = static_cast<int>(built.inputs.main.size());
  if (count < type.min_inputs || (type.max_inputs >= 0 && count > type.max_inputs)) {
    const std::string expected =
        type.min_inputs == type.max_inputs
            ? std::to_string(type.min_inputs)
            : (type.max_inputs < 0
                   ? "at least " + std::to_string(type.min_inputs)
                   : std::to_string(type.min_inputs) + " to " + std::to_string(type.max_inputs));
    throw Error(ErrorCode::kInvalidArgument, node.Label() + " has " + std::to_string(count) +
                                                 " input(s) on its main port; a " + type.key +
                                                 " node takes " + expected);
  }
  if (type.right_input && !built.inputs.right) {
    throw Error(ErrorCode::kInvalidArgument,
                node.Label() + " needs a second input on its right port (right_input_id)");
  }
  built.settings =
      SubstituteParameters(model_.Settings(node), params_, type.formula_fields, node.Label());
  NodeContext context(node, built.settings, built.inputs, base_dir_, &scope_);
  try {
    built.outputs = type.build(context);
  } catch (const json::exception& e) {
    context.Fail("", std::string("its settings are malformed (") + e.what() + ")");
  }
  for (FlowFrame& out : built.outputs) out = ApplyOutputFieldConfig(context, out);
  built_.emplace(node.id, std::move(built));
}

FlowFrame FlowBuilder::Output(int64_t id, int handle) {
  const BuiltNode& built = Build(id);
  if (handle < 0 || static_cast<size_t>(handle) >= built.outputs.size()) {
    throw Error(ErrorCode::kInvalidArgument, model_.Node(id).Label() + " has no output " +
                                                 std::to_string(handle) + " (it has " +
                                                 std::to_string(built.outputs.size()) + ")");
  }
  return built.outputs[handle];
}

NodeContext FlowBuilder::Context(int64_t id) {
  const BuiltNode& built = Build(id);
  return NodeContext(model_.Node(id), built.settings, built.inputs, base_dir_, &scope_);
}

}  // namespace ff::flow
