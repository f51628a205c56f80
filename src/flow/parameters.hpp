// Flow parameters: `flowfile_settings.parameters` and `${name}` references in node settings.
//
// Contract (Flowfile's rules):
//  - A declared default must coerce to its type (integer, float, boolean true/1/yes/on and
//    false/0/no/off, enum one of enum_values); otherwise reading the flow fails naming it.
//  - Overrides replace a declared parameter's value (checked the same way) or add a string one.
//  - In a setting whose whole text is `${x}`, x's typed value replaces it; embedded references
//    are replaced by their text (booleans as true/false). In formula fields every reference
//    becomes a formula literal (strings quoted). An unknown name fails, naming it.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "flowfile/flow.hpp"

namespace ff::flow {

std::vector<FlowParameter> ReadParameters(const nlohmann::json& flowfile_settings,
                                          const std::string& source_name);

//! name -> typed value (string, int64, double or bool as JSON).
using ParameterValues = std::map<std::string, nlohmann::json>;

ParameterValues ResolveParameters(const std::vector<FlowParameter>& declared,
                                  const std::map<std::string, std::string>& overrides);

//! `settings` with every `${name}` replaced. `formula_fields` are JSON pointers
//! ("/function/function") of fields written in the formula language.
nlohmann::json SubstituteParameters(const nlohmann::json& settings, const ParameterValues& values,
                                    const std::vector<std::string>& formula_fields,
                                    const std::string& node_label);

}  // namespace ff::flow
