// The in-memory table that the file formats (xlsx, Arrow IPC, Avro) read into and write from.
// Contract: a Table's columns all hold height() values; a column's `type` is a Polars type
// name (Boolean, Int8..Int64, UInt8..UInt64, Float32, Float64, String, Binary, Date,
// Datetime, Decimal) and its values are ff::Values of the matching kind or null (Datetime:
// microseconds since the epoch, `utc` when the column has a time zone). Readers throw
// ff::Error naming the file (and sheet, row, column or field) and what is wrong; they never
// read outside the bytes they were given.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "flowfile/value.hpp"

namespace ff::formats {

struct Column {
  std::string name;
  std::string type = "String";
  bool utc = false;  //!< Datetime only: the values are UTC instants (a time-zone-aware column)
  int precision = 38, scale = 0;  //!< Decimal only
  std::vector<Value> values;
};

struct Table {
  std::vector<Column> columns;
  size_t height() const { return columns.empty() ? 0 : columns.front().values.size(); }
};

//! Throws kInvalidArgument: "<format> file '<path>': <what>".
[[noreturn]] void Fail(const std::string& format, const std::string& path, const std::string& what);
//! Throws kUnsupported with the same shape.
[[noreturn]] void Refuse(const std::string& format, const std::string& path,
                         const std::string& what);

//! The whole file as bytes; throws kNotFound / kIo naming the file.
std::string ReadWholeFile(const std::string& path);
//! Writes `bytes` to `path` through a temporary file beside it (renamed on success).
void WriteWholeFile(const std::string& path, const std::string& bytes);

//! Days since 1970-01-01 of a proleptic Gregorian date, and back.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day);
//! "2024-01-31" and "2024-01-31 12:30:00[.123456]" for dates and microsecond datetimes.
std::string DateText(int64_t days);
std::string DatetimeText(int64_t micros);

Value NullValue();
Value IntValue(int64_t v);
Value UIntValue(uint64_t v);
Value DoubleValue(double v);
Value BoolValue(bool v);
Value StringValue(std::string v);
Value DateValue(int64_t days);
Value DatetimeValue(int64_t micros, bool utc);

}  // namespace ff::formats
