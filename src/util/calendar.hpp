// Dates and times as ISO text from the integer forms DuckDB and ff::Value use (days and
// microseconds since 1970-01-01, proleptic Gregorian calendar).
#pragma once

#include <cstdint>
#include <string>

namespace ff::calendar {

//! a / b rounded towards negative infinity (b > 0).
int64_t FloorDiv(int64_t a, int64_t b);

//! Days since 1970-01-01 of a civil date, any year; `month` >= 1 and `day` >= 1 (a month
//! past 12 rolls into the next year, a day past the month's end into the next month).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
//! The civil date of days since 1970-01-01, any year.
void CivilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day);

//! "2024-01-31" for days since the epoch.
std::string FormatDate(int64_t days);
//! "13:45:00", with the fraction when there is one ("13:45:00.5").
std::string FormatTime(int64_t micros);
//! "2024-01-31 13:45:00[.fraction]" for microseconds since the epoch.
std::string FormatDatetime(int64_t micros);

}  // namespace ff::calendar
