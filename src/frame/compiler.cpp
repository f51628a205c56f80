#include "frame/compiler.hpp"

#include <algorithm>
#include <atomic>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "engine/engine.hpp"
#include "frame/database_nodes.hpp"
#include "frame/engine_error_text.hpp"
#include "frame/fusion.hpp"
#include "frame/node_sql.hpp"

namespace ff::frame {

bool ReadsOwnTable(const PlanNode& node) {
  return node.type == "cache" && node.params.contains("table");
}

namespace {

std::string CteName(const PlanNode& node) { return "n" + std::to_string(node.id); }

// Inputs before users, each node once. Iterative: a chain as long as the user likes cannot
// overflow the stack. `for_sql` leaves out what only the graph shows (a cache's input); the
// inputs of a node with a stand-in are left out too.
std::vector<NodePtr> Ordered(const NodePtr& root, bool for_sql,
                             const StandIns* stand_ins = nullptr) {
  std::unordered_set<uint64_t> seen{root->id};
  std::vector<std::pair<NodePtr, size_t>> stack{{root, 0}};
  std::vector<NodePtr> out;
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (next < node->inputs.size() && !(for_sql && ReadsOwnTable(*node)) &&
        !(stand_ins && stand_ins->count(node->id))) {
      const NodePtr& input = node->inputs[next++];
      if (seen.insert(input->id).second) stack.emplace_back(input, 0);
      continue;
    }
    out.push_back(node);
    stack.pop_back();
  }
  return out;
}

}  // namespace

std::shared_ptr<PlanNode> NewNode(std::string type, std::string description, nlohmann::json params,
                                  std::vector<NodePtr> inputs) {
  static std::atomic<uint64_t> next_id{1};
  auto node = std::make_shared<PlanNode>();
  node->id = next_id++;
  node->type = std::move(type);
  node->description = std::move(description);
  node->params = std::move(params);
  node->inputs = std::move(inputs);
  node->columns_need_data = node->type == "pivot" && !node->params.contains("on_values");
  for (const NodePtr& input : node->inputs) node->columns_need_data |= input->columns_need_data;
  return node;
}

EngineTable::~EngineTable() {
  try {
    auto connection = engine::Engine::Get().Acquire();
    connection->Execute("DROP TABLE IF EXISTS " + engine::Ident(name_));
  } catch (...) {
    // The process is ending or the engine is gone: nothing left to free.
  }
}

std::vector<NodePtr> OrderedNodes(const NodePtr& root) { return Ordered(root, false); }

// DuckDB binds a query by recursion, in time and memory that grow faster than its depth
// (2,000 levels: about 1.5 s and 250 MB; 10,000 overflow its stack); past this many levels
// a plan is refused in our words.
constexpr int kMaxNesting = 3000;

void CheckNesting(const NodePtr& root, const std::vector<NodePtr>& nodes, const Fusion& fusion) {
  std::unordered_map<uint64_t, int> depth;
  for (const NodePtr& node : nodes) {
    int d = 0;
    if (!ReadsOwnTable(*node))
      for (const NodePtr& input : node->inputs) d = std::max(d, depth[input->id]);
    depth[node->id] = d + (fusion.Absorbed(*node) ? 0 : 1);
  }
  if (depth[root->id] > kMaxNesting) {
    throw Error(ErrorCode::kInvalidArgument,
                "the plan ending at " + NodeLabel(*root) + " is " +
                    std::to_string(depth[root->id]) + " steps deep, each reading the one before; " +
                    "the engine plans at most " + std::to_string(kMaxNesting) +
                    " (runs of filters, and of with_columns that do not read each other, count " +
                    "as one). Call .cache() on a frame part-way to compute it once and " +
                    "continue from there");
  }
}

namespace {

// An input's place in its reader's SQL until we know whether the input is written there as
// a subquery or named as a CTE. Unit separators occur in no SQL we write.
std::string InputToken(const PlanNode& node) { return "\x1f" + std::to_string(node.id) + "\x1f"; }

// DuckDB binds a chain of CTEs in time and memory that grow with the square of its length
// (400 CTEs: 1.2 s and 390 MB), and nested subqueries in linear time up to its expression
// depth limit (about 450 levels). So a node read once is written inside its reader, and
// every this many levels a CTE starts the nesting afresh.
constexpr int kMaxInlineDepth = 64;

// Calls `visit(open, close, id)` for each input token in `body`, in order.
template <typename Visit>
void ForEachToken(const std::string& body, Visit visit) {
  for (size_t open = body.find('\x1f'); open != std::string::npos;) {
    const size_t close = body.find('\x1f', open + 1);
    visit(open, close, std::stoull(body.substr(open + 1, close - open - 1)));
    open = body.find('\x1f', close + 1);
  }
}

struct Inlined {
  std::string sql;
  int depth = 0;  //!< subqueries nested in `sql`, itself included
};

// `body` with each input token replaced by that input's subquery (taken out of `inlined`) or
// CTE name; `depth` becomes the deepest subquery written in.
std::string ExpandInputs(const std::string& body, std::unordered_map<uint64_t, Inlined>& inlined,
                         int& depth) {
  std::string out;
  size_t at = 0;
  depth = 0;
  ForEachToken(body, [&](size_t open, size_t close, uint64_t id) {
    out.append(body, at, open - at);
    const auto input = inlined.find(id);
    if (input != inlined.end()) {
      out += "(" + input->second.sql + ")";
      depth = std::max(depth, input->second.depth);
      inlined.erase(input);  // read exactly once
    } else {
      out += "n" + std::to_string(id);
    }
    at = close + 1;
  });
  out.append(body, at, std::string::npos);
  return out;
}

}  // namespace

