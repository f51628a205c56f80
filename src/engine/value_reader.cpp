// Vector decoding follows duckdb.h's layouts: flat data arrays, a validity mask, duckdb_string_t
// for text and blobs, list entries (offset, length) into a child vector, one child vector per
// struct field, decimals stored as the narrowest integer that holds their width.
#include "engine/value_reader.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>

#include "engine/owned_type.hpp"
#include "flowfile/errors.hpp"
#include "util/calendar.hpp"

namespace ff::engine {

namespace {

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

}  // namespace

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
      v.kind = K::kDatetime, v.integer = calendar::FloorDiv(Data<int64_t>(vector, row), 1000);
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
      OwnedType child_type(duckdb_list_type_child_type(type));
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
      OwnedType child_type(duckdb_array_type_child_type(type));
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
        OwnedType child_type(duckdb_struct_type_child_type(type, i));
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

std::vector<std::vector<Value>> ChunkRows(duckdb_data_chunk chunk) {
  const idx_t count = duckdb_data_chunk_get_size(chunk);
  const idx_t columns = duckdb_data_chunk_get_column_count(chunk);
  std::vector<duckdb_vector> vectors(columns);
  std::vector<std::unique_ptr<OwnedType>> types;
  for (idx_t c = 0; c < columns; ++c) {
    vectors[c] = duckdb_data_chunk_get_vector(chunk, c);
    types.push_back(std::make_unique<OwnedType>(duckdb_vector_get_column_type(vectors[c])));
  }
  std::vector<std::vector<Value>> rows(count);
  for (idx_t r = 0; r < count; ++r) {
    rows[r].reserve(columns);
    for (idx_t c = 0; c < columns; ++c) rows[r].push_back(ReadValue(vectors[c], types[c]->type, r));
  }
  return rows;
}

}  // namespace ff::engine
