// FlowFrame's transforms: each validates what it names against its input, then adds one node.
#include "flowfile/frame.hpp"

#include <set>

#include "engine/engine.hpp"
#include "flowfile/errors.hpp"
#include "frame/compiler.hpp"
#include "frame/database_nodes.hpp"
#include "frame/expr_json.hpp"
#include "frame/expr_sql.hpp"
#include "frame/frame_validation.hpp"
#include "frame/node_sql_helpers.hpp"
#include "frame/source_pushdown.hpp"

namespace ff {

using frame::NodePtr;
using nlohmann::json;

namespace {

bool AnySelector(const std::vector<Expr>& exprs) {
  for (const Expr& e : exprs) {
    if (frame::HasSelector(e)) return true;
  }
  return false;
}

std::vector<std::string> OutputNames(const std::vector<Expr>& exprs) {
  std::vector<std::string> out;
  for (const Expr& e : exprs) out.push_back(OutputName(e));
  return out;
}

void RejectDuplicates(const std::vector<std::string>& names, const std::string& where) {
  std::set<std::string> seen;
  for (const std::string& n : names) {
    if (!seen.insert(n).second) {
      throw Error(ErrorCode::kInvalidArgument,
                  where + ": the output column '" + n +
                      "' is produced more than once; give the expressions distinct names with "
                      ".alias()");
    }
  }
}

FlowFrame Add(const NodePtr& input, std::string type, const std::string& description, json params,
              std::optional<std::vector<std::string>> column_names,
              std::vector<NodePtr> more_inputs = {}) {
  std::vector<NodePtr> inputs{input};
  for (auto& m : more_inputs) inputs.push_back(std::move(m));
  auto node = frame::NewNode(std::move(type), description, std::move(params), std::move(inputs));
  node->column_names = std::move(column_names);
  return FlowFrame(std::move(node));
}

}  // namespace

FlowFrame::FlowFrame(std::shared_ptr<const frame::PlanNode> plan) : plan_(std::move(plan)) {
  if (!plan_) throw Error(ErrorCode::kInternal, "a frame needs a plan");
}

FlowFrame FlowFrame::filter(const Expr& predicate, NodeOptions o) const {
  frame::RequireExprColumns(plan_, {predicate}, "filter", o.description);
  NodePtr input = plan_;
  // A filter straight on a database read is also pushed into the source's query, so the
  // server sends only matching rows; the filter node stays (the graph shows what was written).
  if (plan_->type == "database_reader" && plan_->inputs.empty()) {
    if (auto dialect = frame::SourceDialect(plan_->params.value("database_type", ""))) {
      const auto pushed = frame::PushableConjuncts(predicate, frame::SchemaOf(plan_), *dialect);
      if (!pushed.empty()) {
        json params = plan_->params;
        for (const std::string& term : pushed) params["pushed_filters"].push_back(term);
        auto reader = frame::NewDatabaseReaderNode(params, plan_->description);
        reader->column_names = plan_->column_names;
        input = reader;
      }
    }
  }
  return Add(input, "filter", o.description, {{"predicate", frame::ExprToJson(predicate)}},
             plan_->column_names);
}

FlowFrame FlowFrame::select(std::vector<Expr> exprs, NodeOptions o) const {
  frame::RequireExprColumns(plan_, exprs, "select", o.description);
  std::optional<std::vector<std::string>> names;
  if (!AnySelector(exprs)) {
    names = OutputNames(exprs);
    RejectDuplicates(*names, "select");
  }
  return Add(plan_, "select", o.description, {{"exprs", frame::ExprsToJson(exprs)}}, names);
}

FlowFrame FlowFrame::with_columns(std::vector<Expr> exprs, NodeOptions o) const {
  frame::RequireExprColumns(plan_, exprs, "with_columns", o.description);
  std::optional<std::vector<std::string>> names;
  if (!AnySelector(exprs)) {
    const std::vector<std::string> added = OutputNames(exprs);
    RejectDuplicates(added, "with_columns");
    names = frame::ColumnNamesOf(plan_);
    for (const std::string& a : added) {
      if (std::find(names->begin(), names->end(), a) == names->end()) names->push_back(a);
    }
  }
  return Add(plan_, "formula", o.description, {{"exprs", frame::ExprsToJson(exprs)}}, names);
}

FlowFrame FlowFrame::drop(std::vector<std::string> columns, NodeOptions o) const {
  frame::RequireColumns(plan_, columns, "drop", o.description);
  std::vector<std::string> names;
  const std::set<std::string> dropped(columns.begin(), columns.end());
  for (const std::string& c : frame::ColumnNamesOf(plan_)) {
    if (!dropped.count(c)) names.push_back(c);
  }
  return Add(plan_, "select", o.description, {{"drop", columns}}, names);
}

FlowFrame FlowFrame::rename(std::map<std::string, std::string> mapping, NodeOptions o) const {
  std::vector<std::string> olds;
  for (const auto& [old_name, new_name] : mapping) olds.push_back(old_name);
  frame::RequireColumns(plan_, olds, "rename", o.description);
  std::vector<std::string> names;
  for (const std::string& c : frame::ColumnNamesOf(plan_)) {
    const auto it = mapping.find(c);
    names.push_back(it == mapping.end() ? c : it->second);
  }
  RejectDuplicates(names, "rename");
  json m = json::object();
  for (const auto& [k, v] : mapping) m[k] = v;
  return Add(plan_, "select", o.description, {{"rename", m}}, names);
}

FlowFrame FlowFrame::cast(std::map<std::string, DataType> types, bool strict, NodeOptions o) const {
  json m = json::object();
  std::vector<std::string> columns;
  for (const auto& [name, type] : types) {
    columns.push_back(name);
    type.ToSql();  // rejects types that cannot be cast to, naming them
    m[name] = frame::DataTypeToJson(type);
  }
  frame::RequireColumns(plan_, columns, "cast", o.description);
  return Add(plan_, "select", o.description, {{"cast", m}, {"strict", strict}},
             plan_->column_names);
}

FlowFrame FlowFrame::sort(std::vector<Expr> by, SortOptions o) const {
  if (by.empty()) throw Error(ErrorCode::kInvalidArgument, "sort: give at least one column");
  frame::RequireExprColumns(plan_, by, "sort", o.description);
  auto spread = [&by](std::vector<bool> flags, const char* what) {
    if (flags.empty()) flags.push_back(false);
    if (flags.size() == 1) flags.resize(by.size(), flags[0]);
    if (flags.size() != by.size()) {
      throw Error(ErrorCode::kInvalidArgument, std::string("sort: ") + what + " has " +
                                                   std::to_string(flags.size()) + " values for " +
                                                   std::to_string(by.size()) + " sort keys");
    }
    return flags;
  };
  json params = {{"by", frame::ExprsToJson(by)},
                 {"descending", spread(o.descending, "descending")},
                 {"nulls_last", spread(o.nulls_last, "nulls_last")}};
  return Add(plan_, "sort", o.description, std::move(params), plan_->column_names);
}

FlowFrame FlowFrame::unique(UniqueOptions o) const {
  frame::RequireColumns(plan_, o.subset, "unique", o.description);
  if (o.keep != "any" && o.keep != "first" && o.keep != "last" && o.keep != "none") {
    throw Error(ErrorCode::kInvalidArgument,
                "unique: keep must be 'any', 'first', 'last' or 'none', not '" + o.keep + "'");
  }
  return Add(plan_, "unique", o.description,
             {{"subset", o.subset}, {"keep", o.keep}, {"maintain_order", o.maintain_order}},
             plan_->column_names);
}

FlowFrame FlowFrame::head(int64_t n, NodeOptions o) const {
  if (n < 0) throw Error(ErrorCode::kInvalidArgument, "head: n must be >= 0");
  return Add(plan_, "sample", o.description, {{"op", "head"}, {"n", n}}, plan_->column_names);
}

FlowFrame FlowFrame::tail(int64_t n, NodeOptions o) const {
  if (n < 0) throw Error(ErrorCode::kInvalidArgument, "tail: n must be >= 0");
  return Add(plan_, "sample", o.description, {{"op", "tail"}, {"n", n}}, plan_->column_names);
}

FlowFrame FlowFrame::slice(int64_t offset, std::optional<int64_t> length, NodeOptions o) const {
  json params = {{"op", "slice"}, {"offset", offset}};
  if (length) {
    if (*length < 0) throw Error(ErrorCode::kInvalidArgument, "slice: length must be >= 0");
    params["length"] = *length;
  }
  return Add(plan_, "sample", o.description, std::move(params), plan_->column_names);
}

FlowFrame FlowFrame::sample(SampleOptions o) const {
  if (o.n.has_value() == o.fraction.has_value()) {
    throw Error(ErrorCode::kInvalidArgument, "sample: give exactly one of n or fraction");
  }
  json params = {{"op", "sample"}};
  if (o.n) params["n"] = *o.n;
  if (o.fraction) {
    if (*o.fraction < 0 || *o.fraction > 1) {
      throw Error(ErrorCode::kInvalidArgument, "sample: fraction must be between 0 and 1");
    }
    params["fraction"] = *o.fraction;
  }
  if (o.seed) params["seed"] = *o.seed;
  return Add(plan_, "sample", o.description, std::move(params), plan_->column_names);
}

GroupBy FlowFrame::group_by(std::vector<Expr> keys, GroupByOptions options) const {
  frame::RequireExprColumns(plan_, keys, "group_by", options.description);
  return GroupBy(*this, std::move(keys), std::move(options));
}

FlowFrame GroupBy::agg(std::vector<Expr> aggregations, NodeOptions o) const {
  const std::string description = o.description.empty() ? options_.description : o.description;
  const NodePtr& input = frame_.plan();
  frame::RequireExprColumns(input, aggregations, "group_by", description);
  std::optional<std::vector<std::string>> names;
  if (!AnySelector(keys_) && !AnySelector(aggregations)) {
    names = OutputNames(keys_);
    for (const std::string& n : OutputNames(aggregations)) names->push_back(n);
    RejectDuplicates(*names, "group_by");
  }
  json params = {{"keys", frame::ExprsToJson(keys_)},
                 {"aggs", frame::ExprsToJson(aggregations)},
                 {"maintain_order", options_.maintain_order}};
  return Add(input, "group_by", description, std::move(params), names);
}

FlowFrame GroupBy::Every(const std::string& function) const {
  std::set<std::string> keys;
  for (const Expr& k : keys_) keys.insert(OutputName(k));
  std::vector<Expr> aggs;
  for (const std::string& c : frame::ColumnNamesOf(frame_.plan())) {
    if (!keys.count(c)) aggs.push_back(Expr::Call(function, {col(c)}));
  }
  return agg(std::move(aggs));
}

FlowFrame GroupBy::len(std::string name) const { return agg({ff::len().alias(std::move(name))}); }

FlowFrame FlowFrame::join(const FlowFrame& other, JoinOptions o) const {
  std::string how = o.how == "outer" ? "full" : o.how;
  if (how == "cross") {
    return Add(plan_, "cross_join", o.description, {{"suffix", o.suffix}}, std::nullopt,
               {other.plan()});
  }
  std::vector<Expr> left_on = o.on.empty() ? o.left_on : o.on;
  std::vector<Expr> right_on = o.on.empty() ? o.right_on : o.on;
  if (left_on.empty() || left_on.size() != right_on.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                "join: give the keys as on=, or as left_on= and right_on= of the same length "
                "(got " +
                    std::to_string(left_on.size()) + " and " + std::to_string(right_on.size()) +
                    ")");
  }
  frame::RequireExprColumns(plan_, left_on, "join (left side)", o.description);
  frame::RequireExprColumns(other.plan(), right_on, "join (right side)", o.description);
  json params = {{"how", how},
                 {"left_on", frame::ExprsToJson(left_on)},
                 {"right_on", frame::ExprsToJson(right_on)},
                 {"suffix", o.suffix}};
  if (o.coalesce) params["coalesce"] = *o.coalesce;
  FlowFrame joined =
      Add(plan_, "join", o.description, std::move(params), std::nullopt, {other.plan()});
  frame::BindUnlessDataNeeded(joined.plan());  // bad join settings fail at the call
  return joined;
}

