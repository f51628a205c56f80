// util/calendar: one civil-date implementation (C++20 <chrono>) for the drivers and ff::Value.
#include "util/calendar.hpp"

#include <gtest/gtest.h>

namespace ff::calendar {
namespace {

TEST(Calendar, KnownDates) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(0, 1, 1), -719528);
  EXPECT_EQ(FormatDate(-719528), "0000-01-01");
  EXPECT_EQ(FormatDate(19753), "2024-01-31");
  // DuckDB's largest date, far outside std::chrono::year's range.
  EXPECT_EQ(FormatDate(2147483646), "5881580-07-10");
  EXPECT_EQ(DaysFromCivil(5881580, 7, 10), 2147483646);
  EXPECT_EQ(FormatDatetime(-1), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(FormatTime(45296500000), "12:34:56.5");
}

TEST(Calendar, DaysPastTheMonthRollOnAsTheParsersDid) {
  EXPECT_EQ(DaysFromCivil(2024, 2, 30), DaysFromCivil(2024, 3, 1));
  EXPECT_EQ(DaysFromCivil(2023, 2, 30), DaysFromCivil(2023, 3, 2));
  EXPECT_EQ(DaysFromCivil(2023, 13, 1), DaysFromCivil(2024, 1, 1));
}

TEST(Calendar, RoundTripsEveryFewDaysAcrossDuckDbsRange) {
  for (int64_t days = -2147483646; days <= 2147483646; days += 999983) {
    int64_t year;
    unsigned month, day;
    CivilFromDays(days, year, month, day);
    ASSERT_GE(month, 1u);
    ASSERT_LE(month, 12u);
    ASSERT_GE(day, 1u);
    ASSERT_LE(day, 31u);
    ASSERT_EQ(DaysFromCivil(year, month, day), days) << year << "-" << month << "-" << day;
  }
}

}  // namespace
}  // namespace ff::calendar
