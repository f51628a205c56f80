#include "flow/nodes/formula_bridge.hpp"

#include "flowfile/errors.hpp"

namespace ff::flow {

Expr FormulaExpr(const NodeContext& context, const std::string& setting, const std::string& text) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    context.Fail(setting, "the formula is empty");
  }
  try {
    return formula(text);
  } catch (const Error& e) {
    // Syntax errors: name the node and setting, keep the parser's position and hint.
    throw Error(e.code(), context.node().Label() + ": setting '" + setting + "': " + e.what());
  }
}

}  // namespace ff::flow
