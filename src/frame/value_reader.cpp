// Vector decoding follows duckdb.h's layouts: flat data arrays, a validity mask, duckdb_string_t
// for text and blobs, list entries (offset, length) into a child vector, one child vector per
// struct field, decimals stored as the narrowest integer that holds their width.
#include "frame/value_reader.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "flowfile/errors.hpp"

namespace ff::frame {

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

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string StringOf(duckdb_string_t* s) {
  return std::string(duckdb_string_t_data(s), duckdb_string_t_length(*s));
}

// Unscaled integer text with `scale` digits after the point.
std::string DecimalText(std::string digits, bool negative, uint8_t scale) {
  if (scale > 0) {
    if (digits.size() <= scale) digits.insert(0, scale - digits.size() + 1, '0');
    digits.insert(digits.size() - scale, ".");
  }
  return negative ? "-" + digits : digits;
}

__extension__ typedef unsigned __int128 UInt128;

std::string HugeToString(duckdb_hugeint value, bool& negative) {
  // Two's complement magnitude, then repeated division by 10 on 128 bits.
  UInt128 v = (static_cast<UInt128>(static_cast<uint64_t>(value.upper)) << 64) | value.lower;
  negative = value.upper < 0;
  if (negative) v = ~v + 1;
  if (v == 0) return "0";
  std::string out;
  while (v > 0) {
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return out;
}

template <typename T>
T Data(duckdb_vector vector, idx_t row) {
  return static_cast<T*>(duckdb_vector_get_data(vector))[row];
}

struct LogicalType {
  explicit LogicalType(duckdb_logical_type t) : type(t) {}
  ~LogicalType() { duckdb_destroy_logical_type(&type); }
  LogicalType(const LogicalType&) = delete;
  LogicalType& operator=(const LogicalType&) = delete;
  duckdb_logical_type type;
};

}  // namespace

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

Value ReadValue(duckdb_vector vector, duckdb_logical_type type, idx_t row) {
  Value v;
  uint64_t* validity = duckdb_vector_get_validity(vector);
  if (validity && !duckdb_validity_row_is_valid(validity, row)) return v;
  using K = Value::Kind;
  switch (duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_BOOLEAN:
      v.kind = K::kBool;
      v.boolean = Data<bool>(vector, row);
      break;
    case DUCKDB_TYPE_TINYINT: v.kind = K::kInt, v.integer = Data<int8_t>(vector, row); break;
    case DUCKDB_TYPE_SMALLINT: v.kind = K::kInt, v.integer = Data<int16_t>(vector, row); break;
    case DUCKDB_TYPE_INTEGER: v.kind = K::kInt, v.integer = Data<int32_t>(vector, row); break;
    case DUCKDB_TYPE_BIGINT: v.kind = K::kInt, v.integer = Data<int64_t>(vector, row); break;
    case DUCKDB_TYPE_UTINYINT:
      v.kind = K::kUInt, v.unsigned_integer = Data<uint8_t>(vector, row);
      break;
    case DUCKDB_TYPE_USMALLINT:
      v.kind = K::kUInt, v.unsigned_integer = Data<uint16_t>(vector, row);
      break;
    case DUCKDB_TYPE_UINTEGER:
      v.kind = K::kUInt, v.unsigned_integer = Data<uint32_t>(vector, row);
      break;
    case DUCKDB_TYPE_UBIGINT:
      v.kind = K::kUInt, v.unsigned_integer = Data<uint64_t>(vector, row);
      break;
    case DUCKDB_TYPE_HUGEINT: {
      // Integer sums come back as HUGEINT; Polars (and Python) see them as plain integers.
      const auto h = Data<duckdb_hugeint>(vector, row);
      const bool fits = (h.upper == 0 && h.lower <= uint64_t{INT64_MAX}) ||
                        (h.upper == -1 && h.lower > uint64_t{INT64_MAX});
      if (fits) {
        v.kind = K::kInt, v.integer = static_cast<int64_t>(h.lower);
        break;
      }
      bool negative = false;
      v.kind = K::kDecimal;
      v.text = DecimalText(HugeToString(Data<duckdb_hugeint>(vector, row), negative), negative, 0);
      break;
    }
    case DUCKDB_TYPE_FLOAT: v.kind = K::kDouble, v.floating = Data<float>(vector, row); break;
    case DUCKDB_TYPE_DOUBLE: v.kind = K::kDouble, v.floating = Data<double>(vector, row); break;
    case DUCKDB_TYPE_DECIMAL: {
      v.kind = K::kDecimal;
      const uint8_t scale = duckdb_decimal_scale(type);
      int64_t small = 0;
      switch (duckdb_decimal_internal_type(type)) {
        case DUCKDB_TYPE_SMALLINT: small = Data<int16_t>(vector, row); break;
        case DUCKDB_TYPE_INTEGER: small = Data<int32_t>(vector, row); break;
        case DUCKDB_TYPE_BIGINT: small = Data<int64_t>(vector, row); break;
        default: {
          bool negative = false;
          std::string digits = HugeToString(Data<duckdb_hugeint>(vector, row), negative);
          v.text = DecimalText(digits, negative, scale);
          return v;
        }
      }
      const uint64_t magnitude =
          small < 0 ? static_cast<uint64_t>(-(small + 1)) + 1 : static_cast<uint64_t>(small);
      v.text = DecimalText(std::to_string(magnitude), small < 0, scale);
      break;
    }
    case DUCKDB_TYPE_VARCHAR:
      v.kind = K::kString;
      v.text = StringOf(static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector)) + row);
      break;
    case DUCKDB_TYPE_BLOB:
      v.kind = K::kBinary;
      v.text = StringOf(static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector)) + row);
      break;
    case DUCKDB_TYPE_DATE: v.kind = K::kDate, v.integer = Data<int32_t>(vector, row); break;
    case DUCKDB_TYPE_TIME: v.kind = K::kTime, v.integer = Data<int64_t>(vector, row); break;
    case DUCKDB_TYPE_TIMESTAMP:
      v.kind = K::kDatetime, v.integer = Data<int64_t>(vector, row);
      break;
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      v.kind = K::kDatetime, v.integer = Data<int64_t>(vector, row), v.utc = true;
      break;
    case DUCKDB_TYPE_TIMESTAMP_S:
      v.kind = K::kDatetime, v.integer = Data<int64_t>(vector, row) * 1000000;
      break;
    case DUCKDB_TYPE_TIMESTAMP_MS:
      v.kind = K::kDatetime, v.integer = Data<int64_t>(vector, row) * 1000;
      break;
    case DUCKDB_TYPE_TIMESTAMP_NS:
      v.kind = K::kDatetime, v.integer = FloorDiv(Data<int64_t>(vector, row), 1000);
      break;
    case DUCKDB_TYPE_INTERVAL: {
      const auto interval = Data<duckdb_interval>(vector, row);
      v.kind = K::kDuration;
      v.months = interval.months, v.days = interval.days, v.integer = interval.micros;
      break;
    }
    case DUCKDB_TYPE_UUID: {
      // Stored as a hugeint with the top bit flipped so that ordering matches the text.
      const auto h = Data<duckdb_hugeint>(vector, row);
      const uint64_t upper = static_cast<uint64_t>(h.upper) ^ (uint64_t{1} << 63);
      char buf[40];
      std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx",
                    static_cast<unsigned long long>(upper >> 32),
                    static_cast<unsigned long long>((upper >> 16) & 0xffff),
                    static_cast<unsigned long long>(upper & 0xffff),
                    static_cast<unsigned long long>(h.lower >> 48),
                    static_cast<unsigned long long>(h.lower & 0xffffffffffffULL));
      v.kind = K::kString;
      v.text = buf;
      break;
    }
    case DUCKDB_TYPE_ENUM: {
      idx_t index = 0;
      switch (duckdb_enum_internal_type(type)) {
        case DUCKDB_TYPE_UTINYINT: index = Data<uint8_t>(vector, row); break;
        case DUCKDB_TYPE_USMALLINT: index = Data<uint16_t>(vector, row); break;
        default: index = Data<uint32_t>(vector, row);
      }
      char* text = duckdb_enum_dictionary_value(type, index);
      v.kind = K::kString;
      v.text = text;
      duckdb_free(text);
      break;
    }
    case DUCKDB_TYPE_LIST:
    case DUCKDB_TYPE_MAP: {
      const auto entry = Data<duckdb_list_entry>(vector, row);
      duckdb_vector child = duckdb_list_vector_get_child(vector);
      LogicalType child_type(duckdb_list_type_child_type(type));
      v.kind = K::kList;
      v.items.reserve(entry.length);
      for (idx_t i = 0; i < entry.length; ++i) {
        v.items.push_back(ReadValue(child, child_type.type, entry.offset + i));
      }
      break;
    }
    case DUCKDB_TYPE_ARRAY: {
      const idx_t size = duckdb_array_type_array_size(type);
      duckdb_vector child = duckdb_array_vector_get_child(vector);
      LogicalType child_type(duckdb_array_type_child_type(type));
      v.kind = K::kList;
      for (idx_t i = 0; i < size; ++i) {
        v.items.push_back(ReadValue(child, child_type.type, row * size + i));
      }
      break;
    }
    case DUCKDB_TYPE_STRUCT: {
      const idx_t count = duckdb_struct_type_child_count(type);
      v.kind = K::kStruct;
      for (idx_t i = 0; i < count; ++i) {
        char* name = duckdb_struct_type_child_name(type, i);
        v.names.emplace_back(name);
        duckdb_free(name);
        LogicalType child_type(duckdb_struct_type_child_type(type, i));
        v.items.push_back(
            ReadValue(duckdb_struct_vector_get_child(vector, i), child_type.type, row));
      }
      break;
    }
    default:
      throw Error(ErrorCode::kUnsupported,
                  "a result column has a DuckDB type that cannot be returned yet (type id " +
                      std::to_string(static_cast<int>(duckdb_get_type_id(type))) +
                      "); cast it to String first");
  }
  return v;
}

}  // namespace ff::frame

