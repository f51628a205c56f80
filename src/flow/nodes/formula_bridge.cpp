#include "flow/nodes/formula_bridge.hpp"

#include "flowfile/errors.hpp"

namespace ff::flow {

Expr FormulaExpr(const NodeContext& context, const std::string& setting, const std::string&) {
  throw Error(ErrorCode::kUnsupported, context.node().Label() + ": setting '" + setting +
                                           "': the formula language is not available yet");
}

}  // namespace ff::flow
