// Date, time and conversion functions, one test each, run through the engine.
#include "formula_test_support.hpp"

namespace ff::formula_test {
namespace {

const Columns kDay = {{"d", {D(2021, 3, 15), N()}}};
const Columns kTime = {{"t", {T(2024, 1, 15, 10, 30, 45), N()}}};

TEST(FormulaDate, AddDaysWeeksKeepADate) {
  EXPECT_EQ(Eval("add_days([d], 5)", kDay), (Strings{"2021-03-20", "null"}));
  EXPECT_EQ(Eval("add_weeks([d], 2)", kDay), (Strings{"2021-03-29", "null"}));
  EXPECT_EQ(TypeOf("add_days([d], 5)", kDay), "Date");
  EXPECT_EQ(Eval("add_days([t], -1)", kTime), (Strings{"2024-01-14 10:30:45", "null"}));
}

TEST(FormulaDate, AddHoursMinutesSeconds) {
  const Columns c = {{"t", {T(2024, 1, 15, 10, 30, 0)}}};
  EXPECT_EQ(Eval("add_hours([t], 3)", c), (Strings{"2024-01-15 13:30:00"}));
  EXPECT_EQ(Eval("add_minutes([t], 15)", c), (Strings{"2024-01-15 10:45:00"}));
  EXPECT_EQ(Eval("add_seconds([t], 30)", c), (Strings{"2024-01-15 10:30:30"}));
}

TEST(FormulaDate, AddMonthsClampsToTheMonthEnd) {
  EXPECT_EQ(Eval("add_months([d], 2)", kDay), (Strings{"2021-05-15", "null"}));
  EXPECT_EQ(Eval("add_months([d], 2)", {{"d", {D(2023, 5, 15)}}}), (Strings{"2023-07-15"}));
  EXPECT_EQ(Eval("add_months([d], 1)", {{"d", {D(2021, 1, 31)}}}), (Strings{"2021-02-28"}));
  EXPECT_EQ(TypeOf("add_months([d], 1)", kDay), "Date");
}

TEST(FormulaDate, AddYearsIs365Days) {
  EXPECT_EQ(Eval("add_years([d], 1)", kDay), (Strings{"2022-03-15", "null"}));
  EXPECT_EQ(Eval("add_years([d], 1)", {{"d", {D(2023, 5, 15)}}}), (Strings{"2024-05-14"}));
  EXPECT_EQ(Eval("add_years([d], 2)", {{"d", {D(2023, 1, 1)}}}), (Strings{"2024-12-31"}));
}

TEST(FormulaDate, DateDiffDaysTruncates) {
  EXPECT_EQ(Eval("date_diff_days(to_date([date]), to_date(\"2021-01-01\"))",
                 {{"date", {S("2021-01-01"), S("2021-01-02"), S("2021-01-03")}}}),
            (Strings{"0", "1", "2"}));
  EXPECT_EQ(
      Eval("date_diff_days([a], [b])", {{"a", {D(2021, 1, 1), D(2021, 1, 29), D(2021, 3, 1)}},
                                        {"b", {D(2021, 3, 1), D(2021, 3, 1), D(2021, 3, 1)}}}),
      (Strings{"-59", "-31", "0"}));
  const Columns c = {{"a", {T(2024, 1, 3, 12, 0, 0)}}, {"b", {T(2024, 1, 1, 18, 0, 0)}}};
  EXPECT_EQ(Eval("date_diff_days([a], [b])", c), (Strings{"1"}));
  EXPECT_EQ(Eval("date_diff_days([b], [a])", c), (Strings{"-1"}));
  EXPECT_EQ(TypeOf("date_diff_days([a], [b])", c), "Int64");
}

TEST(FormulaDate, DateTrimAndTruncate) {
  EXPECT_EQ(Eval("date_trim([t], \"day\")", kTime), (Strings{"2024-01-15 00:00:00", "null"}));
  EXPECT_EQ(Eval("date_trim([t], \"month\")", kTime), (Strings{"2024-01-01 00:00:00", "null"}));
  EXPECT_EQ(Eval("date_trim([d], \"year\")", kDay), (Strings{"2021-01-01", "null"}));
  EXPECT_NE(FormulaError("date_trim([t], \"week\")", kTime).find("part must be"),
            std::string::npos);
  EXPECT_EQ(Eval("date_truncate([t], \"1d\")", kTime), (Strings{"2024-01-15 00:00:00", "null"}));
  EXPECT_EQ(Eval("date_truncate([t], \"2h\")", kTime), (Strings{"2024-01-15 10:00:00", "null"}));
  EXPECT_EQ(Eval("date_truncate([t], \"15m\")", kTime), (Strings{"2024-01-15 10:30:00", "null"}));
  EXPECT_EQ(Eval("date_truncate([d], \"1mo\")", kDay), (Strings{"2021-03-01", "null"}));
  EXPECT_NE(FormulaError("date_truncate([t], \"soon\")", kTime).find("not a duration"),
            std::string::npos);
}

TEST(FormulaDate, DatetimeDifferences) {
  const Columns c = {{"a", {T(2024, 1, 15, 11, 30, 1)}}, {"b", {T(2024, 1, 15, 10, 30, 0)}}};
  EXPECT_EQ(Eval("datetime_diff_seconds([a], [b])", c), (Strings{"3601"}));
  EXPECT_EQ(Eval("datetime_diff_nanoseconds([a], [b])", c), (Strings{"3601000000000"}));
}

TEST(FormulaDate, Parts) {
  EXPECT_EQ(Eval("year([d])", kDay), (Strings{"2021", "null"}));
  EXPECT_EQ(Eval("month([d])", kDay), (Strings{"3", "null"}));
  EXPECT_EQ(Eval("day([d])", kDay), (Strings{"15", "null"}));
  EXPECT_EQ(Eval("quarter([d])", kDay), (Strings{"1", "null"}));
  EXPECT_EQ(Eval("hour([t])", kTime), (Strings{"10", "null"}));
  EXPECT_EQ(Eval("minute([t])", kTime), (Strings{"30", "null"}));
  EXPECT_EQ(Eval("second([t])", kTime), (Strings{"45", "null"}));
  EXPECT_EQ(TypeOf("year([d])", kDay), "Int32");
  EXPECT_EQ(TypeOf("month([d])", kDay), "Int8");
  EXPECT_EQ(Eval("year(to_date([s]))", {{"s", {S("2021-03-15")}}}), (Strings{"2021"}));
}

TEST(FormulaDate, DayOfWeekIsIso) {
  const Columns c = {{"d", {D(2021, 3, 15), D(2021, 3, 21)}}};
  EXPECT_EQ(Eval("dayofweek([d])", c), (Strings{"1", "7"}));
  EXPECT_EQ(Eval("weekday([d])", c), (Strings{"1", "7"}));
}

TEST(FormulaDate, DayOfYearAndWeek) {
  const Columns c = {{"d", {D(2021, 3, 15), D(2023, 12, 31), D(2023, 1, 1)}}};
  EXPECT_EQ(Eval("dayofyear([d])", c), (Strings{"74", "365", "1"}));
  EXPECT_EQ(Eval("week([d])", c), (Strings{"11", "52", "52"}));
  EXPECT_EQ(TypeOf("dayofyear([d])", c), "Int16");
}

TEST(FormulaDate, StartAndEndOfMonth) {
  EXPECT_EQ(Eval("end_of_month([d])", kDay), (Strings{"2021-03-31", "null"}));
  EXPECT_EQ(Eval("end_of_month([d])", {{"d", {D(2024, 2, 10)}}}), (Strings{"2024-02-29"}));
  EXPECT_EQ(Eval("start_of_month([d])", kDay), (Strings{"2021-03-01", "null"}));
  EXPECT_EQ(Eval("end_of_month([t])", kTime), (Strings{"2024-01-31 10:30:45", "null"}));
  EXPECT_EQ(Eval("start_of_month([t])", kTime), (Strings{"2024-01-01 10:30:45", "null"}));
}

TEST(FormulaDate, FormatDate) {
  EXPECT_EQ(Eval("format_date([d], \"%B %d, %Y\")", kDay), (Strings{"March 15, 2021", "null"}));
  EXPECT_EQ(Eval("format_date([d])", kDay), (Strings{"2021-03-15", "null"}));
  EXPECT_EQ(Eval("format_date([t], \"%Y-%m\")", kTime), (Strings{"2024-01", "null"}));
}

TEST(FormulaDate, NowAndTodayAreDatetimes) {
  const Columns c = {{"x", {I(1), I(2)}}};
  EXPECT_EQ(Eval("date_diff_days(now(), to_date(\"2020-01-01\")) > 1000", c),
            (Strings{"true", "true"}));
  EXPECT_EQ(Eval("date_diff_days(today(), to_date(\"2020-01-01\")) > 1000", c),
            (Strings{"true", "true"}));
  EXPECT_EQ(TypeOf("today()", c), "Datetime(time_unit='us', time_zone=None)");
  const Strings both = Eval("now() = now()", c);  // one constant per compile
  EXPECT_EQ(both, (Strings{"true", "true"}));
}

// ---------------------------------------------------------------- conversion

TEST(FormulaConvert, ToBoolean) {
  const Columns c = {{"s",
                      {S("true"), S("Yes"), S("1"), S("t"), S("Y"), S("false"), S("no"), S("0"),
                       S("f"), S("n"), S("0.0"), S("-0"), S("2.5"), S("abc"), N()}}};
  EXPECT_EQ(Eval("to_boolean([s])", c),
            (Strings{"true", "true", "true", "true", "true", "false", "false", "false", "false",
                     "false", "false", "false", "true", "false", "false"}));
  EXPECT_EQ(Eval("to_boolean([q])", {{"q", {I(1), I(0), I(5), N()}}}),
            (Strings{"true", "false", "true", "false"}));
  EXPECT_EQ(One("to_boolean(0.0)"), "false");
  EXPECT_EQ(One("to_boolean(true)"), "true");
}

TEST(FormulaConvert, ToDateAndDatetimeAreNotStrict) {
  EXPECT_EQ(Eval("to_date([s])", {{"s", {S("2023-05-15"), S("bad"), N()}}}),
            (Strings{"2023-05-15", "null", "null"}));
  EXPECT_EQ(One("to_date(\"15/05/2023\", \"%d/%m/%Y\")"), "2023-05-15");
  EXPECT_EQ(One("to_datetime(\"2023-05-15 14:30:00\")"), "2023-05-15 14:30:00");
  EXPECT_EQ(One("to_datetime(\"2023-05-15\")"), "null");
  EXPECT_NE(FormulaError("to_date([d])", kDay).find("must be text"), std::string::npos);
}

TEST(FormulaConvert, ToDecimalIsARoundedFloat) {
  EXPECT_EQ(One("to_decimal(19.987, 2)"), "19.99");
  EXPECT_EQ(One("to_decimal(\"3.14159\", 2)"), "3.14");
  EXPECT_EQ(One("to_decimal(3)"), "3.0");
}

TEST(FormulaConvert, ToFloatAndToNumberAreStrict) {
  EXPECT_EQ(One("to_float(3)"), "3.0");
  EXPECT_EQ(One("to_number(\"2.5\")"), "2.5");
  EXPECT_EQ(One("to_float(None)"), "null");
  const std::string e = ErrorOf(
      [] {
        RunFormula("to_float([s])", {{"s", {S("abc")}}});
      },
      ErrorCode::kEngine);
  EXPECT_NE(e.find("to_float(): cannot convert 'abc' to a number"), std::string::npos) << e;
}

TEST(FormulaConvert, ToIntegerTruncatesAndIsStrict) {
  EXPECT_EQ(One("to_integer(19.99)"), "19");
  EXPECT_EQ(One("to_integer(-19.99)"), "-19");
  EXPECT_EQ(One("to_integer(\"42\")"), "42");
  EXPECT_EQ(One("to_integer(true)"), "1");
  const std::string e = ErrorOf(
      [] {
        RunFormula("to_integer([s])", {{"s", {S("19.99")}}});
      },
      ErrorCode::kEngine);
  EXPECT_NE(e.find("cannot convert '19.99' to a whole number"), std::string::npos) << e;
}

TEST(FormulaConvert, ToString) {
  EXPECT_EQ(One("to_string(30)"), "30");
  EXPECT_EQ(One("to_string(1.5)"), "1.5");
  EXPECT_EQ(One("to_string(true)"), "true");
  EXPECT_EQ(Eval("to_string([n]) + to_string([m])",
                 {{"n", {I(1), I(2), I(3)}}, {"m", {I(4), I(5), I(6)}}}),
            (Strings{"14", "25", "36"}));
  EXPECT_EQ(Eval("to_string([d])", kDay), (Strings{"2021-03-15", "null"}));
  EXPECT_EQ(Eval("to_string([t])", kTime), (Strings{"2024-01-15 10:30:45.000000", "null"}));
}

}  // namespace
}  // namespace ff::formula_test
