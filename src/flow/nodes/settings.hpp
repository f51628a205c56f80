// Reading node settings leniently where Flowfile is lenient (missing → default, null →
// default) and strictly where it is not (a wrong type names the setting), plus compact JSON
// Schema builders for the registry's settings schemas.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
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

// JSON Schema pieces: {"type": ..., "title": ..., "default": ...}. String fields that hold
// column names or formulas say so with "x-flowfile-widget" ("column", "columns" for a list of
// them, "formula"), and "x-flowfile-input" names the input port a column comes from when it
// is not "main", so the UI picks the widget without knowing any node type.
json SString(const std::string& title, const json& fallback = "");
json SBool(const std::string& title, bool fallback);
json SInt(const std::string& title, const json& fallback = nullptr);
json SNumber(const std::string& title, const json& fallback = nullptr);
json SEnum(const std::string& title, const std::vector<std::string>& values,
           const std::string& fallback);
//! A list; a list of columns (items from SColumn) is marked "columns", from the same input.
json SArray(const std::string& title, const json& items);
//! An object whose properties are listed in the order a form shows them ("x-flowfile-order";
//! JSON objects themselves keep no order).
json SObject(const std::string& title, const std::vector<std::pair<std::string, json>>& properties,
             const std::vector<std::string>& required = {});
//! A formula-language text (a formula editor).
json SFormula(const std::string& title);
//! A column of the node's input `input` ("main", "right" or "left"): a column picker.
json SColumn(const std::string& title, const std::string& input = "main");
//! A data type name, chosen from `first` (e.g. "Auto") then every name TypeNameChoices() lists.
//! A null `fallback` means the setting may be left unset (no default). "x-flowfile-type-name"
//! lists the other spellings ParseTypeName reads (aliases, parameterized heads).
json SType(const std::string& title, const json& fallback,
           const std::vector<std::string>& first = {});

// Modes: a form shows `property` only while the property `key` holds one of `values`
// ("x-flowfile-when": {key: values}; calling When again on the same property adds a condition
// that must hold too). `key` names a sibling property of the same object, or, starting with
// '/', a JSON Pointer from the root of the node's settings. Values are strings of the key's
// enum or booleans. Hidden fields keep their values: the settings still carry them. (An
// annotation rather than JSON Schema's if/then or oneOf: those say what is valid, not what a
// form shows, and would refuse a saved flow that still carries another mode's values.)
json When(json property, const std::string& key, const json& values);
//! A setting read and written for Flowfile compatibility that a form never shows.
json Hidden(json property);

}  // namespace ff::flow::settings
