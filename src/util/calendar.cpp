// Calendar arithmetic through C++20 <chrono> (proleptic Gregorian), for the integer forms
// DuckDB and ff::Value use (days and microseconds since 1970-01-01).
#include "util/calendar.hpp"

#include <chrono>
#include <cstdio>

namespace ff::calendar {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// 400 Gregorian years are exactly 146097 days, so a date beyond std::chrono::year's range
// (+-32767) is the same date of an in-range year plus whole 400-year eras.
constexpr int64_t kDaysPer400Years = 146097;

}  // namespace

int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  // Months past December roll into the next years; days past the month's end roll on from
  // its first day (Feb 30 is Mar 1 or 2), as the drivers' parsers always counted.
  year += (static_cast<int64_t>(month) - 1) / 12;
  month = (month - 1) % 12 + 1;
  const int64_t eras = FloorDiv(year, 400);
  const year_month_day first{std::chrono::year(static_cast<int>(year - eras * 400)),
                             std::chrono::month(month), std::chrono::day(1)};
  return (sys_days(first) + days(day) - days(1)).time_since_epoch().count() +
         eras * kDaysPer400Years;
}

void CivilFromDays(int64_t days_since_epoch, int64_t& year, unsigned& month, unsigned& day) {
  const int64_t eras = FloorDiv(days_since_epoch, kDaysPer400Years);
  const year_month_day ymd{sys_days(days(days_since_epoch - eras * kDaysPer400Years))};
  year = static_cast<int>(ymd.year()) + eras * 400;
  month = static_cast<unsigned>(ymd.month());
  day = static_cast<unsigned>(ymd.day());
}

std::string FormatDate(int64_t days) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string FormatTime(int64_t micros) {
  const int64_t seconds = micros / 1000000, fraction = micros % 1000000;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  std::string out = buf;
  if (fraction) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(fraction));
    out += buf;
    while (out.back() == '0') out.pop_back();
  }
  return out;
}

std::string FormatDatetime(int64_t micros) {
  const int64_t days = FloorDiv(micros, 86400000000LL);
  return FormatDate(days) + " " + FormatTime(micros - days * 86400000000LL);
}

}  // namespace ff::calendar
