#include "flow/type_names.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "flowfile/errors.hpp"
#include "util/text.hpp"

namespace ff::flow {

namespace {

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

// Case-insensitive aliases Flowfile's type parser accepts besides Polars' own names.
const std::map<std::string, std::string>& Aliases() {
  static const std::map<std::string, std::string> aliases = {
      {"int", "Int64"},      {"integer", "Int64"},
      {"double", "Float64"}, {"float", "Float64"},
      {"bool", "Boolean"},   {"boolean", "Boolean"},
      {"string", "String"},  {"str", "String"},
      {"char", "String"},    {"utf8", "String"},
      {"date", "Date"},      {"datetime", "Datetime"},
      {"time", "Time"},      {"byte", "UInt8"},
      {"bit", "Binary"},     {"fixed decimal", "Float32"},
      {"binary", "Binary"},  {"duration", "Duration"},
  };
  return aliases;
}

std::optional<DataType> Plain(const std::string& name) {
  const std::string lower = util::AsciiLower(name);
  if (auto it = Aliases().find(lower); it != Aliases().end()) return DataType::Named(it->second);
  try {
    return DataType::Named(name);
  } catch (const Error&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<DataType> ParseTypeName(const std::string& raw) {
  const std::string text = Trim(raw);
  if (text.empty()) return std::nullopt;
  const size_t open = text.find('(');
  if (open == std::string::npos || text.back() != ')') return Plain(text);
  const std::string head = Trim(text.substr(0, open));
  const std::string inside = text.substr(open + 1, text.size() - open - 2);
  if (head == "List" || head == "Array") {
    std::optional<DataType> inner = ParseTypeName(inside.substr(0, inside.find(',')));
    if (!inner) return std::nullopt;
    return DataType::List(*inner);
  }
  if (head == "Datetime") {
    // Datetime(time_unit='us', time_zone=None)
    std::string unit = "us", zone;
    const size_t u = inside.find("time_unit='");
    if (u != std::string::npos) unit = inside.substr(u + 11, inside.find('\'', u + 11) - u - 11);
    const size_t z = inside.find("time_zone='");
    if (z != std::string::npos) zone = inside.substr(z + 11, inside.find('\'', z + 11) - z - 11);
    return DataType::Datetime(unit, zone);
  }
  if (head == "Decimal") {
    int precision = 38, scale = 0;
    const size_t p = inside.find("precision=");
    const size_t s = inside.find("scale=");
    try {
      if (p != std::string::npos) precision = std::stoi(inside.substr(p + 10));
      if (s != std::string::npos) scale = std::stoi(inside.substr(s + 6));
    } catch (const std::exception&) {
      return std::nullopt;
    }
    return DataType::Decimal(precision, scale);
  }
  return Plain(head);
}

DataType TypeOrString(const std::string& text) {
  if (auto type = ParseTypeName(text)) return *type;
  return DataType::Named("String");
}

const std::vector<std::string>& TypeNameChoices() {
  static const std::vector<std::string> names = {
      "String", "Int64",   "Float64", "Boolean",  "Date",   "Datetime",    "Time",
      "Int8",   "Int16",   "Int32",   "Int128",   "UInt8",  "UInt16",      "UInt32",
      "UInt64", "Float32", "Decimal", "Duration", "Binary", "Categorical", "Null"};
  return names;
}

std::vector<std::string> TypeNameAliases() {
  std::vector<std::string> aliases;
  for (const auto& [alias, name] : Aliases()) aliases.push_back(alias);
  return aliases;
}

const std::vector<std::string>& ParameterizedTypeHeads() {
  static const std::vector<std::string> heads = {"List", "Array", "Datetime", "Decimal"};
  return heads;
}

}  // namespace ff::flow
