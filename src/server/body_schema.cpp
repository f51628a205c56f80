#include "body_schema.hpp"

namespace ff::server {
namespace {

bool HasType(const Json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  return true;
}

std::string TypeName(const Json& value) {
  if (value.is_number_integer()) return "integer";
  return value.type_name();
}

void Refuse(const std::string& where, const std::string& what) {
  throw ApiError(400, "invalid_body", where + ": " + what,
                 "see the request schema of this route in /api/v1/openapi.json");
}

void Check(const Json& value, const Json& schema, const std::string& where) {
  if (schema.contains("type")) {
    const Json& type = schema["type"];
    std::vector<std::string> types = type.is_array() ? type.get<std::vector<std::string>>()
                                                     : std::vector{type.get<std::string>()};
    bool ok = false;
    for (const auto& t : types) ok = ok || HasType(value, t);
    if (!ok) {
      std::string expected;
      for (const auto& t : types) expected += (expected.empty() ? "" : " or ") + t;
      Refuse(where, "expected " + expected + ", got " + TypeName(value));
    }
  }
  if (value.is_object()) {
    const Json properties = schema.value("properties", Json::object());
    for (const auto& name : schema.value("required", Json::array())) {
      if (!value.contains(name.get<std::string>())) {
        Refuse(where, "the field '" + name.get<std::string>() + "' is required");
      }
    }
    for (const auto& [name, field] : value.items()) {
      if (properties.contains(name)) {
        Check(field, properties[name], where + "." + name);
      } else if (schema.value("additionalProperties", true) == false) {
        Refuse(where, "unknown field '" + name + "'");
      }
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < value.size(); ++i) {
      Check(value[i], schema["items"], where + "[" + std::to_string(i) + "]");
    }
  }
}

}  // namespace

void CheckBody(const Json& body, const Json& schema) { Check(body, schema, "body"); }

}  // namespace ff::server
