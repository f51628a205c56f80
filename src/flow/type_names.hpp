// Flowfile's data type strings ("Int64", "integer", "Datetime(time_unit='us', time_zone=None)",
// "List(Int64)") as our DataType, with Flowfile's rule that an unparseable name means String.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flowfile/dtypes.hpp"

namespace ff::flow {

//! The type `text` names, or nullopt when Flowfile would not recognise it.
std::optional<DataType> ParseTypeName(const std::string& text);
//! ParseTypeName, falling back to String (Flowfile's behaviour for unparseable names).
DataType TypeOrString(const std::string& text);
//! The type names a settings form offers, most used first; each is accepted by ParseTypeName.
const std::vector<std::string>& TypeNameChoices();
//! The lower-case aliases ParseTypeName accepts besides Polars' names ("integer", "str", ...).
std::vector<std::string> TypeNameAliases();
//! The heads ParseTypeName reads with parameters ("List" for "List(Int64)", "Datetime", ...).
const std::vector<std::string>& ParameterizedTypeHeads();

}  // namespace ff::flow
