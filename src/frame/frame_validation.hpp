// Call-time checks of the columns a frame method names, with messages that point at the
// node and suggest the closest names.
#pragma once

#include <string>
#include <vector>

#include "flowfile/expr.hpp"
#include "frame/plan_node.hpp"

namespace ff::frame {

//! Throws kNotFound when `name` is not a column of `input`: the message names the column, the
//! node being added (`type`, `description`) and the closest existing names.
void RequireColumn(const NodePtr& input, const std::string& name, const std::string& type,
                   const std::string& description);
void RequireColumns(const NodePtr& input, const std::vector<std::string>& names,
                    const std::string& type, const std::string& description);
//! Every column each expression reads must exist in `input`.
void RequireExprColumns(const NodePtr& input, const std::vector<Expr>& exprs,
                        const std::string& type, const std::string& description);

}  // namespace ff::frame
