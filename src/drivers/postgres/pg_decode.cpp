#include "drivers/postgres/pg_decode.hpp"

#include <limits>
#include <string>

#include "drivers/postgres/pg_numeric.hpp"
#include "drivers/postgres/pg_wire.hpp"
#include "flowfile/errors.hpp"

namespace ff::drivers::postgres {
namespace {

[[noreturn]] void Malformed(const char* what) {
  throw Error(ErrorCode::kIo, std::string("postgresql: malformed binary COPY data (") + what + ")");
}

void Expect(int32_t length, int32_t size, const char* what) {
  if (length != size) Malformed(what);
}

void SetNull(duckdb_vector vector, uint64_t*& validity, idx_t row) {
  if (!validity) {
    duckdb_vector_ensure_validity_writable(vector);
    validity = duckdb_vector_get_validity(vector);
  }
  duckdb_validity_set_row_invalid(validity, row);
}

// DuckDB keeps +-infinity as the largest magnitudes; PostgreSQL uses INT_MAX / INT_MIN.
// PostgreSQL's own ranges are far inside DuckDB's; a value that is not is malformed.
int32_t DateFromPg(int32_t days) {
  if (days == std::numeric_limits<int32_t>::max()) return days;
  if (days == std::numeric_limits<int32_t>::min()) return -std::numeric_limits<int32_t>::max();
  int32_t out = 0;
  if (__builtin_add_overflow(days, wire::kEpochDays, &out) ||
      out == std::numeric_limits<int32_t>::max())
    Malformed("date out of range");
  return out;
}

int64_t TimestampFromPg(int64_t micros) {
  if (micros == std::numeric_limits<int64_t>::max()) return micros;
  if (micros == std::numeric_limits<int64_t>::min()) return -std::numeric_limits<int64_t>::max();
  int64_t out = 0;
  if (__builtin_add_overflow(micros, wire::kEpochMicros, &out) ||
      out == std::numeric_limits<int64_t>::max())
    Malformed("timestamp out of range");
  return out;
}

// The column's DECIMAL(width) holds fewer than 10^width units; a larger value would wrap.
void StoreDecimal(Int128 value, uint8_t width, void* values, idx_t row) {
  Int128 limit = 1;
  for (int i = 0; i < width; ++i) limit *= 10;
  if (value >= limit || value <= -limit) {
    throw Error(ErrorCode::kInvalidArgument,
                "postgresql: a numeric value has more digits than its column's DECIMAL(" +
                    std::to_string(width) + ") holds");
  }
  if (width <= 4) {
    static_cast<int16_t*>(values)[row] = static_cast<int16_t>(value);
  } else if (width <= 9) {
    static_cast<int32_t*>(values)[row] = static_cast<int32_t>(value);
  } else if (width <= 18) {
    static_cast<int64_t*>(values)[row] = static_cast<int64_t>(value);
  } else {
    duckdb_hugeint huge;
    huge.lower = static_cast<uint64_t>(value);
    huge.upper = static_cast<int64_t>(value >> 64);
    static_cast<duckdb_hugeint*>(values)[row] = huge;
  }
}

void WriteScalar(const PgColumnType& type, const char* p, int32_t n, duckdb_vector vector,
                 void* values, idx_t row) {
  switch (type.kind) {
    case PgKind::kBool:
      Expect(n, 1, "bool");
      static_cast<bool*>(values)[row] = p[0] != 0;
      break;
    case PgKind::kInt2:
      Expect(n, 2, "int2");
      static_cast<int16_t*>(values)[row] = wire::Read<int16_t>(p);
      break;
    case PgKind::kInt4:
      Expect(n, 4, "int4");
      static_cast<int32_t*>(values)[row] = wire::Read<int32_t>(p);
      break;
    case PgKind::kInt8:
      Expect(n, 8, "int8");
      static_cast<int64_t*>(values)[row] = wire::Read<int64_t>(p);
      break;
    case PgKind::kFloat4:
      Expect(n, 4, "float4");
      static_cast<float*>(values)[row] = wire::Read<float>(p);
      break;
    case PgKind::kFloat8:
      Expect(n, 8, "float8");
      static_cast<double*>(values)[row] = wire::Read<double>(p);
      break;
    case PgKind::kNumericDecimal:
      StoreDecimal(NumericToScaled(p, n, type.scale), type.width, values, row);
      break;
    case PgKind::kNumericDouble:
    case PgKind::kNumericText: static_cast<double*>(values)[row] = NumericToDouble(p, n); break;
    case PgKind::kText:
    case PgKind::kBytea:
      duckdb_vector_assign_string_element_len(vector, row, p, static_cast<idx_t>(n));
      break;
    case PgKind::kJsonb:
      if (n < 1 || p[0] != 1) Malformed("jsonb version");
      duckdb_vector_assign_string_element_len(vector, row, p + 1, static_cast<idx_t>(n - 1));
      break;
    case PgKind::kDate:
      Expect(n, 4, "date");
      static_cast<duckdb_date*>(values)[row].days = DateFromPg(wire::Read<int32_t>(p));
      break;
    case PgKind::kTime:
      Expect(n, 8, "time");
      static_cast<duckdb_time*>(values)[row].micros = wire::Read<int64_t>(p);
      break;
    case PgKind::kTimestamp:
    case PgKind::kTimestampTz:
      Expect(n, 8, "timestamp");
      static_cast<duckdb_timestamp*>(values)[row].micros = TimestampFromPg(wire::Read<int64_t>(p));
      break;
    case PgKind::kInterval: {
      Expect(n, 16, "interval");
      duckdb_interval interval;
      interval.micros = wire::Read<int64_t>(p);
      interval.days = wire::Read<int32_t>(p + 8);
      interval.months = wire::Read<int32_t>(p + 12);
      static_cast<duckdb_interval*>(values)[row] = interval;
      break;
    }
    case PgKind::kUuid: {
      Expect(n, 16, "uuid");
      // DuckDB stores a UUID as a HUGEINT with the top bit flipped, so that it sorts like text.
      duckdb_hugeint huge;
      huge.upper = static_cast<int64_t>(wire::Read<uint64_t>(p) ^ (uint64_t{1} << 63));
      huge.lower = wire::Read<uint64_t>(p + 8);
      static_cast<duckdb_hugeint*>(values)[row] = huge;
      break;
    }
  }
}

}  // namespace

void ColumnDecoder::Bind(duckdb_vector vector) {
  vector_ = vector;
  values_ = duckdb_vector_get_data(vector);
  validity_ = nullptr;
  list_size_ = 0;
  if (type_.is_array) duckdb_list_vector_set_size(vector_, 0);
}

void ColumnDecoder::Decode(const char* data, int32_t length, idx_t row) {
  if (!data) {
    SetNull(vector_, validity_, row);
    if (type_.is_array) static_cast<duckdb_list_entry*>(values_)[row] = {list_size_, 0};
    return;
  }
  if (type_.is_array) return DecodeArray(data, length, row);
  WriteScalar(type_, data, length, vector_, values_, row);
}

void ColumnDecoder::DecodeArray(const char* data, int32_t length, idx_t row) {
  // Array wire format: ndim, has-nulls flag, element OID, (size, lower bound) per dimension,
  // then each element as int32 length (-1 = NULL) and bytes.
  if (length < 12) Malformed("array header");
  const int32_t ndim = wire::Read<int32_t>(data);
  auto* entries = static_cast<duckdb_list_entry*>(values_);
  if (ndim == 0) {
    entries[row] = {list_size_, 0};
    return;
  }
  if (ndim != 1) {
    throw Error(ErrorCode::kUnsupported,
                "postgresql: a " + std::to_string(ndim) +
                    "-dimensional array cannot be read as a list; only 1-D arrays are "
                    "supported (unnest it or cast it to text in the query)");
  }
  if (length < 20) Malformed("array dimensions");
  const int32_t count = wire::Read<int32_t>(data + 12);
  // Every element takes at least its 4-byte length: a larger count is malformed, and is
  // refused before it can reserve memory for elements that are not there.
  if (count < 0 || count > (length - 20) / 4) Malformed("array size");
  const idx_t needed = list_size_ + static_cast<idx_t>(count);
  duckdb_list_vector_reserve(vector_, needed);
  duckdb_vector child = duckdb_list_vector_get_child(vector_);
  void* child_values = duckdb_vector_get_data(child);
  uint64_t* child_validity = nullptr;
  const char* at = data + 20;
  const char* end = data + length;
  for (int32_t i = 0; i < count; ++i) {
    if (end - at < 4) Malformed("array element");
    const int32_t size = wire::Read<int32_t>(at);
    at += 4;
    const idx_t slot = list_size_ + static_cast<idx_t>(i);
    if (size < 0) {
      SetNull(child, child_validity, slot);
      continue;
    }
    if (end - at < size) Malformed("array element");
    WriteScalar(type_, at, size, child, child_values, slot);
    at += size;
  }
  entries[row] = {list_size_, static_cast<idx_t>(count)};
  list_size_ = needed;
  duckdb_list_vector_set_size(vector_, list_size_);
}

}  // namespace ff::drivers::postgres
