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

namespace {

std::string CteName(const PlanNode& node) { return "n" + std::to_string(node.id); }

// Nodes whose SQL reads a table of their own: their inputs are kept for the graph only.
bool ReadsOwnTable(const PlanNode& node) {
  return node.type == "cache" && node.params.contains("table");
}

// Inputs before users, each node once. Iterative: a chain as long as the user likes cannot
// overflow the stack. `for_sql` leaves out what only the graph shows (a cache's input).
std::vector<NodePtr> Ordered(const NodePtr& root, bool for_sql) {
  std::unordered_set<uint64_t> seen{root->id};
  std::vector<std::pair<NodePtr, size_t>> stack{{root, 0}};
  std::vector<NodePtr> out;
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (next < node->inputs.size() && !(for_sql && ReadsOwnTable(*node))) {
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

// DuckDB binds a query's CTEs by recursion and stops near 1,000 levels, having spent memory
// that grows faster than the depth; past this many levels a plan is refused in our words.
constexpr int kMaxNesting = 500;

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

std::string CompileSql(const NodePtr& root) {
  const std::vector<NodePtr> nodes = Ordered(root, true);
  const Fusion fusion(nodes);
  CheckNesting(root, nodes, fusion);
  std::string sql = "WITH ";
  bool first = true;
  for (const NodePtr& node : nodes) {
    if (fusion.Absorbed(*node)) continue;
    if (!first) sql += ",\n     ";
    first = false;
    std::optional<std::string> body = fusion.FusedSql(node, &CteName);
    if (!body) {
      std::vector<std::string> refs;
      for (const NodePtr& input : node->inputs) refs.push_back(CteName(*input));
      body = NodeSql(*node, refs);
    }
    sql += CteName(*node) + " AS (" + *body + ")";
  }
  return sql + "\nSELECT * FROM " + CteName(*root);
}

namespace {

// Nodes whose output has exactly their input's columns and types: their schema is their
// input's, known without binding the chain again (a chain of filters binds once, and
// walking up is a loop, so a long chain cannot overflow the stack).
bool KeepsInputSchema(const PlanNode& node) {
  static const char* const kTypes[] = {"filter",         "sort",
                                       "unique",         "sample",
                                       "output",         "database_writer",
                                       "catalog_writer", "cloud_storage_writer"};
  if (node.inputs.size() != 1) return false;
  for (const char* type : kTypes)
    if (node.type == type) return true;
  return false;
}

const Schema* CachedSchema(const NodePtr& node) {
  std::lock_guard<std::mutex> lock(node->schema_mutex);
  return node->schema ? &*node->schema : nullptr;
}

const Schema& BoundSchemaOf(const NodePtr& node);

}  // namespace

const Schema& SchemaOf(const NodePtr& node) {
  if (const Schema* cached = CachedSchema(node)) return *cached;
  std::vector<NodePtr> keeping;
  NodePtr origin = node;
  while (KeepsInputSchema(*origin) && CachedSchema(origin) == nullptr) {
    keeping.push_back(origin);
    origin = origin->inputs.front();
  }
  const Schema& schema = BoundSchemaOf(origin);
  for (const NodePtr& kept : keeping) {
    std::lock_guard<std::mutex> lock(kept->schema_mutex);
    if (!kept->schema) kept->schema = schema;
  }
  return *CachedSchema(node);
}

namespace {

const Schema& BoundSchemaOf(const NodePtr& node) {
  if (const Schema* cached = CachedSchema(node)) return *cached;
  // One bind of the whole chain up to `node`: nodes compile from column names, so this does
  // not ask for every ancestor's schema (only nodes whose expressions need types do).
  Schema schema;
  try {
    const std::string sql = CompileSql(node);
    auto connection = engine::Engine::Get().Acquire();
    for (const auto& column : connection->Describe(sql)) {
      Field field{column.name, DataType::FromDuckDb(column.type)};
      field.dtype.duckdb_type = column.type;
      schema.push_back(std::move(field));
    }
  } catch (const Error& error) {
    if (error.code() != ErrorCode::kEngine) throw;
    ThrowSourceFailure(node);  // a driver's own error keeps its code (not found, denied, ...)
    throw Error(ErrorCode::kInvalidArgument,
                NodeLabel(*node) + ": " + ExplainEngineError(error.what()));
  }
  std::lock_guard<std::mutex> lock(node->schema_mutex);
  if (!node->schema) node->schema = std::move(schema);
  return *node->schema;
}

}  // namespace

void BindUnlessDataNeeded(const NodePtr& node) {
  if (node->columns_need_data && CachedSchema(node) == nullptr) return;
  SchemaOf(node);
}

std::vector<std::string> ColumnNamesOf(const NodePtr& node) {
  if (node->column_names) return *node->column_names;
  std::vector<std::string> names;
  for (const Field& field : SchemaOf(node)) names.push_back(field.name);
  return names;
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
