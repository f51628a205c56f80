#include "drivers/postgres/pg_types.hpp"

#include <utility>

namespace ff::drivers::postgres {
namespace {

// Array type OID -> element type OID, for the element types the codec handles.
PgOid ElementOfArray(PgOid array_oid) {
  switch (array_oid) {
    case 1000: return oid::kBool;
    case 1001: return oid::kBytea;
    case 1002: return oid::kChar;
    case 1003: return oid::kName;
    case 1005: return oid::kInt2;
    case 1007: return oid::kInt4;
    case 1016: return oid::kInt8;
    case 1009: return oid::kText;
    case 199: return oid::kJson;
    case 1021: return oid::kFloat4;
    case 1022: return oid::kFloat8;
    case 1014: return oid::kBpchar;
    case 1015: return oid::kVarchar;
    case 1182: return oid::kDate;
    case 1183: return oid::kTime;
    case 1115: return oid::kTimestamp;
    case 1185: return oid::kTimestampTz;
    case 1187: return oid::kInterval;
    case 1231: return oid::kNumeric;
    case 2951: return oid::kUuid;
    case 3807: return oid::kJsonb;
    default: return 0;
  }
}

PgOid ArrayOf(PgOid element_oid) {
  for (PgOid array = 0; array < 4000; ++array) {
    if (ElementOfArray(array) == element_oid) return array;
  }
  return 0;
}

// numeric's typmod is ((precision << 16) | scale) + 4; the scale is an 11-bit signed field.
constexpr int kVarHeader = 4;

std::optional<PgColumnType> ScalarFor(PgOid type_oid, int typmod) {
  PgColumnType type;
  type.element_oid = type_oid;
  switch (type_oid) {
    case oid::kBool: type.kind = PgKind::kBool; break;
    case oid::kInt2: type.kind = PgKind::kInt2; break;
    case oid::kInt4: type.kind = PgKind::kInt4; break;
    case oid::kInt8: type.kind = PgKind::kInt8; break;
    case oid::kFloat4: type.kind = PgKind::kFloat4; break;
    case oid::kFloat8: type.kind = PgKind::kFloat8; break;
    case oid::kText:
    case oid::kVarchar:
    case oid::kBpchar:
    case oid::kName:
    case oid::kChar:
    case oid::kJson: type.kind = PgKind::kText; break;
    case oid::kJsonb: type.kind = PgKind::kJsonb; break;
    case oid::kBytea: type.kind = PgKind::kBytea; break;
    case oid::kDate: type.kind = PgKind::kDate; break;
    case oid::kTime: type.kind = PgKind::kTime; break;
    case oid::kTimestamp: type.kind = PgKind::kTimestamp; break;
    case oid::kTimestampTz: type.kind = PgKind::kTimestampTz; break;
    case oid::kInterval: type.kind = PgKind::kInterval; break;
    case oid::kUuid: type.kind = PgKind::kUuid; break;
    case oid::kNumeric: {
      type.kind = PgKind::kNumericDouble;
      if (typmod >= kVarHeader) {
        const int precision = ((typmod - kVarHeader) >> 16) & 0xffff;
        const int scale = (((typmod - kVarHeader) & 0x7ff) ^ 1024) - 1024;
        if (precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision) {
          type.kind = PgKind::kNumericDecimal;
          type.width = static_cast<uint8_t>(precision);
          type.scale = static_cast<uint8_t>(scale);
        }
      }
      break;
    }
    default: return std::nullopt;
  }
  return type;
}

duckdb_type DuckIdFor(PgKind kind) {
  switch (kind) {
    case PgKind::kBool: return DUCKDB_TYPE_BOOLEAN;
    case PgKind::kInt2: return DUCKDB_TYPE_SMALLINT;
    case PgKind::kInt4: return DUCKDB_TYPE_INTEGER;
    case PgKind::kInt8: return DUCKDB_TYPE_BIGINT;
    case PgKind::kFloat4: return DUCKDB_TYPE_FLOAT;
    case PgKind::kFloat8:
    case PgKind::kNumericDouble: return DUCKDB_TYPE_DOUBLE;
    case PgKind::kBytea: return DUCKDB_TYPE_BLOB;
    case PgKind::kDate: return DUCKDB_TYPE_DATE;
    case PgKind::kTime: return DUCKDB_TYPE_TIME;
    case PgKind::kTimestamp: return DUCKDB_TYPE_TIMESTAMP;
    case PgKind::kTimestampTz: return DUCKDB_TYPE_TIMESTAMP_TZ;
    case PgKind::kInterval: return DUCKDB_TYPE_INTERVAL;
    case PgKind::kUuid: return DUCKDB_TYPE_UUID;
    case PgKind::kNumericDecimal: return DUCKDB_TYPE_DECIMAL;
    case PgKind::kNumericText:
    case PgKind::kText:
    case PgKind::kJsonb: return DUCKDB_TYPE_VARCHAR;
  }
  return DUCKDB_TYPE_VARCHAR;
}

}  // namespace

std::string DuckSqlFor(const PgColumnType& type) {
  std::string name;
  switch (type.kind) {
    case PgKind::kBool: name = "BOOLEAN"; break;
    case PgKind::kInt2: name = "SMALLINT"; break;
    case PgKind::kInt4: name = "INTEGER"; break;
    case PgKind::kInt8: name = "BIGINT"; break;
    case PgKind::kFloat4: name = "FLOAT"; break;
    case PgKind::kFloat8:
    case PgKind::kNumericDouble: name = "DOUBLE"; break;
    case PgKind::kBytea: name = "BLOB"; break;
    case PgKind::kDate: name = "DATE"; break;
    case PgKind::kTime: name = "TIME"; break;
    case PgKind::kTimestamp: name = "TIMESTAMP"; break;
    case PgKind::kTimestampTz: name = "TIMESTAMPTZ"; break;
    case PgKind::kInterval: name = "INTERVAL"; break;
    case PgKind::kUuid: name = "UUID"; break;
    case PgKind::kNumericDecimal:
      name = "DECIMAL(" + std::to_string(type.width) + "," + std::to_string(type.scale) + ")";
      break;
    case PgKind::kNumericText:
    case PgKind::kText:
    case PgKind::kJsonb: name = "VARCHAR"; break;
  }
  return type.is_array ? name + "[]" : name;
}

namespace {

PgWriteType Made(PgColumnType codec, PgOid scalar_oid, std::string sql) {
  PgWriteType out;
  codec.element_oid = scalar_oid;
  out.type_oid = codec.is_array ? ArrayOf(scalar_oid) : scalar_oid;
  out.sql = codec.is_array ? sql + "[]" : std::move(sql);
  out.duck_cast = DuckSqlFor(codec);
  out.codec = codec;
  return out;
}

std::optional<PgWriteType> ScalarWriteType(duckdb_logical_type type, bool is_array) {
  PgColumnType codec;
  codec.is_array = is_array;
  auto with = [&](PgKind kind, PgOid scalar_oid, const char* sql) {
    codec.kind = kind;
    return Made(codec, scalar_oid, sql);
  };
  switch (duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_BOOLEAN: return with(PgKind::kBool, oid::kBool, "boolean");
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_SMALLINT: return with(PgKind::kInt2, oid::kInt2, "smallint");
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_INTEGER: return with(PgKind::kInt4, oid::kInt4, "integer");
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_BIGINT: return with(PgKind::kInt8, oid::kInt8, "bigint");
    case DUCKDB_TYPE_UBIGINT: {
      codec.kind = PgKind::kNumericDecimal;
      codec.width = 20;
      codec.scale = 0;
      return Made(codec, oid::kNumeric, "numeric(20,0)");
    }
    case DUCKDB_TYPE_HUGEINT:
    case DUCKDB_TYPE_UHUGEINT:
      // 39 digits do not fit DECIMAL(38): the digits travel as text, exactly.
      return with(PgKind::kNumericText, oid::kNumeric, "numeric(39,0)");
    case DUCKDB_TYPE_DECIMAL: {
      codec.kind = PgKind::kNumericDecimal;
      codec.width = duckdb_decimal_width(type);
      codec.scale = duckdb_decimal_scale(type);
      return Made(
          codec, oid::kNumeric,
          "numeric(" + std::to_string(codec.width) + "," + std::to_string(codec.scale) + ")");
    }
    case DUCKDB_TYPE_FLOAT: return with(PgKind::kFloat4, oid::kFloat4, "real");
    case DUCKDB_TYPE_DOUBLE: return with(PgKind::kFloat8, oid::kFloat8, "double precision");
    case DUCKDB_TYPE_VARCHAR: {
      char* alias = duckdb_logical_type_get_alias(type);
      const bool json = alias && std::string(alias) == "JSON";
      duckdb_free(alias);
      if (json) return with(PgKind::kJsonb, oid::kJsonb, "jsonb");
      return with(PgKind::kText, oid::kText, "text");
    }
    case DUCKDB_TYPE_ENUM: return with(PgKind::kText, oid::kText, "text");
    case DUCKDB_TYPE_BLOB: return with(PgKind::kBytea, oid::kBytea, "bytea");
    case DUCKDB_TYPE_DATE: return with(PgKind::kDate, oid::kDate, "date");
    case DUCKDB_TYPE_TIME: return with(PgKind::kTime, oid::kTime, "time");
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_S:
    case DUCKDB_TYPE_TIMESTAMP_MS:
    case DUCKDB_TYPE_TIMESTAMP_NS: return with(PgKind::kTimestamp, oid::kTimestamp, "timestamp");
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return with(PgKind::kTimestampTz, oid::kTimestampTz, "timestamptz");
    case DUCKDB_TYPE_INTERVAL: return with(PgKind::kInterval, oid::kInterval, "interval");
    case DUCKDB_TYPE_UUID: return with(PgKind::kUuid, oid::kUuid, "uuid");
    default: return std::nullopt;
  }
}

}  // namespace

PgColumnType ReadTypeFor(PgOid type_oid, int typmod) {
  if (auto scalar = ScalarFor(type_oid, typmod)) return *scalar;
  if (const PgOid element = ElementOfArray(type_oid)) {
    if (auto scalar = ScalarFor(element, typmod)) {
      scalar->is_array = true;
      return *scalar;
    }
  }
  PgColumnType text;
  text.kind = PgKind::kText;
  text.cast_to_text = true;
  text.element_oid = oid::kText;
  return text;
}

duckdb_logical_type DuckTypeFor(const PgColumnType& type) {
  duckdb_logical_type scalar = type.kind == PgKind::kNumericDecimal
                                   ? duckdb_create_decimal_type(type.width, type.scale)
                                   : duckdb_create_logical_type(DuckIdFor(type.kind));
  if (!type.is_array) return scalar;
  duckdb_logical_type list = duckdb_create_list_type(scalar);
  duckdb_destroy_logical_type(&scalar);
  return list;
}

std::optional<PgWriteType> WriteTypeFor(duckdb_logical_type type) {
  if (duckdb_get_type_id(type) != DUCKDB_TYPE_LIST) return ScalarWriteType(type, false);
  duckdb_logical_type child = duckdb_list_type_child_type(type);
  auto result =
      duckdb_get_type_id(child) == DUCKDB_TYPE_LIST ? std::nullopt : ScalarWriteType(child, true);
  duckdb_destroy_logical_type(&child);
  return result;
}

std::optional<PgWriteType> WriteTypeForTarget(PgOid type_oid, int typmod) {
  PgColumnType codec = ReadTypeFor(type_oid, typmod);
  if (codec.cast_to_text) return std::nullopt;
  const PgOid scalar = codec.element_oid;
  if (codec.kind == PgKind::kNumericDouble) codec.kind = PgKind::kNumericText;  // keep digits
  PgWriteType out = Made(codec, scalar, "");
  out.type_oid = type_oid;
  return out;
}

std::string DuckTypeName(duckdb_logical_type type) {
  switch (duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_STRUCT: return "STRUCT";
    case DUCKDB_TYPE_MAP: return "MAP";
    case DUCKDB_TYPE_UNION: return "UNION";
    case DUCKDB_TYPE_ARRAY: return "ARRAY";
    case DUCKDB_TYPE_BIT: return "BIT";
    case DUCKDB_TYPE_TIME_TZ: return "TIMETZ";
    case DUCKDB_TYPE_LIST: {
      duckdb_logical_type child = duckdb_list_type_child_type(type);
      std::string name = DuckTypeName(child) + "[]";
      duckdb_destroy_logical_type(&child);
      return name;
    }
    default: {
      auto write = ScalarWriteType(type, false);
      return write ? write->duck_cast : "type #" + std::to_string(duckdb_get_type_id(type));
    }
  }
}

}  // namespace ff::drivers::postgres
