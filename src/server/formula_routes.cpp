// /api/v1/formula: the formula language for the settings drawer's editor — its functions (the
// compiler's own table) and a live check of one formula that says where its error is.
#include "api.hpp"
#include "flowfile/formulas.hpp"
#include "schema_helpers.hpp"

namespace ff::server {
namespace {

// Formulas are one-liners in practice; this bounds the work one keystroke can ask for.
constexpr size_t kMaxFormulaBytes = 64 * 1024;

Reply Functions(Call&) {
  // Compiled in: built once, shared by every request.
  static const auto list = [] {
    Json out = Json::array();
    for (const FormulaFunction& f : formula_functions()) {
      out.push_back({{"name", f.name},
                     {"group", f.group},
                     {"signature", f.signature},
                     {"description", f.description}});
    }
    return std::make_shared<const std::string>(out.dump());
  }();
  return {200, nullptr, list};
}

Reply Validate(Call& call) {
  const std::string text = call.body.at("formula").get<std::string>();
  if (text.size() > kMaxFormulaBytes) {
    throw ApiError(400, "invalid_argument",
                   "the formula is " + std::to_string(text.size()) + " bytes; at most " +
                       std::to_string(kMaxFormulaBytes) + " are checked");
  }
  std::optional<std::vector<FormulaColumn>> columns;
  if (call.body.contains("columns")) {
    columns.emplace();
    for (const Json& c : call.body.at("columns")) {
      columns->push_back({c.at("name").get<std::string>(), c.value("type", "Unknown")});
    }
  }
  const FormulaCheck check = check_formula(text, columns);
  if (check.ok) {
    Json out = {{"ok", true}};
    if (!check.type.empty()) out["type"] = check.type;
    return {200, std::move(out)};
  }
  return {200,
          {{"ok", false},
           {"message", check.message},
           {"position", check.offset},
           {"line", check.line},
           {"column", check.column}}};
}

}  // namespace

void AddFormulaRoutes(std::vector<Route>& routes) {
  using namespace schema;
  const std::string tag = "formulas";
  routes.push_back(
      {.method = "GET",
       .path = "/api/v1/formula/functions",
       .tag = tag,
       .summary = "The formula language's functions (name, group, signature, "
                  "one-line description), from the compiler's own table",
       .response_schema = ArrayOf(Object(
           {{"name", Str()}, {"group", Str()}, {"signature", Str()}, {"description", Str()}})),
       .handler = Functions});
  const Json column = Object({{"name", Str()}, {"type", Str()}}, {"name"});
  routes.push_back(
      {.method = "POST",
       .path = "/api/v1/formula/validate",
       .tag = tag,
       .summary = "Check a formula: its result type over `columns` (names and types; syntax "
                  "only without them), or the error with its 0-based character `position`",
       .request_schema = Object({{"formula", Str()}, {"columns", ArrayOf(column)}}, {"formula"}),
       .response_schema = Object({{"ok", Bool()},
                                  {"type", Str()},
                                  {"message", Str()},
                                  {"position", Int()},
                                  {"line", Int()},
                                  {"column", Int()}}),
       .handler = Validate});
}

}  // namespace ff::server
