#include "frame/node_sql_helpers.hpp"

#include <cctype>
#include <unordered_set>
#include <variant>

#include "frame/compiler.hpp"

namespace ff::frame {

namespace {

bool IsComparison(const ExprNode& node) {
  static const char* const kNames[] = {"eq", "neq", "lt", "le", "gt", "ge"};
  for (const char* name : kNames)
    if (node.name == name) return true;
  return false;
}

bool NeedsTypes(const Expr& expr) {
  const ExprNode& node = expr.node();
  if (node.kind == Expr::Kind::kSelector || node.kind == Expr::Kind::kCast) return true;
  // A column compared with a literal: its type decides whether the comparison is allowed
  // (frame/comparison_types.hpp).
  if (node.kind == Expr::Kind::kCall && IsComparison(node)) {
    for (const Expr& arg : node.args)
      if (arg.node().kind == Expr::Kind::kColumn) return true;
  }
  if (node.kind == Expr::Kind::kCall &&
      (node.name == "dt.truncate" || node.name == "dt.offset_by" || node.name == "sum" ||
       node.name == "cum_sum" || node.name == "formula")) {
    return true;
  }
  for (const Expr& arg : node.args) {
    if (NeedsTypes(arg)) return true;
  }
  return false;
}

}  // namespace

const Schema* TypesFor(const PlanNode& node, const std::vector<Expr>& exprs, size_t input) {
  for (const Expr& e : exprs) {
    if (NeedsTypes(e)) return &SchemaOf(node.inputs.at(input));
  }
  return nullptr;
}

bool UsesWindow(const Expr& expr) {
  const ExprNode& node = expr.node();
  if (node.kind == Expr::Kind::kOver) return true;
  if (node.kind == Expr::Kind::kCall && (node.name == "rank" || node.name == "cum_sum" ||
                                         node.name == "shift" || node.name == "diff")) {
    return true;
  }
  for (const Expr& arg : node.args) {
    if (UsesWindow(arg)) return true;
  }
  return false;
}

std::string BroadcastSql(const Expr& expr, const SqlContext& context) {
  static const std::vector<Expr> kWholeFrame;
  if (!IsAggregate(expr) && !UsesWindow(expr)) return ExprToSql(expr, context);
  SqlContext windowed = context;
  windowed.partition = &kWholeFrame;
  return ExprToSql(expr, windowed);
}

std::vector<Expr> FillNullExprs(const Expr& value, const Schema& schema) {
  std::vector<Expr> out;
  const Literal* literal = value.kind() == Expr::Kind::kLiteral ? &value.node().literal : nullptr;
  for (const Field& field : schema) {
    bool fits = true;
    if (literal) {
      if (std::holds_alternative<int64_t>(literal->value) ||
          std::holds_alternative<double>(literal->value)) {
        fits = field.dtype.IsNumeric();
      } else if (std::holds_alternative<std::string>(literal->value)) {
        fits = field.dtype.name == "String";
      } else if (std::holds_alternative<bool>(literal->value)) {
        fits = field.dtype.name == "Boolean";
      }
    }
    if (fits) out.push_back(col(field.name).fill_null(value).alias(field.name));
  }
  return out;
}

std::string LowerAscii(std::string name) {
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return name;
}

std::string InternalName(const std::string& base, const std::vector<std::string>& taken) {
  std::unordered_set<std::string> used;
  for (const std::string& name : taken) used.insert(LowerAscii(name));
  std::string name = base;
  for (int i = 1; used.count(LowerAscii(name)); ++i) name = base + "_" + std::to_string(i);
  return name;
}

}  // namespace ff::frame
