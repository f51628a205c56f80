// ff::apply_node: one registry node over frames, outside any flow file.
#include "flow/flow_build.hpp"
#include "flow/parameters.hpp"
#include "flow/registry.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/flow.hpp"
#include "frame/saved_node.hpp"

namespace ff {

namespace {

// A frame step saved by save_graph, rebuilt from its exact settings; a sink then writes.
std::vector<FlowFrame> ApplySaved(const std::string& type_key, const std::string& settings_json,
                                  const std::vector<FlowFrame>& inputs,
                                  const ApplyNodeOptions& options) {
  flow::FlowNodeModel node;
  node.id = options.node_id;
  node.type = type_key;
  node.description = options.description;
  nlohmann::json raw;
  try {
    raw = {{"id", options.node_id},
           {"type", type_key},
           {"description", options.description},
           {"setting_input", nlohmann::json::parse(settings_json)},
           {"flowfile_cpp", nlohmann::json::parse(options.saved_json)}};
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::kInvalidArgument,
                node.Label() + ": the saved settings are not valid JSON (" + e.what() + ")");
  }
  std::vector<frame::NodePtr> plans;
  for (const FlowFrame& f : inputs) plans.push_back(f.plan());
  std::vector<FlowFrame> out = {FlowFrame(frame::LoadSavedNode(raw, plans))};
  const flow::NodeType* type = flow::FindNodeType(type_key);
  if (type != nullptr && type->sink && !inputs.empty()) {
    const nlohmann::json settings = nlohmann::json::parse(settings_json);
    flow::NodeInputs in;
    in.main = {inputs.back()};
    flow::NodeContext context(node, settings, in, options.base_dir);
    type->sink(context, context.Main());
  }
  return out;
}

}  // namespace

std::vector<FlowFrame> apply_node(const std::string& type_key, const std::string& settings_json,
                                  const std::vector<FlowFrame>& inputs,
                                  const ApplyNodeOptions& options) {
  if (!options.saved_json.empty()) return ApplySaved(type_key, settings_json, inputs, options);
  const flow::NodeType* type = flow::FindNodeType(type_key);
  if (type == nullptr) {
    std::vector<std::string> known;
    for (const flow::NodeType& t : flow::NodeTypes()) known.push_back(t.key);
    ThrowUnknownName("node type", type_key, known);
  }
  flow::FlowNodeModel node;
  node.id = options.node_id;
  node.type = type_key;
  node.description = options.description;
  if (!type->refusal.empty()) {
    throw Error(ErrorCode::kUnsupported, node.Label() + " cannot run here: " + type->refusal);
  }
  nlohmann::json settings;
  try {
    settings = nlohmann::json::parse(settings_json);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::kInvalidArgument,
                node.Label() + ": the settings are not valid JSON (" + e.what() + ")");
  }
  std::vector<FlowFrame> main = inputs;
  flow::NodeInputs in;
  if (type->right_input) {
    if (main.size() < 2) {
      throw Error(ErrorCode::kInvalidArgument, node.Label() + " takes a left and a right input; " +
                                                   std::to_string(main.size()) + " given");
    }
    in.right = main.back();
    main.pop_back();
  }
  in.main = std::move(main);
  const flow::ParameterValues params = flow::ResolveParameters({}, options.params);
  const nlohmann::json resolved =
      flow::SubstituteParameters(settings, params, type->formula_fields, node.Label());
  flow::NodeContext context(node, resolved, in, options.base_dir);
  std::vector<FlowFrame> out = type->build(context);
  for (FlowFrame& f : out) f = flow::ApplyOutputFieldConfig(context, f);
  if (type->sink) type->sink(context, context.Main());
  return out;
}

}  // namespace ff
