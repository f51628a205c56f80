// From a plan to one SQL query, and the schema of any node without reading data.
//
// Contract:
//  - CompileSql(root) is `WITH n<id> AS (...), ... SELECT * FROM n<root id>`: one CTE per node
//    in dependency order, so DuckDB optimises the whole pipeline as one query.
//  - CompileSql writes a node read once inside its reader as a subquery, and others as CTEs.
//  - SchemaOf(node) binds only that node's SQL over typed stand-ins for its inputs (DESCRIBE),
//    after the schemas of the ancestors not yet known, in order, without recursion: cost linear
//    in the nodes not yet bound; cached on the node (schema_of.cpp).
//  - AttributeFailure turns an engine error of a whole plan into one naming the first node
//    whose SQL fails to bind (its type and description), or, for errors at run time, the plan.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "flowfile/errors.hpp"
#include "frame/plan_node.hpp"

namespace ff::frame {

//! A node whose SQL reads a table of its own: its inputs are kept for the graph only.
bool ReadsOwnTable(const PlanNode& node);

//! Every node the root depends on, itself last, each once, inputs before users.
std::vector<NodePtr> OrderedNodes(const NodePtr& root);

std::string CompileSql(const NodePtr& root);

//! Node id -> a SELECT standing in for that node's output (typed NULLs, see schema_of.cpp).
using StandIns = std::unordered_map<uint64_t, std::string>;
//! CompileSql where each node with a stand-in reads as it, and what it reads is not compiled.
std::string CompileSql(const NodePtr& root, const StandIns& stand_ins);

const Schema& SchemaOf(const NodePtr& node);

//! Binds `node` now so bad settings fail at the call, unless its columns are known only from
//! the data (after a pivot): then the compile checks it, as planning never reads data.
void BindUnlessDataNeeded(const NodePtr& node);

//! Column names: structural when known, else from the schema.
std::vector<std::string> ColumnNamesOf(const NodePtr& node);

//! "filter 'Drop low-value rows'" or "filter (node 7)": how messages name a node.
std::string NodeLabel(const PlanNode& node);

[[noreturn]] void ThrowAttributed(const NodePtr& root, const Error& error);

}  // namespace ff::frame
