// From a parsed flow document to the model: node fields checked one by one, wiring resolved
// from both directions (a node's inputs and its upstream's outputs), cycles found with Kahn's
// algorithm (no recursion, so a long chain or a self-loop cannot overflow the stack).
#include "flow/flow_model.hpp"

#include <queue>
#include <set>

#include "flow/parameters.hpp"
#include "flowfile/errors.hpp"

namespace ff::flow {

using nlohmann::json;

namespace {

class ModelBuilder {
 public:
  ModelBuilder(json document, std::string source_name) : source_(std::move(source_name)), model_{} {
    model_.document = std::move(document);
    model_.source_name = source_;
  }

  FlowModel Build() {
    const json& doc = model_.document;
    if (!doc.is_object()) Fail("the document is not a mapping of flow fields");
    if (!doc.contains("nodes")) Fail("it has no 'nodes' list");
    if (!doc.at("nodes").is_array()) Fail("'nodes' is not a list");
    model_.name = StringOr(doc, "flowfile_name", "");
    const json settings = doc.value("flowfile_settings", json::object());
    if (!settings.is_object() && !settings.is_null()) Fail("'flowfile_settings' is not a mapping");
    model_.parameters = ReadParameters(settings.is_object() ? settings : json::object(), source_);
    for (size_t i = 0; i < doc.at("nodes").size(); ++i) ReadNode(doc.at("nodes")[i], i);
    for (FlowNodeModel& node : model_.nodes) ResolveInputs(node);
    AddEdgesFromOutputs();
    Order();
    return std::move(model_);
  }

 private:
  [[noreturn]] void Fail(const std::string& message) const {
    throw Error(ErrorCode::kInvalidArgument, "flow file '" + source_ + "': " + message);
  }
  [[noreturn]] void FailNode(const json& node, size_t position, const std::string& message) const {
    std::string who = "node #" + std::to_string(position + 1);
    if (node.is_object() && node.contains("id") && node.at("id").is_number_integer()) {
      who = "node " + std::to_string(node.at("id").get<int64_t>());
    }
    Fail(who + ": " + message);
  }

  static std::string StringOr(const json& j, const char* key, const std::string& fallback) {
    if (!j.contains(key) || j.at(key).is_null()) return fallback;
    return j.at(key).is_string() ? j.at(key).get<std::string>() : j.at(key).dump();
  }

  std::optional<int64_t> OptionalId(const json& node, size_t position, const char* field) const {
    if (!node.contains(field) || node.at(field).is_null()) return std::nullopt;
    if (!node.at(field).is_number_integer()) {
      FailNode(node, position,
               std::string("'") + field + "' must be a node id (an integer), not " +
                   node.at(field).dump());
    }
    return node.at(field).get<int64_t>();
  }

  std::vector<int64_t> IdList(const json& node, size_t position, const char* field) const {
    std::vector<int64_t> out;
    if (!node.contains(field) || node.at(field).is_null()) return out;
    if (!node.at(field).is_array()) {
      FailNode(node, position, std::string("'") + field + "' must be a list of node ids");
    }
    for (const json& item : node.at(field)) {
      if (!item.is_number_integer()) {
        FailNode(
            node, position,
            std::string("'") + field + "' must hold node ids (integers), found " + item.dump());
      }
      out.push_back(item.get<int64_t>());
    }
    return out;
  }

  void ReadNode(const json& raw, size_t position) {
    if (!raw.is_object()) FailNode(raw, position, "a node must be a mapping");
    if (!raw.contains("id")) FailNode(raw, position, "the field 'id' is missing");
    if (!raw.at("id").is_number_integer()) {
      FailNode(raw, position, "'id' must be an integer, not " + raw.at("id").dump());
    }
    FlowNodeModel node;
    node.id = raw.at("id").get<int64_t>();
    node.position = position;
    if (!raw.contains("type") || !raw.at("type").is_string()) {
      FailNode(raw, position, "the field 'type' (the node type, e.g. 'filter') is missing");
    }
    node.type = raw.at("type").get<std::string>();
    node.description = StringOr(raw, "description", "");
    if (raw.contains("setting_input") && !raw.at("setting_input").is_null() &&
        !raw.at("setting_input").is_object()) {
      FailNode(raw, position, "'setting_input' must be a mapping of the node's settings");
    }
    node.outputs = IdList(raw, position, "outputs");
    if (!model_.index.emplace(node.id, model_.nodes.size()).second) {
      FailNode(raw, position,
               "the id " + std::to_string(node.id) +
                   " is used by two nodes; every node needs its own id");
    }
    model_.nodes.push_back(std::move(node));
  }

  void ResolveInputs(FlowNodeModel& node) {
    const json& raw = model_.document.at("nodes")[node.position];
    auto check = [&](int64_t id, const char* field) {
      if (!model_.index.count(id)) {
        FailNode(raw, node.position,
                 std::string("'") + field + "' names node " + std::to_string(id) +
                     ", which is not in the file");
      }
      return InputEdge{id, 0};
    };
    for (int64_t id : IdList(raw, node.position, "input_ids")) {
      node.main.push_back(check(id, "input_ids"));
    }
    if (auto id = OptionalId(raw, node.position, "right_input_id")) {
      node.right = check(*id, "right_input_id");
    }
    if (auto id = OptionalId(raw, node.position, "left_input_id")) {
      node.left = check(*id, "left_input_id");
    }
    // run_flow's dynamic inputs: {from_id, input_handle, source_handle}.
    if (raw.contains("input_connections") && raw.at("input_connections").is_array()) {
      for (const json& c : raw.at("input_connections")) {
        if (!c.is_object() || !c.contains("from_id") || !c.at("from_id").is_number_integer()) {
          FailNode(raw, node.position, "'input_connections' entries need an integer 'from_id'");
        }
        InputEdge edge = check(c.at("from_id").get<int64_t>(), "input_connections");
        edge.handle = HandleIndex(c.value("source_handle", std::string("output-0")), raw, node);
        edge.port = PortIndex(c.value("input_handle", std::string("input-0")), raw, node);
        node.main.push_back(edge);
      }
    }
    for (int64_t id : node.outputs) check(id, "outputs");
  }

