#include "frame/table_loader.hpp"

#include <algorithm>

#include "engine/engine.hpp"
#include "engine/value_appender.hpp"
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

  const std::string failure = engine::AppendValues(*connection, table->name(), columns);
  if (!failure.empty()) throw Error(ErrorCode::kInvalidArgument, "from_dict: " + failure);
  return table;
}

}  // namespace ff::frame
