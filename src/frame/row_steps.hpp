// Row-wise steps: filter, with_columns and select nodes whose expressions read only the row
// they are on (no window, no aggregate). Each is described as SQL pieces over its input, so
// one SELECT can carry a whole run of them (the compiler fuses runs) and each node's own
// builder renders the same pieces alone.
//
// Contract:
//  - RowStepOf(node) is the node's step, or nullopt when the node is not row-wise: windows and
//    aggregates (they need the input's row order, see node_sql.cpp), a select of scalars only
//    (one row), a select with no output column, any other node type. Cached on the node.
//  - RowLayer is one `SELECT ... FROM <from> WHERE ...`. It takes a step only when every column
//    the step reads is one the layer passes through unchanged from <from>; then the fused SQL
//    means exactly what the steps one after the other mean (a row-wise expression over the same
//    values, WHERE before the projection, as SQL evaluates it). A step that reads a column the
//    layer computes starts a new layer over this one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "frame/plan_node.hpp"

namespace ff::frame {

struct RowColumn {
  std::string name;
  std::string sql;  //!< over the step's input; the quoted name itself when passed through
};

struct RowStep {
  enum class Kind { kFilter, kAssign, kProject };
  Kind kind = Kind::kFilter;
  std::string condition;           //!< kFilter; empty: keeps every row
  std::vector<RowColumn> columns;  //!< kAssign: replaced or added; kProject: the whole output
  std::vector<std::string> reads;  //!< the input columns the step reads
};

//! The step `node` is, or nullptr when it is not row-wise.
std::shared_ptr<const RowStep> RowStepOf(const PlanNode& node);

class RowLayer {
 public:
  //! A layer over `from` (a CTE name or a parenthesised SELECT).
  explicit RowLayer(std::string from) : from_(std::move(from)) {}

  //! True when every column `step` reads passes through this layer unchanged.
  bool CanTake(const RowStep& step) const;
  //! Adds `step`, which `node` is (its input's column names are asked for when needed).
  void Take(const RowStep& step, const PlanNode& node);
  std::string Sql() const;

 private:
  std::string Items() const;
  bool PassesThrough(const std::string& name) const;
  void SpellOutColumns(const PlanNode& node);

  std::string from_;
  //! The output, once a step changed it; until then the input's columns as they are.
  std::optional<std::vector<RowColumn>> columns_;
  std::vector<std::string> from_names_;  //!< the input's names, known once columns_ is set
  std::vector<std::string> conditions_;
};

}  // namespace ff::frame
