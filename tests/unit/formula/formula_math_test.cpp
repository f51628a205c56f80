// Math functions, one test each, run through the engine.
#include <set>

#include "formula_test_support.hpp"

namespace ff::formula_test {
namespace {

TEST(FormulaMath, Abs) {
  EXPECT_EQ(One("abs(-5.0)"), "5.0");
  EXPECT_EQ(Eval("abs([a])", {{"a", {I(-3), N()}}}), (Strings{"3", "null"}));
  EXPECT_EQ(TypeOf("abs([a])", {{"a", {I(-3)}}}), "Int64");
}

TEST(FormulaMath, InverseTrigonometry) {
  EXPECT_EQ(One("acos(1)"), "0.0");
  EXPECT_EQ(One("asin(0)"), "0.0");
  EXPECT_EQ(One("atan(0)"), "0.0");
  EXPECT_EQ(One("acos(2)"), "NaN");  // outside -1..1: NaN as Polars, not an error
  EXPECT_EQ(One("asin(None)"), "null");
}

TEST(FormulaMath, CeilFloorKeepTheType) {
  EXPECT_EQ(One("ceil(4.2)"), "5.0");
  EXPECT_EQ(One("floor(4.7)"), "4.0");
  EXPECT_EQ(One("floor(-4.2)"), "-5.0");
  EXPECT_EQ(Eval("ceil([a])", {{"a", {I(3)}}}), (Strings{"3"}));
  EXPECT_EQ(TypeOf("floor([a])", {{"a", {I(3)}}}), "Int64");
}

TEST(FormulaMath, Trigonometry) {
  EXPECT_EQ(One("cos(0)"), "1.0");
  EXPECT_EQ(One("sin(0)"), "0.0");
  EXPECT_EQ(One("tan(0)"), "0.0");
  EXPECT_EQ(One("tanh(0.0)"), "0.0");
  EXPECT_EQ(One("round(sin(3.141592653589793 / 2), 6)"), "1.0");
}

TEST(FormulaMath, ExpAndLogarithms) {
  EXPECT_EQ(One("exp(0.0)"), "1.0");
  EXPECT_EQ(One("log(1.0)"), "0.0");
  EXPECT_EQ(One("log(0)"), "-inf");
  EXPECT_EQ(One("log(-1)"), "NaN");
  EXPECT_EQ(One("log10(10000.0)"), "4.0");
  EXPECT_EQ(One("log2(8.0)"), "3.0");
  EXPECT_EQ(One("log(None)"), "null");
}

TEST(FormulaMath, ModTakesTheDivisorsSign) {
  EXPECT_EQ(One("mod(10, 3)"), "1");
  EXPECT_EQ(Eval("mod([a], 3)", {{"a", {I(10), I(11), I(12), N()}}}),
            (Strings{"1", "2", "0", "null"}));
  EXPECT_EQ(One("mod(-7, 3)"), "2");
  EXPECT_EQ(One("-7 % 3"), "2");
  EXPECT_EQ(One("mod(7.5, 2)"), "1.5");
}

TEST(FormulaMath, NegationAndNegative) {
  EXPECT_EQ(One("negation(19.99)"), "-19.99");
  EXPECT_EQ(One("negative()"), "-1");
  EXPECT_EQ(Eval("[a] * negative()", {{"a", {I(4)}}}), (Strings{"-4"}));
}

TEST(FormulaMath, PowAndPower) {
  EXPECT_EQ(One("pow(4, 2)"), "16");
  EXPECT_EQ(One("power(3, 2)"), "9");
  EXPECT_EQ(Eval("pow([a], 2)", {{"a", {I(2), I(3), I(4)}}}), (Strings{"4", "9", "16"}));
  EXPECT_EQ(TypeOf("pow([a], 2)", {{"a", {I(2)}}}), "Int64");
  EXPECT_EQ(One("pow(2, 0.5)"), "1.4142135623731");
  EXPECT_EQ(One("pow(2.0, -1)"), "0.5");
}

TEST(FormulaMath, RandomIntPerRow) {
  Columns rows = {{"i", {}}};
  for (int i = 0; i < 200; ++i) rows[0].second.push_back(I(i));
  const Strings values = Eval("random_int(1, 100)", rows);
  std::set<std::string> distinct(values.begin(), values.end());
  EXPECT_GT(distinct.size(), 10u);  // a new value per row
  for (const std::string& v : values) {
    EXPECT_GE(std::stoi(v), 1);
    EXPECT_LT(std::stoi(v), 100);
  }
  for (const std::string& v : Eval("random_int()", rows)) EXPECT_TRUE(v == "0" || v == "1") << v;
  EXPECT_NE(FormulaError("random_int([i], 5)", rows).find("must be a literal"), std::string::npos);
}

TEST(FormulaMath, RoundHalfToEven) {
  EXPECT_EQ(Eval("round([salary], 2)", {{"salary", {F(1.23456), F(2.34567), F(3.45678), N()}}}),
            (Strings{"1.23", "2.35", "3.46", "null"}));
  EXPECT_EQ(One("round(1200.120/2, 0)"), "600.0");
  EXPECT_EQ(One("round(19.987, 2)"), "19.99");
  EXPECT_EQ(One("round(2.5, 0)"), "2.0");
  EXPECT_EQ(One("round(3.5)"), "4.0");
  EXPECT_EQ(One("round(-2.5, 0)"), "-2.0");
  EXPECT_EQ(Eval("round([a], 1)", {{"a", {I(7)}}}), (Strings{"7"}));
}

TEST(FormulaMath, Sign) {
  EXPECT_EQ(One("sign(-2)"), "-1");
  EXPECT_EQ(One("sign(0.0)"), "0.0");
  EXPECT_EQ(One("sign(3.5)"), "1.0");
}

TEST(FormulaMath, Sqrt) {
  EXPECT_EQ(One("sqrt(9.0)"), "3.0");
  EXPECT_EQ(One("sqrt(-1.0)"), "NaN");
  EXPECT_EQ(TypeOf("sqrt(9)"), "Float64");
}

}  // namespace
}  // namespace ff::formula_test
