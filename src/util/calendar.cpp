// Calendar arithmetic on the proleptic Gregorian calendar, for the integer forms DuckDB and
// ff::Value use (days and microseconds since 1970-01-01).
#include "util/calendar.hpp"

#include <cstdio>

namespace ff::calendar {
namespace {

// Days since 1970-01-01 -> (year, month, day), proleptic Gregorian (Hinnant's algorithm).
void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

}  // namespace

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

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
