// Runs of nodes that compile to one SELECT instead of one nested SELECT each.
//
// A chain of N filters or N independent with_columns is, to DuckDB, N nested subqueries: it
// binds each, and near 1,000 it stops at its expression depth limit. Fusing them changes
// nothing about the result (DuckDB's optimiser merges such filters and projections anyway);
// it only removes the nesting.
//
// Contract:
//  - A node is *absorbed* into the one node that reads it when both are plain filters
//    (conditions AND-ed, innermost first), or both are with_columns whose expressions have no
//    windows, aggregates or selectors and the reader neither reads nor writes a column the
//    absorbed run defines (names compared without case, as DuckDB binds them).
//  - A node read by two others, or the plan's root, is never absorbed.
//  - FusedSql(node) is the SELECT for `node` and every node it absorbed, over the CTE of the
//    first node below the run that is not absorbed.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "frame/plan_node.hpp"

namespace ff::frame {

//! What a fusable with_columns node writes ((name, SQL) in order) and the columns it reads.
struct FormulaParts {
  std::vector<std::pair<std::string, std::string>> items;
  std::set<std::string> reads_lower;
};

class Fusion {
 public:
  //! `nodes` in dependency order (OrderedNodes of the root).
  explicit Fusion(const std::vector<NodePtr>& nodes);

  bool Absorbed(const PlanNode& node) const { return absorbed_.count(node.id) > 0; }
  //! The fused SELECT when `node` absorbed others, else nullopt (compile it on its own).
  //! `cte` names a node's CTE.
  std::optional<std::string> FusedSql(const NodePtr& node,
                                      std::string (*cte)(const PlanNode&)) const;

 private:
  std::unordered_set<uint64_t> absorbed_;
  std::map<uint64_t, std::string> conditions_;
  std::map<uint64_t, FormulaParts> formulas_;
};

}  // namespace ff::frame
