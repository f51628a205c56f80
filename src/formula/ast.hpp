// The formula syntax tree, and how errors point into the formula text.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "flowfile/errors.hpp"

namespace ff::formulas {

//! A place in the formula text: 1-based line and column (in characters).
struct Position {
  int line = 1;
  int column = 1;
};

//! A literal's value: None, a boolean, an int, a float or a string.
using LiteralValue = std::variant<std::monostate, bool, int64_t, double, std::string>;

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Node {
  enum class Kind {
    kColumn,   //!< `[name]`: text = name
    kLiteral,  //!< value
    kNegate,   //!< unary minus: args[0]
    kBinary,   //!< text = operator ("+", "=", "and", "in", ...): args[0], args[1]
    kCall,     //!< text = function name: args
    kIf,       //!< args = cond, value, cond, value, ..., else value
  };
  Kind kind = Kind::kLiteral;
  Position position;
  std::string text;
  LiteralValue value;
  std::vector<NodePtr> args;
};

//! A formula error: an ff::Error(kInvalidArgument) that also keeps where it points and the
//! message without the excerpt, so an editor can mark the place.
class FormulaError : public Error {
 public:
  FormulaError(const std::string& full, Position position, std::string message)
      : Error(ErrorCode::kInvalidArgument, full),
        position_(position),
        message_(std::move(message)) {}
  Position position() const { return position_; }
  const std::string& message() const { return message_; }

 private:
  Position position_;
  std::string message_;
};

//! Throws FormulaError: "formula error at line L, column C: <message>" followed by the formula
//! line and a caret under the position.
[[noreturn]] void ThrowAt(const std::string& formula, Position position,
                          const std::string& message);

//! The literal value of `node` when it is a literal or a negated number literal.
const LiteralValue* LiteralOf(const Node& node, LiteralValue& storage);

}  // namespace ff::formulas
