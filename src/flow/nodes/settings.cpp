#include "flow/nodes/settings.hpp"

#include "flow/type_names.hpp"
#include "flowfile/errors.hpp"

namespace ff::flow::settings {

namespace {

bool Absent(const json& j, const std::string& key) {
  return !j.is_object() || !j.contains(key) || j.at(key).is_null();
}

}  // namespace

std::string Str(const NodeContext& c, const json& j, const std::string& key,
                const std::string& fallback) {
  if (Absent(j, key)) return fallback;
  const json& v = j.at(key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  c.Fail(key, "expected text, found " + v.dump());
}

bool Bool(const NodeContext& c, const json& j, const std::string& key, bool fallback) {
  if (Absent(j, key)) return fallback;
  const json& v = j.at(key);
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string() && (v == "true" || v == "True")) return true;
  if (v.is_string() && (v == "false" || v == "False")) return false;
  c.Fail(key, "expected true or false, found " + v.dump());
}

int64_t Int(const NodeContext& c, const json& j, const std::string& key, int64_t fallback) {
  if (Absent(j, key)) return fallback;
  const json& v = j.at(key);
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float() && v.get<double>() == static_cast<double>(v.get<int64_t>())) {
    return v.get<int64_t>();
  }
  if (v.is_string()) {
    try {
      size_t used = 0;
      const long long n = std::stoll(v.get<std::string>(), &used);
      if (used == v.get<std::string>().size()) return n;
    } catch (const std::exception&) {
    }
  }
  c.Fail(key, "expected a whole number, found " + v.dump());
}

double Number(const NodeContext& c, const json& j, const std::string& key, double fallback) {
  if (Absent(j, key)) return fallback;
  const json& v = j.at(key);
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    try {
      size_t used = 0;
      const double n = std::stod(v.get<std::string>(), &used);
      if (used == v.get<std::string>().size()) return n;
    } catch (const std::exception&) {
    }
  }
  c.Fail(key, "expected a number, found " + v.dump());
}

std::vector<std::string> StrList(const NodeContext& c, const json& j, const std::string& key) {
  std::vector<std::string> out;
  if (Absent(j, key)) return out;
  const json& v = j.at(key);
  if (v.is_string()) return {v.get<std::string>()};
  if (!v.is_array()) c.Fail(key, "expected a list of names, found " + v.dump());
  for (const json& item : v) {
    if (!item.is_string()) c.Fail(key, "expected a list of names, found " + item.dump());
    out.push_back(item.get<std::string>());
  }
  return out;
}

void OneOf(const NodeContext& c, const std::string& setting, const std::string& value,
           const std::vector<std::string>& allowed) {
  for (const std::string& a : allowed) {
    if (a == value) return;
  }
  std::string list;
  for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
  std::string message = "'" + value + "' is not one of " + list;
  if (auto close = DidYouMean(value, allowed)) message += "; did you mean '" + *close + "'?";
  c.Fail(setting, message);
}

json SString(const std::string& title, const json& fallback) {
  return {{"type", "string"}, {"title", title}, {"default", fallback}};
}
json SBool(const std::string& title, bool fallback) {
  return {{"type", "boolean"}, {"title", title}, {"default", fallback}};
}
json SInt(const std::string& title, const json& fallback) {
  return {{"type", fallback.is_null() ? json{"integer", "null"} : json("integer")},
          {"title", title},
          {"default", fallback}};
}
json SNumber(const std::string& title, const json& fallback) {
  return {{"type", fallback.is_null() ? json{"number", "null"} : json("number")},
          {"title", title},
          {"default", fallback}};
}
json SEnum(const std::string& title, const std::vector<std::string>& values,
           const std::string& fallback) {
  return {{"type", "string"}, {"title", title}, {"enum", values}, {"default", fallback}};
}
json SArray(const std::string& title, const json& items) {
  json schema = {{"type", "array"}, {"title", title}, {"items", items}, {"default", json::array()}};
  if (items.value("x-flowfile-widget", "") == "column") {
    schema["x-flowfile-widget"] = "columns";
    if (items.contains("x-flowfile-input")) schema["x-flowfile-input"] = items["x-flowfile-input"];
  }
  return schema;
}
json SObject(const std::string& title, const std::vector<std::pair<std::string, json>>& properties,
             const std::vector<std::string>& required) {
  json schema = {{"type", "object"}, {"title", title}, {"properties", json::object()}};
  json order = json::array();
  for (const auto& [key, property] : properties) {
    schema["properties"][key] = property;
    order.push_back(key);
  }
  if (!properties.empty()) schema["x-flowfile-order"] = std::move(order);
  if (!required.empty()) schema["required"] = required;
  return schema;
}
json SFormula(const std::string& title) {
  return {{"type", "string"},
          {"title", title},
          {"format", "formula"},
          {"x-flowfile-widget", "formula"},
          {"default", ""}};
}
json SColumn(const std::string& title, const std::string& input) {
  json schema = {
      {"type", "string"}, {"title", title}, {"format", "column"}, {"x-flowfile-widget", "column"}};
  if (input != "main") schema["x-flowfile-input"] = input;
  return schema;
}

json SType(const std::string& title, const json& fallback, const std::vector<std::string>& first) {
  std::vector<std::string> names = first;
  for (const std::string& name : TypeNameChoices()) names.push_back(name);
  json schema = {{"type", fallback.is_null() ? json{"string", "null"} : json("string")},
                 {"title", title},
                 {"enum", names},
                 // The choices offered; the core also reads these spellings (Flowfile's).
                 {"x-flowfile-type-name",
                  {{"aliases", TypeNameAliases()}, {"parameterized", ParameterizedTypeHeads()}}}};
  if (!fallback.is_null()) schema["default"] = fallback;
  return schema;
}

json When(json property, const std::string& key, const json& values) {
  property["x-flowfile-when"][key] = values;
  return property;
}

json Hidden(json property) {
  property["x-flowfile-hidden"] = true;
  return property;
}

}  // namespace ff::flow::settings
