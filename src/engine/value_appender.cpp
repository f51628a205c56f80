// Values -> DuckDB values shaped for the target column, appended row by row.
#include "engine/value_appender.hpp"

#include "engine/owned_type.hpp"
#include "flowfile/errors.hpp"

namespace ff::engine {
namespace {

// Owns a duckdb_value.
struct OwnedValue {
  duckdb_value value = nullptr;
  explicit OwnedValue(duckdb_value v) : value(v) {}
  ~OwnedValue() {
    if (value) duckdb_destroy_value(&value);
  }
  OwnedValue(OwnedValue&& o) noexcept : value(o.value) { o.value = nullptr; }
  OwnedValue(const OwnedValue&) = delete;
  OwnedValue& operator=(const OwnedValue&) = delete;
};

// A duckdb_value for `v` shaped for a column of `type` (nested values must match exactly).
duckdb_value MakeValue(const Value& v, duckdb_logical_type type) {
  using K = Value::Kind;
  const duckdb_type id = duckdb_get_type_id(type);
  switch (v.kind) {
    case K::kNull: return duckdb_create_null_value();
    case K::kBool: return duckdb_create_bool(v.boolean);
    case K::kInt:
      if (id == DUCKDB_TYPE_DOUBLE || id == DUCKDB_TYPE_FLOAT) {
        return duckdb_create_double(static_cast<double>(v.integer));
      }
      return duckdb_create_int64(v.integer);
    case K::kUInt: return duckdb_create_uint64(v.unsigned_integer);
    case K::kDouble: return duckdb_create_double(v.floating);
    case K::kString:
    case K::kDecimal: return duckdb_create_varchar_length(v.text.data(), v.text.size());
    case K::kBinary:
      return duckdb_create_blob(reinterpret_cast<const uint8_t*>(v.text.data()), v.text.size());
    case K::kDate: return duckdb_create_date(duckdb_date{static_cast<int32_t>(v.integer)});
    case K::kTime: return duckdb_create_time(duckdb_time{v.integer});
    case K::kDatetime:
      return v.utc ? duckdb_create_timestamp_tz(duckdb_timestamp{v.integer})
                   : duckdb_create_timestamp(duckdb_timestamp{v.integer});
    case K::kDuration: return duckdb_create_interval(duckdb_interval{v.months, v.days, v.integer});
    case K::kList: {
      OwnedType child(duckdb_list_type_child_type(type));
      std::vector<OwnedValue> owned;
      std::vector<duckdb_value> raw;
      for (const Value& item : v.items) {
        owned.emplace_back(MakeValue(item, child.type));
        raw.push_back(owned.back().value);
      }
      // The C API refuses a null array (an empty vector's data()) and returns no value.
      duckdb_value none = nullptr;
      return duckdb_create_list_value(child.type, raw.empty() ? &none : raw.data(), raw.size());
    }
    case K::kStruct: {
      std::vector<OwnedValue> owned;
      std::vector<duckdb_value> raw;
      const idx_t count = duckdb_struct_type_child_count(type);
      for (idx_t i = 0; i < count; ++i) {
        OwnedType child(duckdb_struct_type_child_type(type, i));
        owned.emplace_back(i < v.items.size() ? MakeValue(v.items[i], child.type)
                                              : duckdb_create_null_value());
        raw.push_back(owned.back().value);
      }
      return duckdb_create_struct_value(type, raw.data());
    }
  }
  return duckdb_create_null_value();
}

}  // namespace

std::string AppendValues(Connection& connection, const std::string& table,
                         const std::vector<std::pair<std::string, std::vector<Value>>>& columns) {
  const size_t height = columns.empty() ? 0 : columns[0].second.size();
  duckdb_appender appender = nullptr;
  if (duckdb_appender_create(connection.raw(), nullptr, table.c_str(), &appender) !=
      DuckDBSuccess) {
    duckdb_appender_destroy(&appender);
    throw Error(ErrorCode::kEngine, "could not open an appender for the input table");
  }
  std::vector<duckdb_logical_type> column_types;
  for (idx_t c = 0; c < columns.size(); ++c) {
    column_types.push_back(duckdb_appender_column_type(appender, c));
  }
  std::string failure;
  for (size_t row = 0; row < height && failure.empty(); ++row) {
    for (size_t c = 0; c < columns.size(); ++c) {
      OwnedValue value(MakeValue(columns[c].second[row], column_types[c]));
      if (duckdb_append_value(appender, value.value) != DuckDBSuccess) {
        const char* message = duckdb_appender_error(appender);
        failure = "column '" + columns[c].first + "', row " + std::to_string(row) + ": " +
                  (message ? message : "value does not fit the column type");
        break;
      }
    }
    if (failure.empty() && duckdb_appender_end_row(appender) != DuckDBSuccess) {
      const char* message = duckdb_appender_error(appender);
      failure = "row " + std::to_string(row) + ": " + (message ? message : "append failed");
    }
  }
  if (failure.empty() && duckdb_appender_close(appender) != DuckDBSuccess) {
    const char* message = duckdb_appender_error(appender);
    failure = message ? message : "append failed";
  }
  for (auto& t : column_types) duckdb_destroy_logical_type(&t);
  duckdb_appender_destroy(&appender);
  return failure;
}

}  // namespace ff::engine
