#include "frame/frame_validation.hpp"

#include <algorithm>

#include "flowfile/errors.hpp"
#include "frame/compiler.hpp"

namespace ff::frame {

void RequireColumns(const NodePtr& input, const std::vector<std::string>& names,
                    const std::string& type, const std::string& description) {
  if (names.empty()) return;
  if (!input->column_names && input->columns_need_data) {
    std::lock_guard<std::mutex> lock(input->schema_mutex);
    if (!input->schema) return;  // checked when the plan compiles: planning never reads data
  }
  const std::vector<std::string> known = ColumnNamesOf(input);
  for (const std::string& name : names) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string where = type;
    if (!description.empty()) where += " '" + description + "'";
    std::string message = "unknown column '" + name + "' in " + where;
    const std::vector<std::string> closest = ClosestNames(name, known, 3);
    if (!closest.empty()) {
      message += "; did you mean ";
      for (size_t i = 0; i < closest.size(); ++i) {
        message += (i ? ", '" : "'") + closest[i] + "'";
      }
      message += "?";
    }
    message += " (the input has " + std::to_string(known.size()) + " column" +
               (known.size() == 1 ? "" : "s") + ")";
    throw Error(ErrorCode::kNotFound, message);
  }
}

void RequireColumn(const NodePtr& input, const std::string& name, const std::string& type,
                   const std::string& description) {
  RequireColumns(input, {name}, type, description);
}

void RequireExprColumns(const NodePtr& input, const std::vector<Expr>& exprs,
                        const std::string& type, const std::string& description) {
  for (const Expr& e : exprs) RequireColumns(input, ReferencedColumns(e), type, description);
}

}  // namespace ff::frame
