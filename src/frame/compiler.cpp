#include "frame/compiler.hpp"

#include <atomic>
#include <unordered_map>
#include <unordered_set>

#include "engine/engine.hpp"
#include "frame/database_nodes.hpp"
#include "frame/node_sql.hpp"
#include "frame/row_steps.hpp"

namespace ff::frame {

namespace {

std::string CteName(const PlanNode& node) { return "n" + std::to_string(node.id); }

// Row-wise SELECTs nested in one CTE before the next starts: DuckDB's parser refuses deeper
// nesting (max_expression_depth), and a CTE per SELECT binds in time quadratic in their count.
constexpr int kMaxNesting = 200;

// A run of row-wise nodes being fused: the SELECT being built and how many it nests.
struct Run {
  RowLayer layer;
  int nesting = 0;
};

class Compiler {
 public:
  explicit Compiler(const NodePtr& root) : root_(root), nodes_(OrderedNodes(root)) {
    for (const NodePtr& node : nodes_) {
      for (const NodePtr& input : node->inputs) readers_[input->id].push_back(node.get());
    }
  }

  std::string Sql() {
    for (const NodePtr& node : nodes_) {
      const std::shared_ptr<const RowStep> step = RowStepOf(*node);
      if (step) {
        AddRowStep(node, *step);
      } else {
        std::vector<std::string> refs;
        for (const NodePtr& input : node->inputs) refs.push_back(CteName(*input));
        AddCte(*node, NodeSql(*node, refs));
      }
    }
    return sql_ + "\nSELECT * FROM " + CteName(*root_);
  }

 private:
  // A row-wise node read by one row-wise node only becomes part of its reader's SELECT.
  bool Absorbed(const PlanNode& node) const {
    if (&node == root_.get()) return false;
    const auto it = readers_.find(node.id);
    return it != readers_.end() && it->second.size() == 1 && RowStepOf(*it->second.front());
  }

  void AddRowStep(const NodePtr& node, const RowStep& step) {
    const PlanNode& input = *node->inputs.front();
    auto carried = runs_.find(input.id);
    Run run = carried == runs_.end() ? Run{RowLayer(CteName(input))} : std::move(carried->second);
    if (carried != runs_.end()) runs_.erase(carried);
    if (!run.layer.CanTake(step)) {
      // The step reads a column the layer computes: it goes in a SELECT over this one.
      if (run.nesting + 1 < kMaxNesting) {
        run = Run{RowLayer("(" + run.layer.Sql() + ")"), run.nesting + 1};
      } else {
        AddCte(input, run.layer.Sql());
        run = Run{RowLayer(CteName(input))};
      }
    }
    run.layer.Take(step, *node);
    if (Absorbed(*node)) {
      runs_.emplace(node->id, std::move(run));
    } else {
      AddCte(*node, run.layer.Sql());
    }
  }

  void AddCte(const PlanNode& node, const std::string& sql) {
    sql_ += (sql_.empty() ? "WITH " : ",\n     ") + CteName(node) + " AS (" + sql + ")";
  }

  const NodePtr& root_;
  std::vector<NodePtr> nodes_;
  std::unordered_map<uint64_t, std::vector<const PlanNode*>> readers_;
  std::unordered_map<uint64_t, Run> runs_;  //!< by the id of the run's last node
  std::string sql_;
};

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

PlanNode::~PlanNode() {
  // The default would destroy the inputs recursively, one stack frame per node of a chain.
  std::vector<NodePtr> pending = std::move(inputs);
  while (!pending.empty()) {
    NodePtr node = std::move(pending.back());
    pending.pop_back();
    if (node.use_count() == 1) {  // the last owner: take its inputs before it goes
      auto& taken = const_cast<PlanNode&>(*node).inputs;
      for (NodePtr& input : taken) pending.push_back(std::move(input));
      taken.clear();
    }
  }
}

std::vector<NodePtr> OrderedNodes(const NodePtr& root) {
  // Depth first with an explicit stack (node, next input to visit): any chain length.
  std::unordered_set<uint64_t> seen{root->id};
  std::vector<NodePtr> out;
  std::vector<std::pair<const NodePtr*, size_t>> stack{{&root, 0}};
  while (!stack.empty()) {
    const NodePtr& node = *stack.back().first;
    const size_t next = stack.back().second++;
    if (next < node->inputs.size()) {
      const NodePtr& input = node->inputs[next];
      if (seen.insert(input->id).second) stack.emplace_back(&input, 0);
      continue;
    }
    out.push_back(node);
    stack.pop_back();
  }
  return out;
}

std::string CompileSql(const NodePtr& root) { return Compiler(root).Sql(); }

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
    throw Error(ErrorCode::kInvalidArgument, NodeLabel(*node) + ": " + error.what());
  }
  std::lock_guard<std::mutex> lock(node->schema_mutex);
  if (!node->schema) node->schema = std::move(schema);
  return *node->schema;
}

}  // namespace

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
  // Bind errors belong to the first node whose own SQL does not bind.
  for (const NodePtr& node : OrderedNodes(root)) {
    try {
      SchemaOf(node);
    } catch (const Error& bind_error) {
      throw Error(ErrorCode::kInvalidArgument, bind_error.what());
    }
  }
  throw Error(error.code(), "running the flow ending at " + NodeLabel(*root) +
                                " failed: " + std::string(error.what()));
}

}  // namespace ff::frame
