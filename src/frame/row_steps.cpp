#include "frame/row_steps.hpp"

#include <algorithm>
#include <set>

#include "engine/engine.hpp"
#include "flowfile/errors.hpp"
#include "frame/compiler.hpp"
#include "frame/expr_json.hpp"
#include "frame/expr_sql.hpp"
#include "frame/node_sql_helpers.hpp"

namespace ff::frame {

using engine::Ident;
using nlohmann::json;

namespace {

bool RowWise(const std::vector<Expr>& exprs) {
  for (const Expr& e : exprs) {
    if (UsesWindow(e) || IsAggregate(e) || HasSelector(e)) return false;
  }
  return true;
}

void AddReads(const Expr& e, std::vector<std::string>& reads) {
  for (std::string& name : ReferencedColumns(e)) reads.push_back(std::move(name));
}

std::optional<RowStep> FilterStep(const PlanNode& node) {
  RowStep step;
  step.kind = RowStep::Kind::kFilter;
  if (node.params.contains("drop_nulls")) {
    auto columns = node.params.at("drop_nulls").get<std::vector<std::string>>();
    if (columns.empty()) columns = ColumnNamesOf(node.inputs.at(0));
    for (const std::string& c : columns) {
      step.condition += (step.condition.empty() ? "" : " AND ") + Ident(c) + " IS NOT NULL";
    }
    step.reads = std::move(columns);
    return step;
  }
  const Expr predicate = ExprFromJson(node.params.at("predicate"));
  const Schema* types = TypesFor(node, {predicate});
  if (!RowWise({predicate})) return std::nullopt;
  step.condition = ExprToSql(predicate, SqlContext{types, nullptr});
  AddReads(predicate, step.reads);
  return step;
}

std::optional<RowStep> ExprsStep(const std::vector<Expr>& exprs, const Schema* types,
                                 RowStep::Kind kind) {
  if (exprs.empty() || !RowWise(exprs)) return std::nullopt;
  RowStep step;
  step.kind = kind;
  for (const Expr& e : exprs) {
    step.columns.push_back({OutputName(e), ExprToSql(e, SqlContext{types, nullptr})});
    AddReads(e, step.reads);
  }
  return step;
}

std::optional<RowStep> WithColumnsStep(const PlanNode& node) {
  if (node.params.contains("fill_null")) {
    const Schema& types = SchemaOf(node.inputs.at(0));
    return ExprsStep(FillNullExprs(ExprFromJson(node.params.at("fill_null")), types), &types,
                     RowStep::Kind::kAssign);
  }
  std::vector<Expr> exprs = ExprsFromJson(node.params.at("exprs"));
  const Schema* types = TypesFor(node, exprs);
  if (types) exprs = ExpandSelectors(exprs, *types);
  return ExprsStep(exprs, types, RowStep::Kind::kAssign);
}

// drop, rename and cast are projections of named columns; select(exprs) is row-wise unless
// it aggregates, uses a window or reads no column at all (Polars gives one row then).
std::optional<RowStep> SelectStep(const PlanNode& node) {
  const json& p = node.params;
  RowStep step;
  step.kind = RowStep::Kind::kProject;
  if (p.contains("drop") || p.contains("rename")) {
    std::set<std::string> drop;
    if (p.contains("drop"))
      for (const auto& d : p.at("drop")) drop.insert(d.get<std::string>());
    for (const std::string& name : ColumnNamesOf(node.inputs.at(0))) {
      if (drop.count(name)) continue;
      std::string output = name;
      if (p.contains("rename") && p.at("rename").contains(name))
        output = p.at("rename").at(name).get<std::string>();
      step.columns.push_back({output, Ident(name)});
      step.reads.push_back(name);
    }
    if (step.columns.empty()) return std::nullopt;
    return step;
  }
  if (p.contains("cast")) {
    const Schema& types = SchemaOf(node.inputs.at(0));
    std::vector<Expr> casts;
    const bool strict = p.value("strict", true);
    for (const auto& [name, type] : p.at("cast").items())
      casts.push_back(col(name).cast(DataTypeFromJson(type), strict));
    return ExprsStep(casts, &types, RowStep::Kind::kAssign);
  }
  std::vector<Expr> exprs = ExprsFromJson(p.at("exprs"));
  const Schema* types = TypesFor(node, exprs);
  if (types) exprs = ExpandSelectors(exprs, *types);
  const bool reads_a_column = std::any_of(
      exprs.begin(), exprs.end(), [](const Expr& e) { return !ReferencedColumns(e).empty(); });
  if (!reads_a_column) return std::nullopt;
  return ExprsStep(exprs, types, RowStep::Kind::kProject);
}

std::shared_ptr<const RowStep> ComputeRowStep(const PlanNode& node) {
  if (node.inputs.size() != 1) return nullptr;
  std::optional<RowStep> step;
  if (node.type == "filter") step = FilterStep(node);
  if (node.type == "formula") step = WithColumnsStep(node);
  if (node.type == "select") step = SelectStep(node);
  if (!step) return nullptr;
  return std::make_shared<const RowStep>(std::move(*step));
}

std::string JoinWith(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
  return out;
}

}  // namespace

std::shared_ptr<const RowStep> RowStepOf(const PlanNode& node) {
  {
    std::lock_guard<std::mutex> lock(node.schema_mutex);
    if (node.row_step) return *node.row_step;
  }
  // Computed unlocked: it may ask for the input's schema, which compiles and binds the input.
  std::shared_ptr<const RowStep> step;
  try {
    step = ComputeRowStep(node);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::kInvalidArgument,
                NodeLabel(node) + ": settings are incomplete or malformed (" + e.what() + ")");
  }
  std::lock_guard<std::mutex> lock(node.schema_mutex);
  if (!node.row_step) node.row_step = std::move(step);
  return *node.row_step;
}

