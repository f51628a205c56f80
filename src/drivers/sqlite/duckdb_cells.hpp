// Reading and writing single cells of DuckDB vectors, and the ISO text forms of dates and
// times. Shared by the SQLite and MariaDB drivers (candidates for a src/drivers/common folder).
//
// Contract:
//  - Set*() write row `row` of a flat vector whose type matches the call (the caller picked
//    the vector's type); SetNull() marks the row invalid.
//  - Parse*() accept the ISO-8601 forms databases print ("2024-02-29", "13:45:07.25",
//    "2024-02-29 13:45:07.000001", with 'T' or ' ', and for timestamps an optional "Z" or
//    "+HH:MM" offset, which is applied so the result is UTC). They return false on anything else.
//  - ReadCell() decodes one row of a result vector into a CellValue; dates, times, timestamps,
//    decimals and UUIDs come back as their exact ISO / decimal text (timestamptz in UTC).
//    Types without a mapping throw kUnsupported naming the column.
#pragma once

#include <duckdb.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace ff::drivers {

// ------------------------------------------------------------------ writing vectors
void SetNull(duckdb_vector vector, idx_t row);
void SetString(duckdb_vector vector, idx_t row, std::string_view bytes);

template <typename T>
void SetValue(duckdb_vector vector, idx_t row, T value) {
  static_cast<T*>(duckdb_vector_get_data(vector))[row] = value;
}

//! Parses decimal text ("-12.5", "3", "1e2" is rejected) into the unscaled integer of a
//! DECIMAL(width, scale) and stores it with the vector's internal width. False when the text
//! is not a plain decimal number or has more digits than the type holds.
bool SetDecimalFromText(duckdb_vector vector, duckdb_logical_type type, idx_t row,
                        std::string_view text);

// ------------------------------------------------------------------ dates and times
//! Days since 1970-01-01 of a proleptic Gregorian date.
int32_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

bool ParseIsoDate(std::string_view text, int32_t& days_out);
bool ParseIsoTime(std::string_view text, int64_t& micros_out);
//! A bare date is accepted as its midnight.
bool ParseIsoTimestamp(std::string_view text, int64_t& micros_out);

std::string FormatIsoDate(int32_t days);
std::string FormatIsoTime(int64_t micros);
std::string FormatIsoTimestamp(int64_t micros);  //!< "YYYY-MM-DD HH:MM:SS[.ffffff]"

// ------------------------------------------------------------------ reading results
struct CellValue {
  enum class Kind { kNull, kBool, kInt, kUInt, kDouble, kText, kBlob };
  Kind kind = Kind::kNull;
  int64_t int_value = 0;    //!< kInt, kBool (0/1)
  uint64_t uint_value = 0;  //!< kUInt
  double double_value = 0;  //!< kDouble
  std::string text;         //!< kText (UTF-8) and kBlob (raw bytes)
};

//! Reads row `row` of result column `column_name` (for messages) of type `type`.
void ReadCell(duckdb_vector vector, duckdb_logical_type type, idx_t row,
              std::string_view column_name, CellValue& out);

//! "DECIMAL(10,2)", "VARCHAR", ... for messages.
std::string DuckTypeName(duckdb_logical_type type);

}  // namespace ff::drivers