FlowFrame FlowFrame::pivot(PivotOptions o) const {
  frame::RequireColumn(plan_, o.on, "pivot", o.description);
  frame::RequireColumns(plan_, o.index, "pivot", o.description);
  std::vector<std::string> values = o.values;
  if (values.empty()) {
    const std::set<std::string> used(o.index.begin(), o.index.end());
    for (const std::string& c : frame::ColumnNamesOf(plan_)) {
      if (c != o.on && !used.count(c)) values.push_back(c);
    }
  }
  frame::RequireColumns(plan_, values, "pivot", o.description);
  // The output columns depend on the data: they are read when the plan first compiles (a
  // collect, a write, a schema), never here.
  return Add(plan_, "pivot", o.description,
             {{"on", o.on},
              {"index", o.index},
              {"values", values},
              {"aggregate_function", o.aggregate_function}},
             std::nullopt);
}

FlowFrame FlowFrame::unpivot(UnpivotOptions o) const {
  frame::RequireColumns(plan_, o.on, "unpivot", o.description);
  frame::RequireColumns(plan_, o.index, "unpivot", o.description);
  std::vector<std::string> names = o.index;
  names.push_back(o.variable_name);
  names.push_back(o.value_name);
  return Add(plan_, "unpivot", o.description,
             {{"on", o.on},
              {"index", o.index},
              {"variable_name", o.variable_name},
              {"value_name", o.value_name}},
             names);
}

