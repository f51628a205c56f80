// Syntax tree -> one DuckDB SQL expression and its type, checking types in our own words.
#pragma once

#include <string>

#include "flowfile/dtypes.hpp"
#include "formula/functions.hpp"

namespace ff::formulas {

//! Compiles the tree `root` of `formula` over `columns`. Throws (ThrowAt) for unknown columns
//! and mismatched types.
Typed CompileTree(const std::string& formula, const Node& root, const Schema& columns);

}  // namespace ff::formulas
