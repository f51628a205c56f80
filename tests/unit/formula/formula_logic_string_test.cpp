// Logic and string functions, one test each, run through the engine.
#include "formula_test_support.hpp"

namespace ff::formula_test {
namespace {

const Columns kNames = {{"names", {S("ham"), S("spam"), S("eggs"), N()}}};

TEST(FormulaLogic, Between) {
  EXPECT_EQ(Eval("between([a], 5, 10)", {{"a", {I(1), I(5), I(10), I(15), N()}}}),
            (Strings{"false", "true", "true", "false", "null"}));
  EXPECT_EQ(One("between(35, 30, 40)"), "true");
}

TEST(FormulaLogic, Coalesce) {
  const Columns c = {{"a", {I(1), N(), N(), N()}}, {"b", {N(), I(2), I(3), N()}}};
  EXPECT_EQ(Eval("coalesce([a], [b], 0)", c), (Strings{"1", "2", "3", "0"}));
  EXPECT_EQ(Eval("coalesce([a], 'n/a')", c), (Strings{"1", "n/a", "n/a", "n/a"}));
}

TEST(FormulaLogic, Contains) {
  EXPECT_EQ(Eval("contains([names], \"a\")", kNames), (Strings{"true", "true", "false", "null"}));
  EXPECT_EQ(Eval("contains([names], \"^h|gg\")", kNames),
            (Strings{"true", "false", "true", "null"}));  // a regex
  EXPECT_EQ(One("contains(\"Laptop Pro 15\", \"Laptop\")"), "true");
}

TEST(FormulaLogic, EqualsAndDoesNotEqual) {
  const Columns c = {{"status", {S("shipped"), S("cancelled"), N()}}};
  EXPECT_EQ(Eval("equals([status], \"shipped\")", c), (Strings{"true", "false", "null"}));
  EXPECT_EQ(Eval("does_not_equal([status], \"cancelled\")", c), (Strings{"true", "false", "null"}));
  EXPECT_EQ(Eval("[status] != \"cancelled\"", c), (Strings{"true", "false", "null"}));
}

TEST(FormulaLogic, GreatestAndLeastSkipNulls) {
  const Columns c = {{"price", {F(79.99), F(249.99), N()}}};
  EXPECT_EQ(Eval("greatest([price], 100)", c), (Strings{"100.0", "249.99", "100.0"}));
  EXPECT_EQ(Eval("least([price], 100)", c), (Strings{"79.99", "100.0", "100.0"}));
  EXPECT_EQ(One("greatest(None, None)"), "null");
  EXPECT_EQ(One("least(3, 1, 2)"), "1");
}

TEST(FormulaLogic, IfnullAndNvl) {
  EXPECT_EQ(Eval("ifnull([discount], 0)", {{"discount", {N(), I(5)}}}), (Strings{"0", "5"}));
  EXPECT_EQ(Eval("nvl([email], \"no email\")", {{"email", {N(), S("a@b.c")}}}),
            (Strings{"no email", "a@b.c"}));
}

TEST(FormulaLogic, IsEmptyAndIsNotEmpty) {
  const Columns c = {{"email", {S("a@b.c"), S(""), N()}}};
  EXPECT_EQ(Eval("is_empty([email])", c), (Strings{"false", "false", "true"}));
  EXPECT_EQ(Eval("is_not_empty([email])", c), (Strings{"true", "true", "false"}));
}

TEST(FormulaLogic, IsStringOnLiterals) {
  EXPECT_EQ(One("is_string(\"hello\")"), "true");
  EXPECT_EQ(One("is_string(1)"), "false");
  EXPECT_NE(FormulaError("is_string([names])", kNames).find("must be a literal"),
            std::string::npos);
}

TEST(FormulaLogic, Nullif) {
  EXPECT_EQ(Eval("nullif([a], 2)", {{"a", {I(1), I(2), I(3), N()}}}),
            (Strings{"1", "null", "3", "null"}));
}

TEST(FormulaLogic, Not) {
  EXPECT_EQ(Eval("not([f])", {{"f", {B(true), B(false), N()}}}),
            (Strings{"false", "true", "null"}));
}

// ---------------------------------------------------------------- strings

TEST(FormulaString, ConcatIsNullWhenAnyPartIs) {
  const Columns c = {{"first", {S("John"), S("Ann")}}, {"last", {S("Doe"), N()}}};
  EXPECT_EQ(Eval("concat([first], \" \", [last])", c), (Strings{"John Doe", "null"}));
  EXPECT_EQ(One("concat(\"n\", 1, true, 2.5)"), "n1true2.5");
  EXPECT_EQ(One("concat(7)"), "7");
}

TEST(FormulaString, CountMatchIsARegex) {
  EXPECT_EQ(Eval("count_match([names], \"a\")", kNames), (Strings{"1", "1", "0", "null"}));
  EXPECT_EQ(One("count_match(\"john.doe@company.com\", \".\")"), "20");
  EXPECT_EQ(One("count_match(\"john.doe@company.com\", \"\\.\")"), "2");
}

TEST(FormulaString, StartsAndEndsWithAreLiteral) {
  EXPECT_EQ(One("ends_with(\"john@x.com\", \".com\")"), "true");
  EXPECT_EQ(One("ends_with(\"john@xcom\", \".com\")"), "false");
  EXPECT_EQ(One("starts_with(\"ORD-0001\", \"ORD\")"), "true");
  EXPECT_EQ(One("starts_with(\"ORD-0001\", \".\")"), "false");
  EXPECT_EQ(Eval("starts_with([names], 'h')", kNames), (Strings{"true", "false", "false", "null"}));
}

TEST(FormulaString, FindPosition) {
  const Columns c = {{"names", {S("ham"), S("cheese with ham"), S("eggs"), N()}}};
  EXPECT_EQ(Eval("find_position([names], \"a\")", c), (Strings{"1", "13", "null", "null"}));
  EXPECT_EQ(One("find_position(\"ORD-0001\", \"-\")"), "3");
  EXPECT_EQ(One("find_position(\"a.b\", \".\")"), "1");  // literal, not a regex
}

TEST(FormulaString, LeftRightMidSubstring) {
  EXPECT_EQ(One("left(\"ORD-0001\", 3)"), "ORD");
  EXPECT_EQ(One("right(\"ORD-0001\", 4)"), "0001");
  EXPECT_EQ(One("right(\"ham\", 0)"), "ham");  // Polars' slice(-0) is the whole text
  EXPECT_EQ(One("mid(\"ORD-0001\", 4, 4)"), "0001");
  EXPECT_EQ(One("substring(\"ORD-0001\", 0, 3)"), "ORD");
  EXPECT_EQ(One("mid(\"hello\", -3, 2)"), "ll");
  EXPECT_EQ(Eval("right([names], [len])",
                 {{"names", {S("ham"), S("spam"), N()}}, {"len", {I(1), I(2), I(1)}}}),
            (Strings{"m", "am", "null"}));
}

TEST(FormulaString, TrimsAndCase) {
  EXPECT_EQ(One("left_trim(\" \\tAmsterdam \")"), "Amsterdam ");
  EXPECT_EQ(One("right_trim(\" Amsterdam \\n\")"), " Amsterdam");
  EXPECT_EQ(One("trim(\"  Amsterdam \")"), "Amsterdam");
  EXPECT_EQ(One("lowercase(\"Engineering\")"), "engineering");
  EXPECT_EQ(One("uppercase(\"Amsterdam\")"), "AMSTERDAM");
  EXPECT_EQ(One("titlecase(\"tech conference\")"), "Tech Conference");
  EXPECT_EQ(One("titlecase(\"hello-wORLD 2nd\")"), "Hello-World 2nd");
  EXPECT_EQ(Eval("uppercase([names])", kNames), (Strings{"HAM", "SPAM", "EGGS", "null"}));
}

TEST(FormulaString, Length) {
  EXPECT_EQ(One("length(\"Amsterdam\")"), "9");
  EXPECT_EQ(One("length(\"h\u00e9\")"), "2");  // characters, not bytes
  EXPECT_EQ(RunFormula("length('x')").schema().back().dtype.ToString(), "UInt32");
}

TEST(FormulaString, PadNeverTruncates) {
  EXPECT_EQ(One("pad_left(\"ORD-0001\", 12, \"0\")"), "0000ORD-0001");
  EXPECT_EQ(One("pad_right(\"ORD-0001\", 12, \"0\")"), "ORD-00010000");
  EXPECT_EQ(One("pad_left(\"abc\", 2, \"x\")"), "abc");
  EXPECT_EQ(One("pad_left(\"abc\", 5)"), "  abc");
  EXPECT_NE(FormulaError("pad_left('a', 3, 'xy')").find("exactly one character"),
            std::string::npos);
}

TEST(FormulaString, RepeatAtMostAHundredTimes) {
  EXPECT_EQ(One("repeat(\"John\", 2)"), "JohnJohn");
  EXPECT_EQ(One("length(repeat(\"ab\", 150))"), "200");
}

TEST(FormulaString, ReplaceIsLiteralEverywhere) {
  EXPECT_EQ(Eval("replace([names], \"a\", \"o\")", kNames),
            (Strings{"hom", "spom", "eggs", "null"}));
  EXPECT_EQ(One("replace(\"john.doe@company.com\", \".com\", \".org\")"), "john.doe@company.org");
  EXPECT_EQ(One("replace(\"a.b.c\", \".\", \"-\")"), "a-b-c");
}

TEST(FormulaString, Reverse) { EXPECT_EQ(One("reverse(\"John\")"), "nhoJ"); }

TEST(FormulaString, Split) {
  EXPECT_EQ(One("split(\"Laptop Pro\", \" \")"), "[\"Laptop\", \"Pro\"]");
  EXPECT_EQ(RunFormula("split('a,b', ',')").schema().back().dtype.ToString(), "List(String)");
}

TEST(FormulaString, StringSimilarity) {
  const Columns c = {{"a", {S("ham"), S("sandwich with spam"), S("eggs"), S("hams")}}};
  EXPECT_EQ(Eval("string_similarity([a], \"hamm\")", {{"a", {S("ham")}}}), (Strings{"0.75"}));
  EXPECT_EQ(Eval("string_similarity([a], \"ham\")", c),
            (Strings{"1.0", "0.166666666666667", "0.0", "0.75"}));
  EXPECT_EQ(One("string_similarity(\"John\", \"Jones\")"), "0.4");
  EXPECT_EQ(One("string_similarity(\"ab\", \"ba\", \"damerau_levenshtein\")"), "0.5");
  EXPECT_EQ(One("round(string_similarity(\"MARTHA\", \"MARHTA\", \"jaro\"), 6)"), "0.944444");
  EXPECT_EQ(One("string_similarity(\"MARTHA\", \"MARHTA\", \"jaro_winkler\")"),
            "0.961111111111111");
  EXPECT_EQ(One("string_similarity(\"abc\", \"abd\", \"hamming\")"), "0.666666666666667");
  EXPECT_EQ(One("string_similarity(\"abc\", \"ab\", \"hamming\")"), "null");
  EXPECT_EQ(One("string_similarity(\"night\", \"nacht\", \"jaccard\")"), "0.142857142857143");
  EXPECT_EQ(One("string_similarity(\"night\", \"nacht\", \"sorensen_dice\")"), "0.25");
  EXPECT_NE(FormulaError("string_similarity('a', 'b', 'fuzzy')").find("not supported"),
            std::string::npos);
  EXPECT_NE(FormulaError("string_similarity('a', 'b', 'cosine')").find("unknown method"),
            std::string::npos);
}

}  // namespace
}  // namespace ff::formula_test
