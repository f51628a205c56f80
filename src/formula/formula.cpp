// The formula API: parse, compile, inspect.
#include "formula/formula.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "flowfile/errors.hpp"
#include "formula/compiler.hpp"
#include "formula/parser.hpp"

namespace ff::formulas {
namespace {

void Collect(const Node& n, std::vector<std::string>& out) {
  if (n.kind == Node::Kind::kColumn && std::find(out.begin(), out.end(), n.text) == out.end()) {
    out.push_back(n.text);
  }
  for (const NodePtr& a : n.args) Collect(*a, out);
}

}  // namespace

std::string CompileToSql(const std::string& text, const Schema& columns) {
  const NodePtr root = Parse(text);
  return CompileTree(text, *root, columns).sql;
}

DataType ResultType(const std::string& text, const Schema& columns) {
  const NodePtr root = Parse(text);
  return CompileTree(text, *root, columns).type;
}

void CheckSyntax(const std::string& text) { Parse(text); }

std::vector<std::string> ReferencedColumns(const std::string& text) {
  std::vector<std::string> out;
  Collect(*Parse(text), out);
  return out;
}

std::string ParameterLiteral(const nlohmann::json& value) {
  if (value.is_null()) return "None";
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer()) return value.dump();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (!std::isfinite(d)) {
      throw Error(ErrorCode::kInvalidArgument,
                  "a flow parameter cannot be infinite or NaN in a formula");
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", d);
    std::string out = buffer;
    if (out.find_first_of(".e") == std::string::npos) out += ".0";  // stays a float literal
    return out;
  }
  if (value.is_string()) {
    const std::string s = value.get<std::string>();
    // Formulas cannot escape the delimiter: pick the quote the text does not contain.
    if (s.find('"') != std::string::npos) {
      if (s.find('\'') != std::string::npos) {
        throw Error(ErrorCode::kInvalidArgument,
                    "a flow parameter used in a formula cannot contain both ' and \" (formula "
                    "strings have no escape for their quote character)");
      }
      std::string out = "'";
      for (char c : s) out += c == '\\' ? std::string("\\\\") : std::string(1, c);
      return out + "'";
    }
    return value.dump();
  }
  throw Error(ErrorCode::kInvalidArgument,
              "a flow parameter used in a formula must be a string, number, boolean or null, not " +
                  std::string(value.type_name()));
}

}  // namespace ff::formulas