bool RowLayer::PassesThrough(const std::string& name) const {
  if (!columns_) return true;
  for (const RowColumn& c : *columns_) {
    if (c.name == name) return c.sql == Ident(name);
  }
  return false;
}

bool RowLayer::CanTake(const RowStep& step) const {
  return std::all_of(step.reads.begin(), step.reads.end(),
                     [this](const std::string& name) { return PassesThrough(name); });
}

void RowLayer::SpellOutColumns(const PlanNode& node) {
  if (columns_) return;
  // Nothing changed the columns yet, so the node's input has exactly the columns of `from_`.
  from_names_ = ColumnNamesOf(node.inputs.at(0));
  columns_.emplace();
  for (const std::string& name : from_names_) columns_->push_back({name, Ident(name)});
}

void RowLayer::Take(const RowStep& step, const PlanNode& node) {
  switch (step.kind) {
    case RowStep::Kind::kFilter:
      if (!step.condition.empty()) conditions_.push_back(step.condition);
      return;
    case RowStep::Kind::kProject:
      SpellOutColumns(node);
      *columns_ = step.columns;
      return;
    case RowStep::Kind::kAssign:
      SpellOutColumns(node);
      for (const RowColumn& set : step.columns) {
        auto it = std::find_if(columns_->begin(), columns_->end(),
                               [&set](const RowColumn& c) { return c.name == set.name; });
        if (it != columns_->end()) {
          it->sql = set.sql;
        } else {
          columns_->push_back(set);
        }
      }
      return;
  }
}

// `*` with EXCLUDE/REPLACE and added columns when the output keeps the input's order (the
// common case, and what one node alone writes), else every column spelt out.
std::string RowLayer::Items() const {
  if (!columns_) return "*";
  const std::vector<RowColumn>& out = *columns_;
  std::vector<std::string> excluded, replaced, added;
  size_t next = 0;
  for (const std::string& name : from_names_) {
    if (next < out.size() && out[next].name == name) {
      if (out[next].sql != Ident(name)) replaced.push_back(out[next].sql + " AS " + Ident(name));
      ++next;
    } else {
      excluded.push_back(Ident(name));
    }
  }
  const std::set<std::string> inputs(from_names_.begin(), from_names_.end());
  bool star = excluded.size() < from_names_.size();
  for (size_t i = next; i < out.size() && star; ++i) {
    star = !inputs.count(out[i].name);
    added.push_back(out[i].sql + " AS " + Ident(out[i].name));
  }
  if (star) {
    std::string items = "*";
    if (!excluded.empty()) items += " EXCLUDE (" + JoinWith(excluded, ", ") + ")";
    if (!replaced.empty()) items += " REPLACE (" + JoinWith(replaced, ", ") + ")";
    for (const std::string& a : added) items += ", " + a;
    return items;
  }
  std::vector<std::string> items;
  for (const RowColumn& c : out) {
    items.push_back(c.sql == Ident(c.name) ? c.sql : c.sql + " AS " + Ident(c.name));
  }
  return JoinWith(items, ", ");
}

std::string RowLayer::Sql() const {
  std::string sql = "SELECT " + Items() + " FROM " + from_;
  if (conditions_.size() == 1) return sql + " WHERE " + conditions_[0];
  if (!conditions_.empty()) sql += " WHERE (" + JoinWith(conditions_, ") AND (") + ")";
  return sql;
}

}  // namespace ff::frame
