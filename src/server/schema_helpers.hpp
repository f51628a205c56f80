// Small builders for the JSON Schemas of the route table, so routes read as their shapes.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>

#include "api.hpp"

namespace ff::server::schema {

inline Json Str() { return {{"type", "string"}}; }
inline Json Int() { return {{"type", "integer"}}; }
inline Json Bool() { return {{"type", "boolean"}}; }
inline Json Any() { return Json::object(); }
inline Json Nullable(Json s) {
  s["type"] = Json::array({s["type"], "null"});
  return s;
}
inline Json ArrayOf(Json items) { return {{"type", "array"}, {"items", std::move(items)}}; }

//! An object with these properties; `required` names the ones that must be present.
inline Json Object(std::initializer_list<std::pair<const std::string, Json>> properties,
                   std::initializer_list<std::string> required = {}, bool closed = true) {
  Json s = {{"type", "object"}, {"properties", Json::object()}};
  for (const auto& [name, p] : properties) s["properties"][name] = p;
  if (required.size() > 0) s["required"] = Json::array();
  for (const auto& r : required) s["required"].push_back(r);
  if (closed) s["additionalProperties"] = false;
  return s;
}

//! A free-form object (maps, lineage, registry schemas).
inline Json OpenObject() { return {{"type", "object"}}; }

}  // namespace ff::server::schema
