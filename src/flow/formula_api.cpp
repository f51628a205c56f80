// ff::formula_functions and ff::check_formula (include/flowfile/formulas.hpp): the formula
// layer's table and checker, with column types read by the flow's type-name rules.
#include "flow/type_names.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/formulas.hpp"
#include "formula/formula.hpp"

namespace ff {

const std::vector<FormulaFunction>& formula_functions() {
  static const std::vector<FormulaFunction> kFunctions = [] {
    std::vector<FormulaFunction> out;
    for (const formulas::FunctionInfo& f : formulas::Functions()) {
      out.push_back({f.name, f.category, f.signature, f.description});
    }
    return out;
  }();
  return kFunctions;
}

FormulaCheck check_formula(const std::string& text,
                           const std::optional<std::vector<FormulaColumn>>& columns) {
  Schema schema;
  if (columns) {
    for (const FormulaColumn& c : *columns) {
      std::optional<DataType> type = flow::ParseTypeName(c.type);
      // A schema we predicted may hold types with no Flowfile name; they stay Unknown.
      if (!type && c.type.starts_with("Unknown")) type = DataType{};
      if (!type) {
        throw Error(ErrorCode::kInvalidArgument,
                    "column '" + c.name + "' has the type '" + c.type +
                        "', which is not a Flowfile type name (Int64, Float64, String, Boolean, "
                        "Date, Datetime, ...)");
      }
      schema.push_back({c.name, *type});
    }
  }
  const formulas::Check check = formulas::Validate(text, columns ? &schema : nullptr);
  return {check.ok, check.type, check.message, check.line, check.column, check.offset};
}

}  // namespace ff