std::string CompileSql(const NodePtr& root) { return CompileSql(root, StandIns{}); }

std::string CompileSql(const NodePtr& root, const StandIns& stand_ins) {
  const std::vector<NodePtr> nodes = Ordered(root, true, &stand_ins);
  std::vector<NodePtr> compiled;  // what fusion may merge: not the stand-ins
  for (const NodePtr& node : nodes)
    if (!stand_ins.count(node->id)) compiled.push_back(node);
  const Fusion fusion(compiled);
  CheckNesting(root, nodes, fusion);
  // Each node's own SELECT, its inputs as tokens, and how often each node is read.
  std::vector<std::pair<NodePtr, std::string>> bodies;
  std::unordered_map<uint64_t, int> references;
  for (const NodePtr& node : nodes) {
    if (const auto stand_in = stand_ins.find(node->id); stand_in != stand_ins.end()) {
      bodies.emplace_back(node, stand_in->second);
      continue;
    }
    if (fusion.Absorbed(*node)) continue;
    std::optional<std::string> body = fusion.FusedSql(node, &InputToken);
    if (!body) {
      std::vector<std::string> refs;
      for (const NodePtr& input : node->inputs) refs.push_back(InputToken(*input));
      body = NodeSql(*node, refs);
    }
    ForEachToken(*body, [&references](size_t, size_t, uint64_t id) { ++references[id]; });
    bodies.emplace_back(node, std::move(*body));
  }
  // In dependency order: a node read once, by a reader not yet too deep, goes inside it.
  std::unordered_map<uint64_t, Inlined> inlined;
  std::string sql;
  for (auto& [node, body] : bodies) {
    int depth = 0;
    std::string expanded = ExpandInputs(body, inlined, depth);
    body.clear();
    if (node != root && references[node->id] == 1 && depth + 1 < kMaxInlineDepth) {
      inlined.emplace(node->id, Inlined{std::move(expanded), depth + 1});
      continue;
    }
    sql += (sql.empty() ? "WITH " : ",\n     ") + CteName(*node) + " AS (" + expanded + ")";
  }
  return sql + "\nSELECT * FROM " + CteName(*root);
}

std::string NodeLabel(const PlanNode& node) {
  if (!node.description.empty()) return node.type + " '" + node.description + "'";
  return node.type + " (node " + std::to_string(node.id) + ")";
}

void ThrowAttributed(const NodePtr& root, const Error& error) {
  // Nodes are named as flow_graph numbers them (1..n in this order), with their description.
  const std::vector<NodePtr> nodes = OrderedNodes(root);
  auto label = [&nodes](size_t index) {
    const PlanNode& node = *nodes[index];
    std::string text = node.type;
    if (!node.description.empty()) text += " '" + node.description + "'";
    return text + " (node " + std::to_string(index + 1) + " of the flow)";
  };
  // Bind errors belong to the first node whose own SQL does not bind.
  for (size_t i = 0; i < nodes.size(); ++i) {
    try {
      SchemaOf(nodes[i]);
    } catch (const Error& bind_error) {
      std::string message = bind_error.what();
      const std::string prefix = NodeLabel(*nodes[i]) + ": ";
      if (message.starts_with(prefix)) message.erase(0, prefix.size());
      throw Error(ErrorCode::kInvalidArgument, label(i) + ": " + message);
    }
  }
  const std::string what = error.what();
  if (IsCsvReadError(what)) {  // a value that does not fit: the read of a CSV file
    std::vector<size_t> reads;
    for (size_t i = 0; i < nodes.size(); ++i)
      if (nodes[i]->type == "read") reads.push_back(i);
    if (reads.size() == 1) {
      throw Error(error.code(), label(reads.front()) + " failed: " + ExplainEngineError(what));
    }
  }
  throw Error(error.code(), "running the flow ending at " + label(nodes.size() - 1) +
                                " failed: " + ExplainEngineError(what));
}

}  // namespace ff::frame
