// Human output (aligned tables, "key: value" blocks) and JSON output for scripts.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace ff::cli {

using Json = nlohmann::ordered_json;

//! Columns padded to the widest cell, two spaces apart; `empty_note` when no rows.
void PrintTable(const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows, const std::string& empty_note);

//! "key:   value" lines, keys padded to the longest.
void PrintFields(const std::vector<std::pair<std::string, std::string>>& fields);

void PrintJson(const Json& value);

}  // namespace ff::cli
