// The language itself: lexical rules, precedence (Flowfile's, §3 of the formula sheet),
// conditionals, and the errors users see.
#include <map>

#include "formula/formula.hpp"
#include "formula_test_support.hpp"

namespace ff::formula_test {
namespace {

const Columns kAB = {{"a", {I(1), I(4), I(10)}}, {"b", {I(2), I(5), I(8)}}};

// ---------------------------------------------------------------- precedence (§3)

TEST(FormulaPrecedence, AndOrComparisonsGroupAsUsersExpect) {
  const Columns c = {
      {"a", {I(1), I(1), I(0)}}, {"b", {I(2), I(3), I(2)}}, {"c", {I(0), I(4), I(0)}}};
  EXPECT_EQ(Eval("[a] = 1 and [b] = 2 or [c] > 3", c), (Strings{"true", "true", "false"}));
}

TEST(FormulaPrecedence, EqualityBindsTighterThanArithmetic) {
  const Columns c = {{"a", {I(2), I(1)}}, {"b", {I(3), I(1)}}};
  // [a] + (1 = 3): 2 + false = 2, not "3 = 3".
  EXPECT_EQ(Eval("[a] + 1 = 3", c), (Strings{"2", "1"}));
  // ([a] = 1) + 2
  EXPECT_EQ(Eval("[a] = 1 + 2", c), (Strings{"2", "3"}));
  // ([a] = [b]) * 2
  EXPECT_EQ(Eval("[a] = [b] * 2", c), (Strings{"0", "2"}));
}

TEST(FormulaPrecedence, NotEqualsBindsLikeOtherComparisons) {
  EXPECT_EQ(Eval("[a] + 1 != 3", {{"a", {I(2), I(5)}}}), (Strings{"false", "true"}));
}

TEST(FormulaPrecedence, ModuloBindsTighterThanMultiplication) {
  EXPECT_EQ(One("2 * 3 % 4"), "6");  // 2 * (3 % 4), not (2 * 3) % 4 = 2
  EXPECT_EQ(Eval("[a] % 2 = 0", {{"a", {I(4), I(3)}}}), (Strings{"true", "false"}));
}

TEST(FormulaPrecedence, AmpersandBindsTighterThanComparisons) {
  // ([a] > (1 & [b])) < 2 -- the trap the basic filter avoids with parentheses.
  const std::string sql = formulas::CompileToSql(
      "[a] > 1 & [b] < 2", {{"a", DataType::Named("Int64")}, {"b", DataType::Named("Int64")}});
  EXPECT_NE(sql.find("(\"a\" > (1 & \"b\"))"), std::string::npos) << sql;
  EXPECT_EQ(Eval("[a] > 1 & [b] < 2", {{"a", {I(5), I(0)}}, {"b", {I(3), I(3)}}}),
            (Strings{"true", "true"}));  // a boolean compared with 2
  EXPECT_EQ(Eval("([a] > 1) & ([b] < 2)", {{"a", {I(5), I(5)}}, {"b", {I(1), I(3)}}}),
            (Strings{"true", "false"}));
}

TEST(FormulaPrecedence, ArithmeticAndUnaryMinus) {
  EXPECT_EQ(One("1+2*10/(12-1*2)"), "3.0");
  EXPECT_EQ(One("10 - 2 - 3"), "5");
  EXPECT_EQ(One("8/2/2"), "2.0");
  EXPECT_EQ(One("2 * -2"), "-4");
  EXPECT_EQ(Eval("-[a] + 2", {{"a", {I(5)}}}), (Strings{"-3"}));
  EXPECT_EQ(Eval("[a] * -1", {{"a", {I(5)}}}), (Strings{"-5"}));
}

// ---------------------------------------------------------------- operators and literals

TEST(FormulaOperators, PlusJoinsText) {
  const Columns c = {{"a", {S("Tom"), N()}}, {"b", {S("Jerry"), S("x")}}};
  EXPECT_EQ(Eval("[a] + \" loves \" + [b]", c), (Strings{"Tom loves Jerry", "null"}));
  const Columns names = {{"names", {S("ham")}}};
  EXPECT_EQ(Eval("\"a+b*c/d\" + [names]", names), (Strings{"a+b*c/dham"}));
  EXPECT_EQ(Eval("\"This and that or something if else\" + [names]", names),
            (Strings{"This and that or something if elseham"}));
}

TEST(FormulaOperators, DivisionIsAlwaysFloat) {
  EXPECT_EQ(Eval("[to]/[from]", {{"to", {I(20)}}, {"from", {I(2)}}}), (Strings{"10.0"}));
  EXPECT_EQ(
      Eval("([a] + [b] * 2) / ([b] - [a])", {{"a", {I(1), I(2), I(3)}}, {"b", {I(4), I(5), I(6)}}}),
      (Strings{"3.0", "4.0", "5.0"}));
  EXPECT_EQ(One("1 / 0"), "inf");
}

TEST(FormulaOperators, NullsPropagateAndLogicIsKleene) {
  const Columns c = {{"a", {I(1), N()}}, {"b", {N(), I(2)}}};
  EXPECT_EQ(Eval("[a] + [b]", c), (Strings{"null", "null"}));
  EXPECT_EQ(One("None = 1"), "null");
  EXPECT_EQ(One("None and false"), "false");
  EXPECT_EQ(One("None or true"), "true");
  EXPECT_EQ(One("None"), "null");
}

TEST(FormulaOperators, InIsARegexSearch) {
  const Columns names = {{"names", {S("ham"), S("spam"), S("eggs")}}};
  EXPECT_EQ(Eval("\"a\" in [names]", names), (Strings{"true", "true", "false"}));
  EXPECT_EQ(Eval("\"^s\" in [names]", names), (Strings{"false", "true", "false"}));
}

TEST(FormulaOperators, AndOrAnyCaseBooleansAnyCase) {
  EXPECT_EQ(Eval("[a] > 1 AND [a] < 5 Or [a] = 10", kAB), (Strings{"false", "true", "true"}));
  EXPECT_EQ(One("TRUE and True"), "true");
  EXPECT_EQ(One("1 == 1"), "true");
  EXPECT_EQ(One("not(1 = 2)"), "true");
  EXPECT_EQ(One("(1 < 2) | (2 < 1)"), "true");
}

TEST(FormulaOperators, LiteralsBroadcastAndStringsDecodeEscapes) {
  EXPECT_EQ(Eval("'hallo world'", kAB), (Strings{"hallo world", "hallo world", "hallo world"}));
  EXPECT_EQ(One("\"tab\\there\""), "tab\there");
  EXPECT_EQ(One("'say \"hi\"'"), "say \"hi\"");
  EXPECT_EQ(One("\"\\u00e9\""), "\u00e9");
  EXPECT_EQ(One("1e3"), "1000.0");
  EXPECT_EQ(One("42"), "42");
  EXPECT_EQ(One("\"\\d\""), "\\d");  // unknown escapes keep their backslash (regexes)
}

TEST(FormulaOperators, ColumnNamesMayHoldSpacesAndPunctuation) {
  const Columns c = {
      {"Order Date", {I(1)}}, {"col.with.dots", {I(2)}}, {"col-with-dashes", {I(3)}}};
  EXPECT_EQ(Eval("[Order Date] + [col.with.dots] + [col-with-dashes]", c), (Strings{"6"}));
}

// ---------------------------------------------------------------- conditionals

TEST(FormulaIf, BranchesAndElseIf) {
  EXPECT_EQ(Eval("if [a] > 2 then true else false endif", {{"a", {I(1), I(2), I(3)}}}),
            (Strings{"false", "false", "true"}));
  const Columns names = {{"names", {S("ham"), S("sandwich with spam"), S("eggs")}}};
  EXPECT_EQ(Eval("if contains([names],\"an\") then 10 elseif contains([names],\"s\") then 20 else "
                 "30 endif",
                 names),
            (Strings{"30", "10", "20"}));
  EXPECT_EQ(Eval("if [score] >= 90 then \"A\" elseif [score] >= 80 then \"B\" else \"C\" endif",
                 {{"score", {I(95), I(85), I(10), N()}}}),
            (Strings{"A", "B", "C", "C"}));  // a null condition falls through
}

TEST(FormulaIf, NestsAnywhereAndMixesTypes) {
  EXPECT_EQ(Eval("concat(\"result:\", if \"a\" in [a] then \"A has been found\" else \"not found\" "
                 "endif)",
                 {{"a", {S("cat"), S("dog")}}}),
            (Strings{"result:A has been found", "result:not found"}));
  EXPECT_EQ(Eval("if [a] < [b] and ([a] * 2 > [b] or [b] / 2 < [a]) then [a] * [b] else [a] + [b] "
                 "endif",
                 kAB),
            (Strings{"3", "20", "18"}));
  EXPECT_EQ(Eval("(if [a] > 2 then 1 else 2.5 endif)", kAB), (Strings{"2.5", "1.0", "1.0"}));
  EXPECT_EQ(Eval("if [a] > 2 then 'big' else [a] endif", kAB), (Strings{"1", "big", "big"}));
}

TEST(FormulaIf, CommentsAndLineBreaks) {
  const std::string text =
      "if [a] <= [b] // cond\n"
      "and [a] > 0 // more\n"
      "then [a] * [b] else [a] + [b] endif";
  EXPECT_EQ(Eval(text, {{"a", {I(1), I(5), I(10)}}, {"b", {I(2), I(5), I(8)}}}),
            (Strings{"2", "25", "18"}));
  EXPECT_EQ(Eval("[a] // \"a comment with 'quotes'\n + 1", kAB), (Strings{"2", "5", "11"}));
  EXPECT_EQ(One("\"not // a comment\""), "not // a comment");
}

TEST(FormulaIf, EmptyAndNullChecks) {
  EXPECT_EQ(Eval("is_empty([a]) or [a] == ''", {{"a", {S("1"), S(""), S("3"), N()}}}),
            (Strings{"false", "true", "false", "true"}));
}

// ---------------------------------------------------------------- errors

TEST(FormulaErrors, SyntaxErrorsNamePositionTokenAndExpectation) {
  std::string e = ErrorOf([] { formulas::CheckSyntax("[a] +"); });
  EXPECT_NE(e.find("line 1, column 6"), std::string::npos) << e;
  EXPECT_NE(e.find("unexpected end of the formula"), std::string::npos) << e;
  EXPECT_NE(e.find("expected a value"), std::string::npos) << e;

  e = ErrorOf([] { formulas::CheckSyntax("1 +\n  * 2"); });
  EXPECT_NE(e.find("line 2, column 3"), std::string::npos) << e;
  EXPECT_NE(e.find("'*'"), std::string::npos) << e;
  EXPECT_NE(e.find("\n    * 2\n    ^"), std::string::npos) << e;  // the line and a caret

  e = ErrorOf([] { formulas::CheckSyntax("(1 + 2"); });
  EXPECT_NE(e.find("expected ')'"), std::string::npos) << e;
  e = ErrorOf([] { formulas::CheckSyntax("1 2"); });
  EXPECT_NE(e.find("unexpected number 2; expected an operator"), std::string::npos) << e;
  e = ErrorOf([] { formulas::CheckSyntax("round([a], 2"); });
  EXPECT_NE(e.find("',' or ')'"), std::string::npos) << e;
}

TEST(FormulaErrors, IfBlocks) {
  std::string e = ErrorOf([] { formulas::CheckSyntax("if [a] > 1 then 1 endif"); });
  EXPECT_NE(e.find("has no 'else' branch"), std::string::npos) << e;
  e = ErrorOf([] { formulas::CheckSyntax("IF [a] > 1 THEN 1 ELSE 2 ENDIF"); });
  EXPECT_NE(e.find("Keywords are case-sensitive: write 'if', not 'IF'"), std::string::npos) << e;
  e = ErrorOf([] { formulas::CheckSyntax("if [a] > 1 Then 1 else 2 endif"); });
  EXPECT_NE(e.find("write 'then'"), std::string::npos) << e;
  e = ErrorOf([] { formulas::CheckSyntax("(if [a] > 1) then 1 else 2 endif"); });
  EXPECT_NE(e.find("expected 'then'"), std::string::npos) << e;
  e = ErrorOf([] { formulas::CheckSyntax("if [a] then 1 else 2"); });
  EXPECT_NE(e.find("expected 'endif'"), std::string::npos) << e;
  formulas::CheckSyntax("(if [a] > 1 then 1 else 2 endif)");
}

TEST(FormulaErrors, LexicalMistakes) {
  for (const auto& [text, fragment] : std::vector<std::pair<std::string, std::string>>{
           {"[a] <> 1", "'<>' is not an operator in formulas; use '!='"},
           {"[a] && [b]", "use 'and'"},
           {"[a] || [b]", "use 'or'"},
           {"[a] ** 2", "pow(base, exponent)"},
           {"[a] ^ 2", "pow(base, exponent)"},
           {"'it''s'", "unexpected string \"s\""},
           {"\"abc", "unclosed string"},
           {"\"a\\\"b\"", "a quote cannot be escaped"},
           {"[a,b]", "cannot contain ','"},
           {"[a", "unclosed '['"},
           {"[]", "empty column reference"},
           {"1 $ 2", "unexpected character '$'"},
           {"3abc", "not a number"},
           {"99999999999999999999", "too large"},
           {"! [a]", "use not(x)"},
       }) {
    const std::string e = ErrorOf([&] { formulas::CheckSyntax(text); });
    EXPECT_NE(e.find(fragment), std::string::npos) << text << " -> " << e;
  }
}

TEST(FormulaErrors, UnknownNamesSuggestTheClosest) {
  std::string e = ErrorOf([] { formulas::CheckSyntax("lenght([a])"); });
  EXPECT_NE(e.find("unknown function 'lenght'; did you mean 'length'?"), std::string::npos) << e;
  e = ErrorOf([] { formulas::CheckSyntax("Concat([a], 'x')"); });
  EXPECT_NE(e.find("did you mean 'concat'?"), std::string::npos) << e;
  EXPECT_NE(e.find("lowercase"), std::string::npos) << e;
  e = ErrorOf([] { formulas::CheckSyntax("today + 1"); });
  EXPECT_NE(e.find("'today' is a function"), std::string::npos) << e;
  e = ErrorOf([] { formulas::CheckSyntax("price * 2"); });
  EXPECT_NE(e.find("unknown name 'price'"), std::string::npos) << e;
  EXPECT_NE(e.find("[price]"), std::string::npos) << e;
  e = ErrorOf([] { formulas::CheckSyntax("null"); });
  EXPECT_NE(e.find("write None"), std::string::npos) << e;
  e = ErrorOf([] {
    formulas::CompileToSql("[amout] * 2", {{"amount", DataType::Named("Int64")}});
  });
  EXPECT_NE(e.find("unknown column [amout]; did you mean [amount]?"), std::string::npos) << e;
  e = ErrorOf([] { formulas::CheckSyntax("round([a], 2, 3)"); });
  EXPECT_NE(e.find("round() takes 1 to 2 arguments, got 3"), std::string::npos) << e;
}

TEST(FormulaErrors, HiddenHelpersAreNotFunctions) {
  for (const char* text : {"is_polars_expr([a])", "create_fix_col(1)", "_not(true)", "__negative()",
                           "_in('a', 'b')", "__make_negative(1)"}) {
    const std::string e = ErrorOf([&] { formulas::CheckSyntax(text); });
    EXPECT_NE(e.find("unknown function"), std::string::npos) << text << " -> " << e;
  }
}

TEST(FormulaErrors, TypeMismatchesInOurWords) {
  const Schema s = {{"name", DataType::Named("String")},
                    {"n", DataType::Named("Int64")},
                    {"d", DataType::Named("Date")}};
  std::string e = ErrorOf([&] { formulas::CompileToSql("[name] = 1", s); });
  EXPECT_NE(e.find("cannot compare column [name] (String) with the number 1"), std::string::npos)
      << e;
  e = ErrorOf([&] { formulas::CompileToSql("[n] > 'x'", s); });
  EXPECT_NE(e.find("Int64"), std::string::npos) << e;
  e = ErrorOf([&] { formulas::CompileToSql("[name] + 1", s); });
  EXPECT_NE(e.find("'+' joins text only with text"), std::string::npos) << e;
  e = ErrorOf([&] { formulas::CompileToSql("[name] * 2", s); });
  EXPECT_NE(e.find("'*' needs numbers"), std::string::npos) << e;
  e = ErrorOf([&] { formulas::CompileToSql("year([name])", s); });
  EXPECT_NE(e.find("year(): argument 1 (date_value) must be a date or datetime"), std::string::npos)
      << e;
  EXPECT_NE(e.find("to_date"), std::string::npos) << e;
  e = ErrorOf([&] { formulas::CompileToSql("year(\"2021-03-15\")", s); });
  EXPECT_NE(e.find("must be a date or datetime"), std::string::npos) << e;
  e = ErrorOf([&] { formulas::CompileToSql("hour([d])", s); });
  EXPECT_NE(e.find("must be a datetime"), std::string::npos) << e;
  e = ErrorOf([&] { formulas::CompileToSql("round([n], [n])", s); });
  EXPECT_NE(e.find("round(): argument 2 (decimal_places) must be a literal"), std::string::npos)
      << e;
  e = ErrorOf([&] { formulas::CompileToSql("is_string([name])", s); });
  EXPECT_NE(e.find("must be a literal"), std::string::npos) << e;
  e = ErrorOf([&] { formulas::CompileToSql("if [n] then 1 else 2 endif", s); });
  EXPECT_NE(e.find("an if condition must be true or false"), std::string::npos) << e;
  e = ErrorOf([&] { formulas::CompileToSql("[n] and true", s); });
  EXPECT_NE(e.find("'and' needs two booleans"), std::string::npos) << e;
}

// ---------------------------------------------------------------- the API

TEST(FormulaApi, ReferencedColumnsAndParameterLiterals) {
  EXPECT_EQ(formulas::ReferencedColumns("[a] + [b] * [a] + length('[c]')"), (Strings{"a", "b"}));
  EXPECT_EQ(formulas::ParameterLiteral("Amsterdam"), "\"Amsterdam\"");
  EXPECT_EQ(formulas::ParameterLiteral(42), "42");
  EXPECT_EQ(formulas::ParameterLiteral(1.5), "1.5");
  EXPECT_EQ(formulas::ParameterLiteral(2.0), "2.0");
  EXPECT_EQ(formulas::ParameterLiteral(true), "true");
  EXPECT_EQ(formulas::ParameterLiteral(nullptr), "None");
  EXPECT_EQ(formulas::ParameterLiteral("say \"hi\""), "'say \"hi\"'");
  EXPECT_EQ(One(formulas::ParameterLiteral("a\nb")), "a\nb");
  ErrorOf([] { formulas::ParameterLiteral(nlohmann::json::array()); });
}

TEST(FormulaApi, FunctionListCoversEveryCategory) {
  std::map<std::string, int> per_category;
  for (const auto& f : formulas::Functions()) {
    EXPECT_FALSE(f.signature.empty()) << f.name;
    EXPECT_FALSE(f.description.empty()) << f.name;
    ++per_category[f.category];
  }
  // Flowfile's 95 functions plus not().
  EXPECT_EQ(formulas::Functions().size(), 96u);
  EXPECT_EQ(per_category["Logic"], 14);
  EXPECT_EQ(per_category["String"], 23);
  EXPECT_EQ(per_category["Math"], 23);
  EXPECT_EQ(per_category["Date"], 28);
  EXPECT_EQ(per_category["Type conversion"], 8);
}

}  // namespace
}  // namespace ff::formula_test
