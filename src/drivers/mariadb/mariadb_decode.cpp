#include "drivers/mariadb/mariadb_decode.hpp"

#include <charconv>
#include <string>

#include "flowfile/errors.hpp"

namespace ff::drivers::mariadb {
namespace {

__extension__ typedef __int128 Int128;

std::string KindName(const ColumnKind& k) {
  switch (k.type) {
    case DUCKDB_TYPE_BOOLEAN: return "BOOLEAN";
    case DUCKDB_TYPE_TINYINT: return "TINYINT";
    case DUCKDB_TYPE_UTINYINT: return "UTINYINT";
    case DUCKDB_TYPE_SMALLINT: return "SMALLINT";
    case DUCKDB_TYPE_USMALLINT: return "USMALLINT";
    case DUCKDB_TYPE_INTEGER: return "INTEGER";
    case DUCKDB_TYPE_UINTEGER: return "UINTEGER";
    case DUCKDB_TYPE_BIGINT: return "BIGINT";
    case DUCKDB_TYPE_UBIGINT: return "UBIGINT";
    case DUCKDB_TYPE_FLOAT: return "FLOAT";
    case DUCKDB_TYPE_DOUBLE: return "DOUBLE";
    case DUCKDB_TYPE_DATE: return "DATE";
    case DUCKDB_TYPE_TIMESTAMP: return "TIMESTAMP";
    case DUCKDB_TYPE_DECIMAL:
      return "DECIMAL(" + std::to_string(k.width) + "," + std::to_string(k.scale) + ")";
    default: return "type " + std::to_string(static_cast<int>(k.type));
  }
}

[[noreturn]] void Unreadable(const ColumnKind& k, const char* text, unsigned long length) {
  const std::string shown(text, length < 40 ? length : 40);
  throw Error(ErrorCode::kIo, "mysql: the server sent '" + shown + (length > 40 ? "..." : "") +
                                  "' for a column read as " + KindName(k) +
                                  ", which cannot hold it; cast the column in the query");
}

void SetNull(duckdb_vector v, idx_t row) {
  duckdb_vector_ensure_validity_writable(v);
  duckdb_validity_set_row_invalid(duckdb_vector_get_validity(v), row);
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Decimal text -> unscaled integer with `scale` digits after the point; false for text that
// is not a plain decimal or has more integer digits than DECIMAL(width, scale) holds.
bool ScaledDecimal(const char* text, unsigned long length, const ColumnKind& k, Int128& out) {
  Int128 value = 0;
  bool negative = false, point = false, digit_seen = false;
  int integer_digits = 0, fraction = 0;
  for (unsigned long i = 0; i < length; ++i) {
    const char c = text[i];
    if (i == 0 && (c == '-' || c == '+')) {
      negative = c == '-';
    } else if (c == '.' && !point) {
      point = true;
    } else if (c >= '0' && c <= '9') {
      digit_seen = true;
      if (point && fraction >= k.scale) continue;      // more digits than the type keeps
      if (!point && value == 0 && c == '0') continue;  // leading zeros
      if (!point && ++integer_digits > k.width - k.scale) return false;
      value = value * 10 + (c - '0');
      if (point) ++fraction;
    } else {
      return false;
    }
  }
  if (!digit_seen) return false;
  while (fraction++ < k.scale) value *= 10;
  out = negative ? -value : value;
  return true;
}

// The text protocol sends numbers in decimal; from_chars parses them in place.
template <typename T>
bool Parse(const char* text, unsigned long length, T& out) {
  const char* end = text + length;
  if (text != end && *text == '+') ++text;
  const auto [stop, ec] = std::from_chars(text, end, out);
  return ec == std::errc() && stop == end;
}

// Digits at text[from, from + count) as a number, or -1.
int Digits(const char* text, unsigned long length, unsigned long from, unsigned count) {
  if (from + count > length) return -1;
  int value = 0;
  for (unsigned i = 0; i < count; ++i) {
    const char c = text[from + i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

enum class DateParse { kOk, kZero, kMalformed };

// "YYYY-MM-DD[ HH:MM:SS[.ffffff]]" as days and microseconds of the day. MySQL's zero dates
// (a zero month or day) are kZero.
DateParse ParseDateTime(const char* text, unsigned long length, int64_t& days, int64_t& micros) {
  const int y = Digits(text, length, 0, 4), mo = Digits(text, length, 5, 2),
            d = Digits(text, length, 8, 2);
  if (y < 0 || mo < 0 || d < 0 || text[4] != '-' || text[7] != '-') return DateParse::kMalformed;
  if (mo == 0 || d == 0) return DateParse::kZero;
  if (mo > 12 || d > DaysInMonth(y, mo)) return DateParse::kMalformed;
  days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  micros = 0;
  if (length == 10) return DateParse::kOk;
  const int h = Digits(text, length, 11, 2), mi = Digits(text, length, 14, 2),
            sec = Digits(text, length, 17, 2);
  if (text[10] != ' ' || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 ||
      text[13] != ':' || text[16] != ':')
    return DateParse::kMalformed;
  micros = ((int64_t{h} * 60 + mi) * 60 + sec) * 1000000LL;
  if (length == 19) return DateParse::kOk;
  if (text[19] != '.' || length > 26 || length == 20) return DateParse::kMalformed;
  int64_t fraction = 0;
  for (unsigned long i = 20; i < 26; ++i) {
    if (i < length && (text[i] < '0' || text[i] > '9')) return DateParse::kMalformed;
    fraction = fraction * 10 + (i < length ? text[i] - '0' : 0);
  }
  micros += fraction;
  return DateParse::kOk;
}

void StoreDecimal(Int128 value, uint8_t width, void* data, idx_t row) {
  if (width <= 4) {
    static_cast<int16_t*>(data)[row] = static_cast<int16_t>(value);
  } else if (width <= 9) {
    static_cast<int32_t*>(data)[row] = static_cast<int32_t>(value);
  } else if (width <= 18) {
    static_cast<int64_t*>(data)[row] = static_cast<int64_t>(value);
  } else {
    duckdb_hugeint h;
    h.lower = static_cast<uint64_t>(value);
    h.upper = static_cast<int64_t>(value >> 64);
    static_cast<duckdb_hugeint*>(data)[row] = h;
  }
}

}  // namespace

duckdb_logical_type LogicalFor(const ColumnKind& k) {
  if (k.type == DUCKDB_TYPE_DECIMAL) return duckdb_create_decimal_type(k.width, k.scale);
  return duckdb_create_logical_type(k.type);
}

void WriteTextValue(duckdb_vector v, void* data, const ColumnKind& k, idx_t row, const char* text,
                    unsigned long length) {
  if (!text) return SetNull(v, row);
  bool ok = true;
  switch (k.type) {
    case DUCKDB_TYPE_BOOLEAN: {
      int64_t value = 0;
      ok = Parse(text, length, value);
      static_cast<bool*>(data)[row] = value != 0;
      break;
    }
    case DUCKDB_TYPE_TINYINT: ok = Parse(text, length, static_cast<int8_t*>(data)[row]); break;
    case DUCKDB_TYPE_UTINYINT: ok = Parse(text, length, static_cast<uint8_t*>(data)[row]); break;
    case DUCKDB_TYPE_SMALLINT: ok = Parse(text, length, static_cast<int16_t*>(data)[row]); break;
    case DUCKDB_TYPE_USMALLINT: ok = Parse(text, length, static_cast<uint16_t*>(data)[row]); break;
    case DUCKDB_TYPE_INTEGER: ok = Parse(text, length, static_cast<int32_t*>(data)[row]); break;
    case DUCKDB_TYPE_UINTEGER: ok = Parse(text, length, static_cast<uint32_t*>(data)[row]); break;
    case DUCKDB_TYPE_BIGINT: ok = Parse(text, length, static_cast<int64_t*>(data)[row]); break;
    case DUCKDB_TYPE_UBIGINT: ok = Parse(text, length, static_cast<uint64_t*>(data)[row]); break;
    case DUCKDB_TYPE_FLOAT: ok = Parse(text, length, static_cast<float*>(data)[row]); break;
    case DUCKDB_TYPE_DOUBLE: ok = Parse(text, length, static_cast<double*>(data)[row]); break;
    case DUCKDB_TYPE_DECIMAL: {
      Int128 value = 0;
      ok = k.width >= 1 && k.width <= 38 && k.scale <= k.width &&
           ScaledDecimal(text, length, k, value);
      if (ok) StoreDecimal(value, k.width, data, row);
      break;
    }
    case DUCKDB_TYPE_DATE:
    case DUCKDB_TYPE_TIMESTAMP: {
      int64_t days = 0, micros = 0;
      const DateParse parsed = ParseDateTime(text, length, days, micros);
      if (parsed == DateParse::kZero) return SetNull(v, row);
      ok = parsed == DateParse::kOk && (k.type == DUCKDB_TYPE_TIMESTAMP || length == 10);
      if (!ok) break;
      if (k.type == DUCKDB_TYPE_DATE) {
        static_cast<int32_t*>(data)[row] = static_cast<int32_t>(days);
      } else {
        static_cast<int64_t*>(data)[row] = days * 86400000000LL + micros;
      }
      break;
    }
    default: duckdb_vector_assign_string_element_len(v, row, text, length);
  }
  if (!ok) Unreadable(k, text, length);
}

}  // namespace ff::drivers::mariadb
