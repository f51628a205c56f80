// Flow::ToCode and what the generators share.
#include "flow/codegen.hpp"

#include "flowfile/errors.hpp"
#include "flowfile/flow.hpp"

namespace ff {

namespace flow::codegen {

const NodeType& RunnableType(const FlowModel& model, const FlowNodeModel& node,
                             const std::string& target) {
  const NodeType* type = FindNodeType(node.type);
  if (model.RawNode(node).contains("flowfile_cpp") && type == nullptr) {
    // A frame step with no Flowfile node type (explode, cache): rebuilt from its saved form.
    static const NodeType kSavedStep = [] {
      NodeType t;
      t.key = "saved_step";
      return t;
    }();
    return kSavedStep;
  }
  // A sub-flow's ports and its own writers have no single-node form (Flowfile, too, exports
  // run_flow only as a project); plain SQL cannot call a REST API.
  if (node.type == "run_flow" || (node.type == "rest_api_reader" && target == "SQL")) {
    throw Error(ErrorCode::kUnsupported,
                node.Label() + " cannot be generated as " + target +
                    (node.type == "run_flow"
                         ? ": it runs another flow file; run the flow with `flowfile run`"
                         : ": it reads a REST API; generate Python for this flow"));
  }
  if (type == nullptr || !type->refusal.empty()) {
    throw Error(ErrorCode::kUnsupported,
                node.Label() + " cannot be generated as " + target + ": " +
                    (type ? type->refusal : "the node type '" + node.type + "' is unknown"));
  }
  return *type;
}

std::set<int64_t> ReadNodes(const FlowModel& model) {
  std::set<int64_t> read;
  for (const FlowNodeModel& n : model.nodes) {
    for (const InputEdge& e : n.main) read.insert(e.from);
    if (n.right) read.insert(n.right->from);
    if (n.left) read.insert(n.left->from);
  }
  return read;
}

std::string Identifier(const std::string& text, const std::string& fallback) {
  std::string out;
  for (char c : text) {
    const bool plain = std::isalnum(static_cast<unsigned char>(c)) && !(c & 0x80);
    out += plain ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '_';
  }
  const size_t b = out.find_first_not_of('_'), e = out.find_last_not_of('_');
  return b == std::string::npos ? fallback : out.substr(b, e - b + 1);
}

}  // namespace flow::codegen

std::string Flow::ToCode(const std::string& target) const {
  if (target == "python" || target == "py") return flow::codegen::Python(*model_);
  if (target == "sql") return flow::codegen::Sql(*model_);
  if (target == "cpp" || target == "c++") return flow::codegen::Cpp(*model_);
  if (target == "cmake") return flow::codegen::CMakeLists(*model_);
  throw Error(ErrorCode::kInvalidArgument,
              "unknown code target '" + target + "'; expected python, cpp, cmake or sql");
}

}  // namespace ff
