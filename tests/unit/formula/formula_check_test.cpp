// Checking a formula for an editor (formulas::Validate, ff::check_formula): the message and
// the place of the first error, the result type, and the function list the editor offers.
#include <gtest/gtest.h>

#include <set>

#include "flowfile/errors.hpp"
#include "flowfile/formulas.hpp"
#include "formula/formula.hpp"
#include "formula/functions.hpp"

namespace ff::formulas {
namespace {

const Schema kColumns = {{"price", DataType::Named("Float64")},
                         {"qty", DataType::Named("Int64")},
                         {"city", DataType::Named("String")}};

TEST(FormulaCheck, AValidFormulaGivesItsType) {
  const Check check = Validate("[price] * [qty]", &kColumns);
  EXPECT_TRUE(check.ok);
  EXPECT_EQ(check.type, "Float64");
  EXPECT_TRUE(check.message.empty());
}

TEST(FormulaCheck, WithoutColumnsOnlyTheSyntaxIsChecked) {
  const Check check = Validate("[anything] + 1", nullptr);
  EXPECT_TRUE(check.ok);
  EXPECT_TRUE(check.type.empty());
}

TEST(FormulaCheck, AnErrorKeepsItsMessageAndPlaceWithoutTheExcerpt) {
  const std::string text = "[price] * (2 + ";
  const Check check = Validate(text, &kColumns);
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.offset, text.size());
  EXPECT_EQ(check.line, 1);
  EXPECT_EQ(check.column, static_cast<int>(text.size()) + 1);
  EXPECT_EQ(check.message.find('\n'), std::string::npos);
  EXPECT_NE(check.message.find("end of the formula"), std::string::npos) << check.message;
}

TEST(FormulaCheck, AnUnknownColumnNamesTheClosestAndPointsAtIt) {
  const Check check = Validate("[price] * [qtyy]", &kColumns);
  EXPECT_FALSE(check.ok);
  EXPECT_NE(check.message.find("did you mean [qty]"), std::string::npos) << check.message;
  EXPECT_EQ(check.offset, 10u);
}

TEST(FormulaCheck, OffsetsCountCharactersAcrossLines) {
  // "é" and "ö" are two bytes each in UTF-8 but one character each.
  const std::string text = "concat(\"h\xC3\xA9llo w\xC3\xB6rld\",\n  [nope])";
  const Check check = Validate(text, &kColumns);
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.line, 2);
  EXPECT_EQ(check.column, 3);
  EXPECT_EQ(check.offset, 24u);  // 21 characters, the newline, two spaces
}

TEST(FormulaCheck, TheThrownErrorStillCarriesTheExcerpt) {
  try {
    CheckSyntax("1 +");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("^"), std::string::npos);
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  }
}

TEST(FormulaFunctionList, ListsEveryCallableFunctionOnceAndNothingElse) {
  const std::vector<FormulaFunction>& list = formula_functions();
  std::set<std::string> names;
  for (const FormulaFunction& f : list) {
    EXPECT_TRUE(names.insert(f.name).second) << f.name << " listed twice";
    EXPECT_NE(FindFunction(f.name), nullptr) << f.name;
    EXPECT_FALSE(f.signature.empty() || f.description.empty() || f.group.empty()) << f.name;
  }
  EXPECT_EQ(names.size(), FunctionNames().size());
}

TEST(FormulaCheckApi, ReadsFlowfileTypeNamesAndRefusesUnknownOnes) {
  const FormulaCheck ok = check_formula(
      "year([day])",
      std::vector<FormulaColumn>{{"day", "Datetime(time_unit='us', time_zone=None)"}});
  EXPECT_TRUE(ok.ok) << ok.message;
  try {
    check_formula("[a]", std::vector<FormulaColumn>{{"a", "Bogus"}});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("column 'a'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ff::formulas
