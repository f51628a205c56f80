// The schema of a node without reading data.
//
// The nodes not bound yet are bound as one query, their bound inputs read as typed stand-ins.
// When compiling one of them asks for the schema of another not bound yet (its expressions
// need their input's types), nesting such binds would cost the square of the chain's length
// and a stack frame per node; the nodes are then bound one at a time, in order, each over
// stand-ins typed as its inputs' known schemas: one small DESCRIBE per node.
#include <unordered_set>

#include "engine/engine.hpp"
#include "frame/compiler.hpp"
#include "frame/database_nodes.hpp"
#include "frame/engine_error_text.hpp"
#include "frame/node_sql.hpp"

namespace ff::frame {

namespace {

// Nodes whose output has exactly their input's columns and types: their schema is their
// input's, known without a bind.
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

const Schema& Keep(const NodePtr& node, Schema schema) {
  std::lock_guard<std::mutex> lock(node->schema_mutex);
  if (!node->schema) node->schema = std::move(schema);
  return *node->schema;
}

// An empty-of-meaning row typed as `schema`: what the node's SQL reads instead of its input.
std::optional<std::string> StandIn(const Schema& schema) {
  if (schema.empty()) return std::nullopt;
  std::string items;
  for (const Field& field : schema) {
    const std::string& type = field.dtype.duckdb_type;
    if (type.empty()) return std::nullopt;
    const bool untyped = type == "NULL" || type == "\"NULL\"";
    items += (items.empty() ? "" : ", ") + (untyped ? "NULL" : "CAST(NULL AS " + type + ")") +
             " AS " + engine::Ident(field.name);
  }
  return "SELECT " + items;
}

// The node's own SQL over stand-ins, when every input's schema is known and the node's SQL
// does not read a table of its own. (A pivot reads its values from the real input.)
std::optional<std::string> StandInSql(const NodePtr& node) {
  if (node->inputs.empty() || ReadsOwnTable(*node)) return std::nullopt;
  std::vector<std::string> refs;
  for (const NodePtr& input : node->inputs) {
    const Schema* schema = CachedSchema(input);
    if (schema == nullptr) return std::nullopt;
    std::optional<std::string> stand_in = StandIn(*schema);
    if (!stand_in) return std::nullopt;
    refs.push_back("(" + *stand_in + ")");
  }
  return NodeSql(*node, refs);
}

Schema Describe(const std::string& sql) {
  Schema schema;
  auto connection = engine::Engine::Get().Acquire();
  for (const auto& column : connection->Describe(sql)) {
    Field field{column.name, DataType::FromDuckDb(column.type)};
    field.dtype.duckdb_type = column.type;
    schema.push_back(std::move(field));
  }
  return schema;
}

[[noreturn]] void ThrowBindFailure(const NodePtr& node, const Error& error) {
  ThrowSourceFailure(node);  // a driver's own error keeps its code (not found, denied, ...)
  throw Error(ErrorCode::kInvalidArgument,
              NodeLabel(*node) + ": " + ExplainEngineError(error.what()));
}

// Binds `node` whose inputs' schemas are known (or which has none).
const Schema& BindOne(const NodePtr& node) {
  if (const Schema* cached = CachedSchema(node)) return *cached;
  if (KeepsInputSchema(*node)) {
    if (const Schema* input = CachedSchema(node->inputs.front())) return Keep(node, *input);
  }
  try {
    if (std::optional<std::string> sql = StandInSql(node)) {
      try {
        return Keep(node, Describe(*sql));
      } catch (const Error& error) {
        if (error.code() != ErrorCode::kEngine) throw;
        // A type the stand-in cannot spell: the whole chain tells, and words any error.
      }
    }
    return Keep(node, Describe(CompileSql(node)));
  } catch (const Error& error) {
    if (error.code() != ErrorCode::kEngine) throw;
    ThrowBindFailure(node, error);
  }
}

// Set while the unbound nodes compile as one query: a schema asked for then is of a node not
// bound yet, and the query is abandoned for the node-by-node way.
thread_local bool t_binding_as_one = false;
struct NeedsNodeByNode {};

// Binds `node` and its unbound ancestors as one query over stand-ins for `frontier` (bound
// nodes they read). False when that cannot be done: then nothing is cached.
bool BindAsOne(const NodePtr& node, const std::vector<NodePtr>& frontier) {
  StandIns stand_ins;
  for (const NodePtr& bound : frontier) {
    std::optional<std::string> stand_in = StandIn(*CachedSchema(bound));
    if (!stand_in) return false;
    stand_ins.emplace(bound->id, std::move(*stand_in));
  }
  std::string sql;
  t_binding_as_one = true;
  try {
    sql = CompileSql(node, stand_ins);
  } catch (const NeedsNodeByNode&) {
    t_binding_as_one = false;
    return false;
  } catch (...) {
    t_binding_as_one = false;
    throw;
  }
  t_binding_as_one = false;
  try {
    Keep(node, Describe(sql));
    return true;
  } catch (const Error& error) {
    if (error.code() != ErrorCode::kEngine) throw;
    return false;  // node by node, the error is laid at the node whose SQL fails
  }
}

// Ancestors of `node` whose schema is not known yet, and `node`, inputs before users; the
// walk stops at known schemas (collected in `frontier`) and is a loop, so no chain can
// overflow the stack.
std::vector<NodePtr> Unbound(const NodePtr& node, std::vector<NodePtr>& frontier) {
  std::unordered_set<uint64_t> seen{node->id};
  std::vector<std::pair<NodePtr, size_t>> stack{{node, 0}};
  std::vector<NodePtr> out;
  while (!stack.empty()) {
    auto& [current, next] = stack.back();
    if (next < current->inputs.size() && !ReadsOwnTable(*current)) {
      const NodePtr& input = current->inputs[next++];
      if (seen.insert(input->id).second) {
        if (CachedSchema(input) == nullptr) {
          stack.emplace_back(input, 0);
        } else {
          frontier.push_back(input);
        }
      }
      continue;
    }
    out.push_back(current);
    stack.pop_back();
  }
  return out;
}

}  // namespace

const Schema& SchemaOf(const NodePtr& node) {
  if (const Schema* cached = CachedSchema(node)) return *cached;
  if (t_binding_as_one) throw NeedsNodeByNode{};
  std::vector<NodePtr> frontier;
  const std::vector<NodePtr> unbound = Unbound(node, frontier);
  if (unbound.size() > 1 && BindAsOne(node, frontier)) return *CachedSchema(node);
  for (const NodePtr& step : unbound) BindOne(step);
  return *CachedSchema(node);
}

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

}  // namespace ff::frame
