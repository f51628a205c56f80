// ff::Flow: opening, inspecting and saving flow files (running is in flow_run.cpp).
#include "flowfile/flow.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "flow/flow_build.hpp"
#include "flow/flow_model.hpp"
#include "flow/flow_secrets.hpp"
#include "flow/registry.hpp"
#include "flowfile/errors.hpp"
#include "util/yaml_json.hpp"

namespace ff {

using flow::FlowModel;
using nlohmann::json;

namespace {

// Flow files are small (a 5,000-node flow is a few MB); anything this large is not one.
constexpr uintmax_t kMaxFlowFileBytes = 64ull << 20;

bool IsYamlPath(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".yaml" || ext == ".yml";
}

json ParseText(const std::string& text, const std::string& source, bool yaml) {
  try {
    if (yaml) return util::YamlToJson(text);
    return json::parse(text);
  } catch (const Error& e) {
    throw Error(ErrorCode::kInvalidArgument, "flow file '" + source + "': " + e.what());
  } catch (const json::exception& e) {
    throw Error(ErrorCode::kInvalidArgument,
                "flow file '" + source + "' is not valid JSON: " + std::string(e.what()));
  }
}

FlowNodeInfo Info(const FlowModel& model, const flow::FlowNodeModel& node) {
  FlowNodeInfo info;
  info.id = node.id;
  info.type = node.type;
  info.description = node.description;
  for (const flow::InputEdge& e : node.main) info.input_ids.push_back(e.from);
  if (node.right) info.input_ids.push_back(node.right->from);
  if (node.left) info.input_ids.push_back(node.left->from);
  info.output_ids = node.outputs;
  info.settings_json = model.Settings(node).dump();
  const json& raw = model.RawNode(node);
  info.x = raw.contains("x_position") && raw.at("x_position").is_number()
               ? static_cast<int>(raw.at("x_position").get<double>())
               : 0;
  info.y = raw.contains("y_position") && raw.at("y_position").is_number()
               ? static_cast<int>(raw.at("y_position").get<double>())
               : 0;
  const flow::NodeType* type = flow::FindNodeType(node.type);
  info.runnable = type != nullptr && type->refusal.empty();
  return info;
}

}  // namespace

Flow Flow::Open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw Error(ErrorCode::kNotFound, "flow file '" + path + "' does not exist");
  }
  if (std::filesystem::is_directory(path, ec)) {
    throw Error(ErrorCode::kInvalidArgument, "'" + path + "' is a directory, not a flow file");
  }
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxFlowFileBytes) {
    throw Error(ErrorCode::kInvalidArgument, "flow file '" + path + "' is " +
                                                 std::to_string(size >> 20) +
                                                 " MB; flow files are limited to 64 MB");
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(ErrorCode::kPermissionDenied, "cannot read the flow file '" + path + "'");
  std::stringstream buffer;
  buffer << file.rdbuf();
  Flow flow = Parse(buffer.str(), path, IsYamlPath(path));
  auto model = std::make_shared<FlowModel>(*flow.model_);
  model->path = std::filesystem::absolute(path).string();
  if (model->name.empty()) model->name = std::filesystem::path(path).stem().string();
  return Flow(std::move(model));
}

Flow Flow::Parse(const std::string& text, const std::string& source_name, bool yaml) {
  if (text.size() > kMaxFlowFileBytes) {
    throw Error(ErrorCode::kInvalidArgument,
                "flow file '" + source_name + "' is larger than the 64 MB limit");
  }
  json document = ParseText(text, source_name, yaml);
  return Flow(std::make_shared<FlowModel>(flow::BuildModel(std::move(document), source_name)));
}

const std::string& Flow::name() const { return model_->name; }
const std::string& Flow::path() const { return model_->path; }
std::vector<FlowParameter> Flow::parameters() const { return model_->parameters; }

std::vector<FlowNodeInfo> Flow::nodes() const {
  std::vector<FlowNodeInfo> out;
  for (const flow::FlowNodeModel& node : model_->nodes) out.push_back(Info(*model_, node));
  return out;
}

FlowNodeInfo Flow::node(int64_t id) const { return Info(*model_, model_->Node(id)); }

FlowFrame Flow::Frame(int64_t node_id, const FlowRunOptions& options, int output) const {
  flow::FlowBuilder builder(*model_, options);
  return builder.Output(node_id, output);
}

Schema Flow::PredictedSchema(int64_t node_id, const FlowRunOptions& options) const {
  return Frame(node_id, options).schema();
}

std::map<int64_t, Schema> Flow::PredictedSchemas(const FlowRunOptions& options,
                                                 std::map<int64_t, std::string>* errors) const {
  flow::FlowBuilder builder(*model_, options);
  std::map<int64_t, Schema> out;
  for (size_t i : model_->order) {
    const flow::FlowNodeModel& node = model_->nodes[i];
    try {
      out[node.id] = builder.Output(node.id, 0).schema();
    } catch (const std::exception& e) {
      if (errors) (*errors)[node.id] = e.what();
    }
  }
  return out;
}

std::string Flow::ToJson() const { return model_->document.dump(2) + "\n"; }

void Flow::Save(const std::string& path) const {
  flow::RefuseInlineCredentials(*model_, path);
  const std::string text = IsYamlPath(path) ? util::JsonToYaml(model_->document) : ToJson();
  const std::string temp = path + ".ff-tmp";
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    if (!file) throw Error(ErrorCode::kIo, "cannot write the flow file '" + path + "'");
    file << text;
    if (!file.flush()) {
      std::filesystem::remove(temp);
      throw Error(ErrorCode::kIo, "cannot write the flow file '" + path + "' (disk full?)");
    }
  }
  std::filesystem::rename(temp, path);
}

FlowFrame open_flow(const std::string& path) {
  const Flow flow = Flow::Open(path);
  // The flow's result: the last node in the file that nothing reads.
  std::set<int64_t> read;
  for (const flow::FlowNodeModel& node : flow.model().nodes) {
    for (const flow::InputEdge& e : node.main) read.insert(e.from);
    if (node.right) read.insert(node.right->from);
    if (node.left) read.insert(node.left->from);
  }
  int64_t result = 0;
  for (const flow::FlowNodeModel& node : flow.model().nodes) {
    if (!read.count(node.id)) result = node.id;
  }
  if (flow.model().nodes.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "flow file '" + path + "' has no nodes");
  }
  return flow.Frame(result);
}

std::vector<NodeTypeInfo> node_types() {
  std::vector<NodeTypeInfo> out;
  for (const flow::NodeType& t : flow::NodeTypes()) {
    NodeTypeInfo info;
    info.key = t.key;
    info.label = t.label;
    info.group = t.group;
    info.min_inputs = t.min_inputs;
    info.max_inputs = t.max_inputs;
    info.has_right_input = t.right_input;
    info.outputs = t.outputs;
    info.runnable = t.refusal.empty();
    info.refusal = t.refusal;
    info.settings_schema_json = t.settings_schema.dump();
    out.push_back(std::move(info));
  }
  return out;
}

NodeTypeInfo node_type(const std::string& key) {
  for (NodeTypeInfo& info : node_types()) {
    if (info.key == key) return info;
  }
  std::vector<std::string> known;
  for (const flow::NodeType& t : flow::NodeTypes()) known.push_back(t.key);
  ThrowUnknownName("node type", key, known);
}

}  // namespace ff
