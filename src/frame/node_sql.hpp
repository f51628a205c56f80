// Each node type's SQL. A node's SQL reads its inputs by the CTE names it is given.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "frame/plan_node.hpp"

namespace ff::frame {

//! The SELECT for `node` over `input_refs` (one per input, already quoted identifiers).
//! Throws kInvalidArgument for settings the node type does not accept.
std::string NodeSql(const PlanNode& node, const std::vector<std::string>& input_refs);

//! A filter whose rows are kept by a plain WHERE condition over its input's columns: that
//! condition (so a run of such filters compiles to one WHERE); nullopt for every other node
//! (drop_nulls, predicates with windows or aggregates, other node types).
std::optional<std::string> FilterCondition(const PlanNode& node);

struct FormulaParts;
//! A with_columns node whose expressions have no window, aggregate or selector: what it
//! writes and reads (see fusion.hpp); nullopt for every other node.
std::optional<FormulaParts> FormulaPartsOf(const PlanNode& node);

}  // namespace ff::frame
