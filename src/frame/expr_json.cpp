#include "frame/expr_json.hpp"

#include "flowfile/errors.hpp"

namespace ff::frame {

using nlohmann::json;

namespace {

json LiteralToJson(const Literal& literal) {
  json out = json::object();
  if (literal.is_list) {
    json items = json::array();
    for (const Literal& item : literal.items) items.push_back(LiteralToJson(item));
    out["list"] = std::move(items);
  } else if (auto* b = std::get_if<bool>(&literal.value)) {
    out["bool"] = *b;
  } else if (auto* i = std::get_if<int64_t>(&literal.value)) {
    out["int"] = *i;
  } else if (auto* d = std::get_if<double>(&literal.value)) {
    out["float"] = *d;
  } else if (auto* s = std::get_if<std::string>(&literal.value)) {
    out["str"] = *s;
  } else {
    out["null"] = true;
  }
  if (!literal.sql_type.empty()) out["sql_type"] = literal.sql_type;
  return out;
}

Literal LiteralFromJson(const json& j) {
  Literal literal;
  if (j.contains("list")) {
    literal.is_list = true;
    for (const json& item : j.at("list")) literal.items.push_back(LiteralFromJson(item));
  } else if (j.contains("bool")) {
    literal.value = j.at("bool").get<bool>();
  } else if (j.contains("int")) {
    literal.value = j.at("int").get<int64_t>();
  } else if (j.contains("float")) {
    literal.value = j.at("float").get<double>();
  } else if (j.contains("str")) {
    literal.value = j.at("str").get<std::string>();
  }
  if (j.contains("sql_type")) literal.sql_type = j.at("sql_type").get<std::string>();
  return literal;
}

const char* KindName(Expr::Kind kind) {
  switch (kind) {
    case Expr::Kind::kColumn: return "col";
    case Expr::Kind::kLiteral: return "lit";
    case Expr::Kind::kCall: return "call";
    case Expr::Kind::kAlias: return "alias";
    case Expr::Kind::kCast: return "cast";
    case Expr::Kind::kWhen: return "when";
    case Expr::Kind::kOver: return "over";
    case Expr::Kind::kSelector: return "selector";
  }
  return "lit";
}

}  // namespace

json DataTypeToJson(const DataType& type) {
  if (type.name == "Unknown") return type.duckdb_type;
  return type.ToSql();
}

DataType DataTypeFromJson(const json& j) { return DataType::FromDuckDb(j.get<std::string>()); }

json ExprToJson(const Expr& expr) {
  const ExprNode& node = expr.node();
  json out = {{"kind", KindName(node.kind)}};
  if (!node.name.empty()) out["name"] = node.name;
  if (node.kind == Expr::Kind::kLiteral) out["value"] = LiteralToJson(node.literal);
  if (!node.args.empty()) out["args"] = ExprsToJson(node.args);
  if (node.kind == Expr::Kind::kCast) {
    out["dtype"] = DataTypeToJson(node.dtype);
    out["strict"] = node.strict;
  }
  if (!node.strings.empty()) out["strings"] = node.strings;
  return out;
}

Expr ExprFromJson(const json& j) {
  if (!j.is_object() || !j.contains("kind")) {
    throw Error(ErrorCode::kInvalidArgument,
                "not an expression (expected an object with a 'kind'): " + j.dump().substr(0, 200));
  }
  const std::string kind = j.at("kind").get<std::string>();
  auto node = std::make_shared<ExprNode>();
  if (kind == "col") {
    node->kind = Expr::Kind::kColumn;
  } else if (kind == "lit") {
    node->kind = Expr::Kind::kLiteral;
  } else if (kind == "call") {
    node->kind = Expr::Kind::kCall;
  } else if (kind == "alias") {
    node->kind = Expr::Kind::kAlias;
  } else if (kind == "cast") {
    node->kind = Expr::Kind::kCast;
  } else if (kind == "when") {
    node->kind = Expr::Kind::kWhen;
  } else if (kind == "over") {
    node->kind = Expr::Kind::kOver;
  } else if (kind == "selector") {
    node->kind = Expr::Kind::kSelector;
  } else {
    throw Error(ErrorCode::kInvalidArgument, "unknown expression kind '" + kind +
                                                 "' (expected col, lit, call, alias, cast, "
                                                 "when, over or selector)");
  }
  node->name = j.value("name", "");
  if (j.contains("value")) node->literal = LiteralFromJson(j.at("value"));
  if (j.contains("args")) node->args = ExprsFromJson(j.at("args"));
  if (j.contains("dtype")) node->dtype = DataTypeFromJson(j.at("dtype"));
  node->strict = j.value("strict", true);
  if (j.contains("strings")) node->strings = j.at("strings").get<std::vector<std::string>>();
  return Expr(std::move(node));
}

json ExprsToJson(const std::vector<Expr>& exprs) {
  json out = json::array();
  for (const Expr& e : exprs) out.push_back(ExprToJson(e));
  return out;
}

std::vector<Expr> ExprsFromJson(const json& j) {
  std::vector<Expr> out;
  for (const json& item : j) out.push_back(ExprFromJson(item));
  return out;
}

}  // namespace ff::frame
