// YAML <-> JSON for plain data documents (flow files): maps, lists and scalars.
//
// Contract:
//  - YamlToJson reads YAML 1.2 core-schema scalars: quoted scalars stay strings; true/false,
//    null/~/empty, integers and floats are typed; anything else is a string.
//  - Aliases are expanded, but the expanded document is bounded (`max_elements`, `max_depth`):
//    a "billion laughs" file fails fast with kInvalidArgument instead of eating memory.
//  - JsonToYaml writes block style, keys in document order, strings double-quoted.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

namespace ff::util {

struct YamlLimits {
  size_t max_elements = 2'000'000;  //!< maps + lists + scalars after alias expansion
  size_t max_depth = 200;
};

//! Parses `text`; throws ff::Error(kInvalidArgument) with the line and column of a syntax
//! error, or naming the limit that was exceeded.
nlohmann::json YamlToJson(const std::string& text, const YamlLimits& limits = {});

std::string JsonToYaml(const nlohmann::json& document);

}  // namespace ff::util
