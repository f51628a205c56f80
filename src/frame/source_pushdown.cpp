#include "frame/source_pushdown.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <variant>

namespace ff::frame {

namespace {

std::string Quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string Ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::optional<std::string> LiteralSql(const Literal& l) {
  if (l.is_list) return std::nullopt;
  if (!l.sql_type.empty() && l.sql_type != "DATE" && l.sql_type != "TIMESTAMP") return std::nullopt;
  if (auto* b = std::get_if<bool>(&l.value)) return std::string(*b ? "TRUE" : "FALSE");
  if (auto* i = std::get_if<int64_t>(&l.value)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&l.value)) {
    if (!std::isfinite(*d)) return std::nullopt;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    return std::string(buf);
  }
  if (auto* s = std::get_if<std::string>(&l.value)) {
    return l.sql_type.empty() ? Quote(*s)
                              : Quote(*s) + "::" + (l.sql_type == "DATE" ? "date" : "timestamp");
  }
  return std::nullopt;  // NULL literals change comparison results (x = NULL): not pushed
}

std::optional<std::string> Sql(const Expr& e) {
  const ExprNode& node = e.node();
  switch (node.kind) {
    case Expr::Kind::kColumn: return Ident(node.name);
    case Expr::Kind::kLiteral: return LiteralSql(node.literal);
    case Expr::Kind::kCall: {
      static const std::map<std::string, std::string> kBinary = {
          {"eq", "="}, {"neq", "<>"}, {"lt", "<"},    {"le", "<="},
          {"gt", ">"}, {"ge", ">="},  {"and", "AND"}, {"or", "OR"}};
      std::vector<std::string> args;
      for (const Expr& a : node.args) {
        auto sql = Sql(a);
        if (!sql) return std::nullopt;
        args.push_back(*sql);
      }
      if (auto it = kBinary.find(node.name); it != kBinary.end() && args.size() == 2) {
        return "(" + args[0] + " " + it->second + " " + args[1] + ")";
      }
      if (node.name == "not" && args.size() == 1) return "(NOT " + args[0] + ")";
      if (node.name == "is_null" && args.size() == 1) return "(" + args[0] + " IS NULL)";
      if (node.name == "is_not_null" && args.size() == 1) return "(" + args[0] + " IS NOT NULL)";
      if (node.name == "is_in" && args.size() >= 2) {
        std::string list;
        for (size_t i = 1; i < args.size(); ++i) list += (i > 1 ? ", " : "") + args[i];
        return "(" + args[0] + " IN (" + list + "))";
      }
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

}  // namespace

std::optional<std::string> PushableSql(const Expr& predicate) { return Sql(predicate); }

}  // namespace ff::frame
