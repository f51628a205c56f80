// Formula text -> tokens. Comments (`//` to the end of the line), both quote styles with
// Python's backslash escapes, `[column]` references, numbers, words and operators.
#pragma once

#include <string>
#include <vector>

#include "formula/ast.hpp"

namespace ff::formulas {

struct Token {
  enum class Kind { kColumn, kString, kNumber, kWord, kOperator, kOpen, kClose, kComma, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;    //!< as written (column: the name; string: the decoded value)
  LiteralValue value;  //!< kString / kNumber
  Position position;
};

//! Splits `formula` into tokens ending with one kEnd token. Throws (ThrowAt) on an unclosed
//! string or bracket, a character that starts no token, or an operator the language lacks
//! (`<>`, `&&`, `||`, `**`, `^`, `!`), naming the one to use instead.
std::vector<Token> Tokenize(const std::string& formula);

//! How a token reads after "unexpected": "'then'", "string \"abc\"", "end of the formula".
std::string Describe(const Token& token);

}  // namespace ff::formulas
