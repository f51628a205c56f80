#include "engine/logical_type_name.hpp"

#include "engine/engine.hpp"
#include "engine/owned_type.hpp"

namespace ff::engine {

namespace {

std::string TakeString(char* text) {
  std::string out = text ? text : "";
  duckdb_free(text);
  return out;
}

}  // namespace

std::string LogicalTypeName(duckdb_logical_type type) {
  switch (duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_BOOLEAN: return "BOOLEAN";
    case DUCKDB_TYPE_TINYINT: return "TINYINT";
    case DUCKDB_TYPE_SMALLINT: return "SMALLINT";
    case DUCKDB_TYPE_INTEGER: return "INTEGER";
    case DUCKDB_TYPE_BIGINT: return "BIGINT";
    case DUCKDB_TYPE_UTINYINT: return "UTINYINT";
    case DUCKDB_TYPE_USMALLINT: return "USMALLINT";
    case DUCKDB_TYPE_UINTEGER: return "UINTEGER";
    case DUCKDB_TYPE_UBIGINT: return "UBIGINT";
    case DUCKDB_TYPE_HUGEINT: return "HUGEINT";
    case DUCKDB_TYPE_UHUGEINT: return "UHUGEINT";
    case DUCKDB_TYPE_FLOAT: return "FLOAT";
    case DUCKDB_TYPE_DOUBLE: return "DOUBLE";
    case DUCKDB_TYPE_VARCHAR: return "VARCHAR";
    case DUCKDB_TYPE_BLOB: return "BLOB";
    case DUCKDB_TYPE_DATE: return "DATE";
    case DUCKDB_TYPE_TIME: return "TIME";
    case DUCKDB_TYPE_TIME_TZ: return "TIME WITH TIME ZONE";
    case DUCKDB_TYPE_TIMESTAMP: return "TIMESTAMP";
    case DUCKDB_TYPE_TIMESTAMP_TZ: return "TIMESTAMP WITH TIME ZONE";
    case DUCKDB_TYPE_TIMESTAMP_S: return "TIMESTAMP_S";
    case DUCKDB_TYPE_TIMESTAMP_MS: return "TIMESTAMP_MS";
    case DUCKDB_TYPE_TIMESTAMP_NS: return "TIMESTAMP_NS";
    case DUCKDB_TYPE_INTERVAL: return "INTERVAL";
    case DUCKDB_TYPE_UUID: return "UUID";
    case DUCKDB_TYPE_BIT: return "BIT";
    case DUCKDB_TYPE_SQLNULL: return "\"NULL\"";
    case DUCKDB_TYPE_DECIMAL:
      return "DECIMAL(" + std::to_string(duckdb_decimal_width(type)) + "," +
             std::to_string(duckdb_decimal_scale(type)) + ")";
    case DUCKDB_TYPE_ENUM: {
      std::string out = "ENUM(";
      const uint32_t size = duckdb_enum_dictionary_size(type);
      for (uint32_t i = 0; i < size; ++i) {
        out += (i ? ", " : "") + Quote(TakeString(duckdb_enum_dictionary_value(type, i)));
      }
      return out + ")";
    }
    case DUCKDB_TYPE_LIST: {
      OwnedType child(duckdb_list_type_child_type(type));
      return LogicalTypeName(child.type) + "[]";
    }
    case DUCKDB_TYPE_ARRAY: {
      OwnedType child(duckdb_array_type_child_type(type));
      return LogicalTypeName(child.type) + "[" +
             std::to_string(duckdb_array_type_array_size(type)) + "]";
    }
    case DUCKDB_TYPE_MAP: {
      OwnedType key(duckdb_map_type_key_type(type));
      OwnedType value(duckdb_map_type_value_type(type));
      return "MAP(" + LogicalTypeName(key.type) + ", " + LogicalTypeName(value.type) + ")";
    }
    case DUCKDB_TYPE_STRUCT: {
      std::string out = "STRUCT(";
      const idx_t count = duckdb_struct_type_child_count(type);
      for (idx_t i = 0; i < count; ++i) {
        OwnedType child(duckdb_struct_type_child_type(type, i));
        out += (i ? ", " : "") + Ident(TakeString(duckdb_struct_type_child_name(type, i))) + " " +
               LogicalTypeName(child.type);
      }
      return out + ")";
    }
    case DUCKDB_TYPE_UNION: {
      std::string out = "UNION(";
      const idx_t count = duckdb_union_type_member_count(type);
      for (idx_t i = 0; i < count; ++i) {
        OwnedType member(duckdb_union_type_member_type(type, i));
        out += (i ? ", " : "") + Ident(TakeString(duckdb_union_type_member_name(type, i))) + " " +
               LogicalTypeName(member.type);
      }
      return out + ")";
    }
    default: return "VARCHAR";
  }
}

}  // namespace ff::engine