namespace ff {

std::string Value::ToString() const {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kBool: return boolean ? "true" : "false";
    case Kind::kInt: return std::to_string(integer);
    case Kind::kUInt: return std::to_string(unsigned_integer);
    case Kind::kDouble: {
      if (std::isnan(floating)) return "NaN";
      if (std::isinf(floating)) return floating > 0 ? "inf" : "-inf";
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.15g", floating);
      std::string out = buf;
      if (out.find_first_of(".en") == std::string::npos) out += ".0";
      return out;
    }
    case Kind::kString:
    case Kind::kDecimal: return text;
    case Kind::kBinary: {
      std::string out = "b\"";
      for (unsigned char c : text) {
        char buf[8];
        std::snprintf(buf, sizeof buf, c >= 32 && c < 127 ? "%c" : "\\x%02x", c);
        out += buf;
      }
      return out + "\"";
    }
    case Kind::kDate: return frame::FormatDate(integer);
    case Kind::kTime: return frame::FormatTime(integer);
    case Kind::kDatetime: return frame::FormatDatetime(integer) + (utc ? " UTC" : "");
    case Kind::kDuration: {
      std::string out;
      if (months) out += std::to_string(months) + "mo";
      if (days) out += std::to_string(days) + "d";
      if (integer || out.empty()) {
        if (integer % 1000000 == 0) {
          out += std::to_string(integer / 1000000) + "s";
        } else {
          out += std::to_string(integer) + "µs";
        }
      }
      return out;
    }
    case Kind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += items[i].kind == Kind::kString ? "\"" + items[i].text + "\"" : items[i].ToString();
      }
      return out + "]";
    }
    case Kind::kStruct: {
      std::string out = "{";
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ",";
        out += items[i].kind == Kind::kString ? "\"" + items[i].text + "\"" : items[i].ToString();
      }
      return out + "}";
    }
  }
  return "";
}

bool Value::operator==(const Value& o) const {
  return kind == o.kind && boolean == o.boolean && integer == o.integer &&
         unsigned_integer == o.unsigned_integer &&
         (floating == o.floating || (std::isnan(floating) && std::isnan(o.floating))) &&
         months == o.months && days == o.days && utc == o.utc && text == o.text &&
         items == o.items && names == o.names;
}

}  // namespace ff
