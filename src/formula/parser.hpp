// Tokens -> syntax tree, with Flowfile's operator precedence (precedence climbing, every
// binary operator left-associative):
//   1: or   2: and   3: > < >= <= != in   4: + -   5: * /   10: = (==) % & |
// so `[a] + 1 = 3` is `[a] + (1 = 3)` and `2 * 3 % 4` is `2 * (3 % 4)`, as in Flowfile.
// Unary minus applies to the operand that follows it.
#pragma once

#include <string>

#include "formula/ast.hpp"

namespace ff::formulas {

//! Parses `formula`; checks function names and argument counts too. Throws (ThrowAt) naming
//! the offending token and what was expected.
NodePtr Parse(const std::string& formula);

//! The binding strength of a binary operator ("=", "and", "in", ...): higher binds tighter.
int Precedence(const std::string& op);

}  // namespace ff::formulas
