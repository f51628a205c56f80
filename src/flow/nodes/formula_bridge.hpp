// Formula-language text as a frame expression, for the nodes that take formulas.
#pragma once

#include <string>

#include "flow/registry.hpp"
#include "flowfile/expr.hpp"

namespace ff::flow {

//! The expression `text` (Flowfile's formula language) computes. Errors name the node and
//! the setting holding the formula.
Expr FormulaExpr(const NodeContext& context, const std::string& setting, const std::string& text);

}  // namespace ff::flow
