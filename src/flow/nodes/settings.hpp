// Reading node settings leniently where Flowfile is lenient (missing → default, null →
// default) and strictly where it is not (a wrong type names the setting), plus compact JSON
// Schema builders for the registry's settings schemas.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "flow/registry.hpp"

namespace ff::flow::settings {

using nlohmann::json;

std::string Str(const NodeContext& c, const json& j, const std::string& key,
                const std::string& fallback = "");
bool Bool(const NodeContext& c, const json& j, const std::string& key, bool fallback);
int64_t Int(const NodeContext& c, const json& j, const std::string& key, int64_t fallback);
double Number(const NodeContext& c, const json& j, const std::string& key, double fallback);
std::vector<std::string> StrList(const NodeContext& c, const json& j, const std::string& key);
//! `value` must be one of `allowed`; otherwise the error lists them (closest first).
void OneOf(const NodeContext& c, const std::string& setting, const std::string& value,
           const std::vector<std::string>& allowed);

// JSON Schema pieces: {"type": ..., "title": ..., "default": ...}.
json SString(const std::string& title, const json& fallback = "");
json SBool(const std::string& title, bool fallback);
json SInt(const std::string& title, const json& fallback = nullptr);
json SNumber(const std::string& title, const json& fallback = nullptr);
json SEnum(const std::string& title, const std::vector<std::string>& values,
           const std::string& fallback);
json SArray(const std::string& title, const json& items);
json SObject(const std::string& title, const json& properties,
             const std::vector<std::string>& required = {});
//! A formula-language text (the UI shows a formula editor for "format": "formula").
json SFormula(const std::string& title);
//! A column of the node's input (the UI shows a column picker for "format": "column").
json SColumn(const std::string& title);

}  // namespace ff::flow::settings
