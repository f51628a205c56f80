#include "frame/table_loader.hpp"

#include <duckdb.h>

#include "engine/engine.hpp"
#include "flowfile/errors.hpp"

namespace ff::frame {

namespace {

const char* KindName(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kNull: return "Null";
    case Value::Kind::kBool: return "Boolean";
    case Value::Kind::kInt: return "Int64";
    case Value::Kind::kUInt: return "UInt64";
    case Value::Kind::kDouble: return "Float64";
    case Value::Kind::kString: return "String";
    case Value::Kind::kBinary: return "Binary";
    case Value::Kind::kDecimal: return "Decimal";
    case Value::Kind::kDate: return "Date";
    case Value::Kind::kTime: return "Time";
    case Value::Kind::kDatetime: return "Datetime";
    case Value::Kind::kDuration: return "Duration";
    case Value::Kind::kList: return "List";
    case Value::Kind::kStruct: return "Struct";
  }
  return "?";
}

size_t Scale(const std::string& decimal_text) {
  const auto dot = decimal_text.find('.');
  return dot == std::string::npos ? 0 : decimal_text.size() - dot - 1;
}

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

struct OwnedType {
  duckdb_logical_type type;
  explicit OwnedType(duckdb_logical_type t) : type(t) {}
  ~OwnedType() { duckdb_destroy_logical_type(&type); }
  OwnedType(const OwnedType&) = delete;
  OwnedType& operator=(const OwnedType&) = delete;
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

std::string InferDuckDbType(const std::string& column, const std::vector<Value>& values) {
  using K = Value::Kind;
  K kind = K::kNull;
  size_t first_row = 0, scale = 0;
  bool utc = false;
  std::vector<Value> items;
  const Value* first_struct = nullptr;
  for (size_t row = 0; row < values.size(); ++row) {
    const Value& v = values[row];
    if (v.kind == K::kNull) continue;
    if (v.kind == K::kDecimal) scale = std::max(scale, Scale(v.text));
    if (v.kind == K::kDatetime) utc = utc || v.utc;
    if (v.kind == K::kList) items.insert(items.end(), v.items.begin(), v.items.end());
    if (v.kind == K::kStruct && !first_struct) first_struct = &v;
    if (kind == K::kNull) {
      kind = v.kind, first_row = row;
      continue;
    }
    if (kind == v.kind) continue;
    const bool numbers = (kind == K::kInt || kind == K::kDouble || kind == K::kUInt) &&
                         (v.kind == K::kInt || v.kind == K::kDouble || v.kind == K::kUInt);
    if (numbers) {
      if (kind == K::kDouble || v.kind == K::kDouble) kind = K::kDouble;
      continue;
    }
    throw Error(ErrorCode::kInvalidArgument,
                "column '" + column + "' mixes " + KindName(kind) + " values (row " +
                    std::to_string(first_row) + ") and " + KindName(v.kind) + " values (row " +
                    std::to_string(row) + "); give one type, or a schema for the column");
  }
  switch (kind) {
    case K::kNull: return "INTEGER";  // Polars' Null column; DuckDB tables need a concrete type
    case K::kBool: return "BOOLEAN";
    case K::kInt: return "BIGINT";
    case K::kUInt: return "UBIGINT";
    case K::kDouble: return "DOUBLE";
    case K::kString: return "VARCHAR";
    case K::kBinary: return "BLOB";
    case K::kDecimal: return "DECIMAL(38," + std::to_string(scale) + ")";
    case K::kDate: return "DATE";
    case K::kTime: return "TIME";
    case K::kDatetime: return utc ? "TIMESTAMPTZ" : "TIMESTAMP";
    case K::kDuration: return "INTERVAL";
    case K::kList: return InferDuckDbType(column, items) + "[]";
    case K::kStruct: {
      std::string out = "STRUCT(";
      for (size_t i = 0; i < first_struct->names.size(); ++i) {
        std::vector<Value> field_values;
        for (const Value& v : values) {
          if (v.kind == K::kStruct && i < v.items.size()) field_values.push_back(v.items[i]);
        }
        out += (i ? ", " : "") + engine::Ident(first_struct->names[i]) + " " +
               InferDuckDbType(column + "." + first_struct->names[i], field_values);
      }
      return out + ")";
    }
  }
  return "VARCHAR";
}

std::shared_ptr<EngineTable> LoadValues(
    const std::vector<std::pair<std::string, std::vector<Value>>>& columns,
    const std::map<std::string, DataType>& types) {
  size_t height = columns.empty() ? 0 : columns[0].second.size();
  std::string ddl;
  for (const auto& [name, values] : columns) {
    if (values.size() != height) {
      throw Error(ErrorCode::kInvalidArgument, "columns must have the same length: '" +
                                                   columns[0].first + "' has " +
                                                   std::to_string(height) + " values, '" + name +
                                                   "' has " + std::to_string(values.size()));
    }
    const auto given = types.find(name);
    const std::string type =
        given != types.end() ? given->second.ToSql() : InferDuckDbType(name, values);
    ddl += (ddl.empty() ? "" : ", ") + engine::Ident(name) + " " + type;
  }
  for (const auto& [name, type] : types) {
    bool found = false;
    for (const auto& c : columns) found = found || c.first == name;
    if (!found) {
      std::vector<std::string> known;
      for (const auto& c : columns) known.push_back(c.first);
      ThrowUnknownName("column in schema", name, known);
    }
  }
  auto& engine = engine::Engine::Get();
  auto table = std::make_shared<EngineTable>(engine.NewTableName("ff_input_"));
  auto connection = engine.Acquire();
  connection->Execute("CREATE TABLE " + engine::Ident(table->name()) + " (" + ddl + ")");
  if (height == 0) return table;

  duckdb_appender appender = nullptr;
  if (duckdb_appender_create(connection->raw(), nullptr, table->name().c_str(), &appender) !=
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
  if (!failure.empty()) throw Error(ErrorCode::kInvalidArgument, "from_dict: " + failure);
  return table;
}

}  // namespace ff::frame