  int HandleIndex(const std::string& handle, const json& raw, const FlowNodeModel& node) const {
    const std::string prefix = "output-";
    if (handle.rfind(prefix, 0) == 0 && handle.size() > prefix.size() &&
        handle.size() <= prefix.size() + 2 &&
        handle.find_first_not_of("0123456789", prefix.size()) == std::string::npos) {
      return std::stoi(handle.substr(prefix.size()));
    }
    FailNode(raw, node.position,
             "the output handle '" + handle + "' is not one of output-0 … output-9");
  }

  int PortIndex(const std::string& handle, const json& raw, const FlowNodeModel& node) const {
    const std::string prefix = "input-";
    if (handle.rfind(prefix, 0) == 0 && handle.size() > prefix.size() &&
        handle.size() <= prefix.size() + 2 &&
        handle.find_first_not_of("0123456789", prefix.size()) == std::string::npos) {
      return std::stoi(handle.substr(prefix.size()));
    }
    FailNode(raw, node.position,
             "the input handle '" + handle + "' is not one of input-0 … input-10");
  }

  // Edges listed only in an upstream node's `outputs` (with the handle each one leaves by).
  void AddEdgesFromOutputs() {
    for (FlowNodeModel& from : model_.nodes) {
      const json& raw = model_.document.at("nodes")[from.position];
      std::vector<std::string> handles;
      if (raw.contains("output_handles") && raw.at("output_handles").is_array()) {
        for (const json& h : raw.at("output_handles")) {
          handles.push_back(h.is_string() ? h.get<std::string>() : "output-0");
        }
      }
      for (size_t i = 0; i < from.outputs.size(); ++i) {
        const int handle = i < handles.size() ? HandleIndex(handles[i], raw, from) : 0;
        FlowNodeModel& to = model_.nodes[model_.index.at(from.outputs[i])];
        bool named = false;
        for (InputEdge& edge : to.main) named |= Claim(edge, from.id, handle);
        if (to.right) named |= Claim(*to.right, from.id, handle);
        if (to.left) named |= Claim(*to.left, from.id, handle);
        if (!named && to.main.empty() && !to.right && !to.left) {
          to.main.push_back({from.id, handle});
        }
      }
    }
  }

  static bool Claim(InputEdge& edge, int64_t from, int handle) {
    if (edge.from != from) return false;
    if (edge.port > 0) return true;  // input_connections name their source handle themselves
    edge.handle = handle;
    return true;
  }

  void Order() {
    const size_t n = model_.nodes.size();
    std::vector<std::vector<size_t>> downstream(n);
    std::vector<size_t> pending(n, 0);
    for (size_t i = 0; i < n; ++i) {
      const FlowNodeModel& node = model_.nodes[i];
      auto add = [&](const InputEdge& e) {
        downstream[model_.index.at(e.from)].push_back(i);
        ++pending[i];
      };
      for (const InputEdge& e : node.main) add(e);
      if (node.right) add(*node.right);
      if (node.left) add(*node.left);
    }
    std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
    for (size_t i = 0; i < n; ++i) {
      if (pending[i] == 0) ready.push(i);
    }
    while (!ready.empty()) {
      const size_t i = ready.top();
      ready.pop();
      model_.order.push_back(i);
      for (size_t next : downstream[i]) {
        if (--pending[next] == 0) ready.push(next);
      }
    }
    if (model_.order.size() == n) return;
    std::string ids;
    for (size_t i = 0; i < n; ++i) {
      if (pending[i] == 0) continue;
      ids += (ids.empty() ? "" : ", ") + std::to_string(model_.nodes[i].id);
    }
    Fail("the nodes " + ids +
         " form a cycle (a node's input depends on its own output); a flow must be acyclic");
  }

  std::string source_;
  FlowModel model_;
};

}  // namespace

std::string FlowNodeModel::Label() const {
  std::string label = "node " + std::to_string(id) + " (" + type;
  if (!description.empty()) label += " '" + description + "'";
  return label + ")";
}

const FlowNodeModel& FlowModel::Node(int64_t id) const {
  const auto it = index.find(id);
  if (it == index.end()) {
    std::vector<std::string> known;
    for (const FlowNodeModel& n : nodes) known.push_back(std::to_string(n.id));
    ThrowUnknownName("node id", std::to_string(id), known);
  }
  return nodes[it->second];
}

const json& FlowModel::RawNode(const FlowNodeModel& node) const {
  return document.at("nodes")[node.position];
}

const json& FlowModel::Settings(const FlowNodeModel& node) const {
  static const json kEmpty = json::object();
  const json& raw = RawNode(node);
  if (!raw.contains("setting_input") || raw.at("setting_input").is_null()) return kEmpty;
  return raw.at("setting_input");
}

FlowModel BuildModel(json document, const std::string& source_name) {
  return ModelBuilder(std::move(document), source_name).Build();
}

}  // namespace ff::flow
