#include "flow/registry.hpp"

#include <filesystem>

#include "flowfile/errors.hpp"

namespace ff::flow {

const std::vector<NodeType>& NodeTypes() {
  static const std::vector<NodeType> types = [] {
    std::vector<NodeType> all;
    AddInputNodes(all);
    AddRestApiNode(all);
    AddTransformNodes(all);
    AddCombineNodes(all);
    AddAggregateNodes(all);
    AddOutputNodes(all);
    AddSubflowNodes(all);
    AddRefusedNodes(all);
    return all;
  }();
  return types;
}

const NodeType* FindNodeType(const std::string& key) {
  for (const NodeType& type : NodeTypes()) {
    if (type.key == key) return &type;
  }
  return nullptr;
}

const RunScope& NodeContext::scope() const {
  static const RunScope kNone;
  return scope_ != nullptr ? *scope_ : kNone;
}

const FlowFrame& NodeContext::Main(size_t index) const {
  if (index >= inputs_.main.size()) {
    Fail("input_ids", index == 0 ? "the node has no input; connect one to its main port"
                                 : "the node needs at least " + std::to_string(index + 1) +
                                       " inputs on its main port");
  }
  return inputs_.main[index];
}

const FlowFrame& NodeContext::Right() const {
  if (!inputs_.right) Fail("right_input_id", "the node needs an input on its right port");
  return *inputs_.right;
}

const nlohmann::json& NodeContext::Section(const std::string& key) const {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!settings_.contains(key) || settings_.at(key).is_null()) return kEmpty;
  return settings_.at(key);
}

std::string NodeContext::ResolvePath(const std::string& relative) const {
  if (relative.find("://") != std::string::npos) return relative;
  const std::filesystem::path path(relative);
  if (path.is_absolute() || base_dir_.empty()) return relative;
  return (std::filesystem::path(base_dir_) / path).lexically_normal().string();
}

void NodeContext::Fail(const std::string& setting, const std::string& message) const {
  throw Error(
      ErrorCode::kInvalidArgument,
      node_.Label() + (setting.empty() ? "" : ": setting '" + setting + "'") + ": " + message);
}

}  // namespace ff::flow
