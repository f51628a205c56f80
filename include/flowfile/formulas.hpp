// The formula language for editors: the functions it offers, and a check of one formula that
// reports its error as a message and a place rather than throwing.
//
//   for (const ff::FormulaFunction& f : ff::formula_functions()) std::cout << f.signature;
//   ff::FormulaCheck c = ff::check_formula("[price] * 2", {{{"price", "Float64"}}});
//   // c.ok, c.type == "Float64"
//
// Contract:
//  - formula_functions() is read from the same table the compiler uses, so the list cannot
//    drift from what formulas accept. Ordered by group, then name.
//  - check_formula() never throws for a bad formula: `ok` is false and `message` names what
//    was wrong and what is expected (an unknown column names the closest known one); `line`,
//    `column` (1-based) and `offset` (0-based, in characters) say where. Without columns only
//    the syntax and the functions' argument counts are checked and `type` stays empty.
//  - Column types are Flowfile's type names ("Int64", "String", "Datetime(time_unit='us',
//    time_zone=None)", "List(Int64)"); a name it does not know throws kInvalidArgument naming
//    the column.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ff {

struct FormulaFunction {
  std::string name;
  std::string group;      //!< "Logic", "String", "Math", "Date", "Conversion", ...
  std::string signature;  //!< "contains(text, pattern)"
  std::string description;
};

//! Every function a formula may call.
const std::vector<FormulaFunction>& formula_functions();

//! A column a formula may reference: its name and its type's name.
struct FormulaColumn {
  std::string name;
  std::string type;
};

struct FormulaCheck {
  bool ok = true;
  std::string type;          //!< the result type, when columns were given
  std::string message;       //!< when not ok
  int line = 0, column = 0;  //!< when not ok: 1-based
  size_t offset = 0;         //!< when not ok: 0-based character offset into the formula
};

FormulaCheck check_formula(const std::string& text,
                           const std::optional<std::vector<FormulaColumn>>& columns = std::nullopt);

}  // namespace ff
