#include "frame/comparison_types.hpp"

#include <optional>

#include "flowfile/errors.hpp"

namespace ff::frame {
namespace {

enum class Kind { kNumber, kString, kBoolean, kTemporal };

std::string KindName(Kind kind) {
  switch (kind) {
    case Kind::kNumber: return "a number";
    case Kind::kString: return "a string";
    case Kind::kBoolean: return "a boolean";
    case Kind::kTemporal: return "a date/time";
  }
  return "a value";
}

std::optional<Kind> KindOfType(const DataType& type) {
  if (type.IsNumeric()) return Kind::kNumber;
  if (type.IsTemporal()) return Kind::kTemporal;
  if (type.name == "String" || type.name == "Utf8") return Kind::kString;
  if (type.name == "Boolean") return Kind::kBoolean;
  return std::nullopt;
}

std::optional<Kind> KindOfLiteral(const Literal& literal) {
  if (literal.is_list) return std::nullopt;
  if (!literal.sql_type.empty()) {
    const std::string& t = literal.sql_type;
    if (t.find("DATE") != std::string::npos || t.find("TIME") != std::string::npos ||
        t.find("INTERVAL") != std::string::npos)
      return Kind::kTemporal;
    return std::nullopt;
  }
  if (std::holds_alternative<bool>(literal.value)) return Kind::kBoolean;
  if (std::holds_alternative<int64_t>(literal.value) ||
      std::holds_alternative<double>(literal.value))
    return Kind::kNumber;
  if (std::holds_alternative<std::string>(literal.value)) return Kind::kString;
  return std::nullopt;  // NULL compares with anything
}

std::optional<Kind> KindOf(const Expr& e, const SqlContext& context) {
  const ExprNode& node = e.node();
  switch (node.kind) {
    case Expr::Kind::kLiteral: return KindOfLiteral(node.literal);
    case Expr::Kind::kCast: return KindOfType(node.dtype);
    case Expr::Kind::kAlias: return KindOf(node.args.at(0), context);
    case Expr::Kind::kColumn:
      if (context.schema == nullptr) return std::nullopt;
      for (const Field& field : *context.schema)
        if (field.name == node.name) return KindOfType(field.dtype);
      return std::nullopt;
    default: return std::nullopt;
  }
}

bool Comparable(Kind a, Kind b) {
  if (a == b) return true;
  auto pair = [&](Kind x, Kind y) { return (a == x && b == y) || (a == y && b == x); };
  return pair(Kind::kString, Kind::kTemporal);
}

std::string Describe(const Expr& e, const SqlContext& context, Kind kind) {
  const ExprNode& node = e.node();
  if (node.kind == Expr::Kind::kColumn) {
    for (const Field& field : *context.schema)
      if (field.name == node.name)
        return "column '" + node.name + "' (" + field.dtype.ToString() + ")";
  }
  if (node.kind == Expr::Kind::kLiteral) {
    const auto& value = node.literal.value;
    if (const auto* text = std::get_if<std::string>(&value)) return "the string '" + *text + "'";
    if (const auto* i = std::get_if<int64_t>(&value)) return "the number " + std::to_string(*i);
    if (const auto* d = std::get_if<double>(&value)) return "the number " + std::to_string(*d);
    if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  }
  return KindName(kind);
}

}  // namespace

void CheckComparable(const std::string& op, const Expr& left, const Expr& right,
                     const SqlContext& context) {
  const auto a = KindOf(left, context), b = KindOf(right, context);
  if (!a || !b || Comparable(*a, *b)) return;
  throw Error(ErrorCode::kInvalidArgument,
              "cannot compare " + Describe(left, context, *a) + " " + op + " " +
                  Describe(right, context, *b) + ": they are of different kinds (" + KindName(*a) +
                  " and " + KindName(*b) +
                  "); cast one side first, e.g. ff.col(\"x\").cast(ff.Int64) or "
                  "ff.col(\"x\").cast(ff.Utf8)");
}

}  // namespace ff::frame