FlowFrame FlowFrame::with_row_index(std::string name, int64_t offset, NodeOptions o) const {
  std::vector<std::string> names{name};
  for (const std::string& c : frame::ColumnNamesOf(plan_)) names.push_back(c);
  RejectDuplicates(names, "with_row_index");
  return Add(plan_, "record_id", o.description, {{"name", name}, {"offset", offset}}, names);
}

FlowFrame FlowFrame::explode(std::vector<std::string> columns, NodeOptions o) const {
  frame::RequireColumns(plan_, columns, "explode", o.description);
  return Add(plan_, "explode", o.description, {{"columns", columns}}, plan_->column_names);
}

FlowFrame FlowFrame::text_to_rows(std::string column, std::string delimiter,
                                  std::optional<std::string> output_column, NodeOptions o) const {
  frame::RequireColumn(plan_, column, "text_to_rows", o.description);
  std::vector<std::string> names = frame::ColumnNamesOf(plan_);
  const std::string output = output_column.value_or(column);
  if (std::find(names.begin(), names.end(), output) == names.end()) names.push_back(output);
  return Add(plan_, "text_to_rows", o.description,
             {{"column", column}, {"delimiter", delimiter}, {"output_column", output}}, names);
}

FlowFrame FlowFrame::fill_null(const Expr& value, NodeOptions o) const {
  return Add(plan_, "formula", o.description, {{"fill_null", frame::ExprToJson(value)}},
             plan_->column_names);
}

FlowFrame FlowFrame::drop_nulls(std::vector<std::string> subset, NodeOptions o) const {
  frame::RequireColumns(plan_, subset, "drop_nulls", o.description);
  return Add(plan_, "filter", o.description, {{"drop_nulls", subset}}, plan_->column_names);
}

FlowFrame FlowFrame::sql(std::string query, NodeOptions o) const {
  FlowFrame out = Add(plan_, "sql_query", o.description, {{"query", query}}, std::nullopt);
  frame::BindUnlessDataNeeded(out.plan());  // a query that does not bind fails here
  return out;
}

Schema FlowFrame::schema() const { return frame::SchemaOf(plan_); }

std::vector<std::string> FlowFrame::columns() const { return frame::ColumnNamesOf(plan_); }

std::string FlowFrame::compiled_sql() const { return frame::CompileSql(plan_); }

}  // namespace ff
