#include "drivers/postgres/pg_encode.hpp"

#include <limits>

#include "drivers/postgres/pg_numeric.hpp"
#include "drivers/postgres/pg_wire.hpp"

namespace ff::drivers::postgres {
namespace {

int32_t DateToPg(int32_t days) {
  if (days == std::numeric_limits<int32_t>::max()) return days;
  if (days == -std::numeric_limits<int32_t>::max()) return std::numeric_limits<int32_t>::min();
  return days - wire::kEpochDays;
}

int64_t TimestampToPg(int64_t micros) {
  if (micros == std::numeric_limits<int64_t>::max()) return micros;
  if (micros == -std::numeric_limits<int64_t>::max()) return std::numeric_limits<int64_t>::min();
  return micros - wire::kEpochMicros;
}

Int128 LoadDecimal(const void* values, idx_t row, uint8_t width) {
  if (width <= 4) return static_cast<const int16_t*>(values)[row];
  if (width <= 9) return static_cast<const int32_t*>(values)[row];
  if (width <= 18) return static_cast<const int64_t*>(values)[row];
  const duckdb_hugeint huge = static_cast<const duckdb_hugeint*>(values)[row];
  return (static_cast<Int128>(huge.upper) << 64) | static_cast<Int128>(huge.lower);
}

std::string_view LoadString(const void* values, idx_t row) {
  auto* strings = const_cast<duckdb_string_t*>(static_cast<const duckdb_string_t*>(values));
  return {duckdb_string_t_data(&strings[row]), duckdb_string_t_length(strings[row])};
}

// Appends one value: int32 length, then its bytes.
void AppendScalar(const PgColumnType& type, const void* values, idx_t row, std::string& out) {
  switch (type.kind) {
    case PgKind::kBool:
      wire::Append<int32_t>(out, 1);
      out.push_back(static_cast<const bool*>(values)[row] ? 1 : 0);
      return;
    case PgKind::kInt2:
      wire::Append<int32_t>(out, 2);
      wire::Append<int16_t>(out, static_cast<const int16_t*>(values)[row]);
      return;
    case PgKind::kInt4:
      wire::Append<int32_t>(out, 4);
      wire::Append<int32_t>(out, static_cast<const int32_t*>(values)[row]);
      return;
    case PgKind::kInt8:
      wire::Append<int32_t>(out, 8);
      wire::Append<int64_t>(out, static_cast<const int64_t*>(values)[row]);
      return;
    case PgKind::kFloat4:
      wire::Append<int32_t>(out, 4);
      wire::Append<float>(out, static_cast<const float*>(values)[row]);
      return;
    case PgKind::kFloat8:
    case PgKind::kNumericDouble:
      wire::Append<int32_t>(out, 8);
      wire::Append<double>(out, static_cast<const double*>(values)[row]);
      return;
    case PgKind::kNumericDecimal:
    case PgKind::kNumericText: {
      const size_t length_at = out.size();
      wire::Append<int32_t>(out, 0);
      if (type.kind == PgKind::kNumericText) {
        AppendNumericFromText(LoadString(values, row), out);
      } else {
        AppendNumericFromText(ScaledToText(LoadDecimal(values, row, type.width), type.scale), out);
      }
      wire::Patch32(out, length_at, static_cast<int32_t>(out.size() - length_at - 4));
      return;
    }
    case PgKind::kText:
    case PgKind::kBytea: {
      const std::string_view text = LoadString(values, row);
      wire::Append<int32_t>(out, static_cast<int32_t>(text.size()));
      out.append(text);
      return;
    }
    case PgKind::kJsonb: {
      const std::string_view text = LoadString(values, row);
      wire::Append<int32_t>(out, static_cast<int32_t>(text.size() + 1));
      out.push_back(1);  // jsonb's binary format version
      out.append(text);
      return;
    }
    case PgKind::kDate:
      wire::Append<int32_t>(out, 4);
      wire::Append<int32_t>(out, DateToPg(static_cast<const duckdb_date*>(values)[row].days));
      return;
    case PgKind::kTime:
      wire::Append<int32_t>(out, 8);
      wire::Append<int64_t>(out, static_cast<const duckdb_time*>(values)[row].micros);
      return;
    case PgKind::kTimestamp:
    case PgKind::kTimestampTz:
      wire::Append<int32_t>(out, 8);
      wire::Append<int64_t>(
          out, TimestampToPg(static_cast<const duckdb_timestamp*>(values)[row].micros));
      return;
    case PgKind::kInterval: {
      const duckdb_interval interval = static_cast<const duckdb_interval*>(values)[row];
      wire::Append<int32_t>(out, 16);
      wire::Append<int64_t>(out, interval.micros);
      wire::Append<int32_t>(out, interval.days);
      wire::Append<int32_t>(out, interval.months);
      return;
    }
    case PgKind::kUuid: {
      const duckdb_hugeint huge = static_cast<const duckdb_hugeint*>(values)[row];
      wire::Append<int32_t>(out, 16);
      wire::Append<uint64_t>(out, static_cast<uint64_t>(huge.upper) ^ (uint64_t{1} << 63));
      wire::Append<uint64_t>(out, huge.lower);
      return;
    }
  }
}

bool IsValid(const uint64_t* validity, idx_t row) {
  return !validity || (validity[row / 64] >> (row % 64)) & 1;
}

}  // namespace

void ColumnEncoder::Bind(duckdb_vector vector) {
  values_ = duckdb_vector_get_data(vector);
  validity_ = duckdb_vector_get_validity(vector);
  if (type_.is_array) {
    duckdb_vector child = duckdb_list_vector_get_child(vector);
    child_values_ = duckdb_vector_get_data(child);
    child_validity_ = duckdb_vector_get_validity(child);
  }
}

void ColumnEncoder::Append(idx_t row, std::string& out) const {
  if (!IsValid(validity_, row)) {
    wire::Append<int32_t>(out, -1);
    return;
  }
  if (!type_.is_array) return AppendScalar(type_, values_, row, out);

  // Array: ndim, has-nulls, element OID, (size, lower bound 1), then the elements.
  const duckdb_list_entry entry = static_cast<const duckdb_list_entry*>(values_)[row];
  const size_t length_at = out.size();
  wire::Append<int32_t>(out, 0);
  bool has_nulls = false;
  for (idx_t i = 0; i < entry.length; ++i)
    has_nulls = has_nulls || !IsValid(child_validity_, entry.offset + i);
  wire::Append<int32_t>(out, entry.length == 0 ? 0 : 1);
  wire::Append<int32_t>(out, has_nulls ? 1 : 0);
  wire::Append<uint32_t>(out, type_.element_oid);
  if (entry.length > 0) {
    wire::Append<int32_t>(out, static_cast<int32_t>(entry.length));
    wire::Append<int32_t>(out, 1);
    for (idx_t i = 0; i < entry.length; ++i) {
      const idx_t slot = entry.offset + i;
      if (!IsValid(child_validity_, slot)) {
        wire::Append<int32_t>(out, -1);
      } else {
        AppendScalar(type_, child_values_, slot, out);
      }
    }
  }
  wire::Patch32(out, length_at, static_cast<int32_t>(out.size() - length_at - 4));
}

}  // namespace ff::drivers::postgres
