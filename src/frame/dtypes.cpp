// Polars-style names for DuckDB types, both ways.
#include "flowfile/dtypes.hpp"

#include <map>

#include "flowfile/errors.hpp"
#include "util/sql_dialect.hpp"

namespace ff {

namespace {

struct Simple {
  const char* name;
  const char* sql;
  const char* short_name;
};

// Polars name, DuckDB type, Polars' short header name.
constexpr Simple kSimple[] = {
    {"Int8", "TINYINT", "i8"},
    {"Int16", "SMALLINT", "i16"},
    {"Int32", "INTEGER", "i32"},
    {"Int64", "BIGINT", "i64"},
    {"Int128", "HUGEINT", "i128"},
    {"UInt8", "UTINYINT", "u8"},
    {"UInt16", "USMALLINT", "u16"},
    {"UInt32", "UINTEGER", "u32"},
    {"UInt64", "UBIGINT", "u64"},
    {"Float32", "FLOAT", "f32"},
    {"Float64", "DOUBLE", "f64"},
    {"Boolean", "BOOLEAN", "bool"},
    {"String", "VARCHAR", "str"},
    {"Binary", "BLOB", "binary"},
    {"Date", "DATE", "date"},
    {"Time", "TIME", "time"},
    {"Duration", "INTERVAL", "duration[μs]"},
    {"Null", "\"NULL\"", "null"},
};

std::string Trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// Splits "a INTEGER, b STRUCT(x INT, y INT)" at top-level commas.
std::vector<std::string> SplitTopLevel(const std::string& text) {
  std::vector<std::string> parts;
  int depth = 0;
  bool quoted = false;
  std::string current;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '(') ++depth;
    if (!quoted && c == ')') --depth;
    if (!quoted && depth == 0 && c == ',') {
      parts.push_back(Trim(current));
      current.clear();
      continue;
    }
    current += c;
  }
  if (!Trim(current).empty()) parts.push_back(Trim(current));
  return parts;
}

}  // namespace

DataType DataType::Named(const std::string& name) {
  if (name == "Utf8" || name == "Categorical" || name == "Enum") return Named("String");
  if (name == "Datetime") return Datetime();
  if (name == "Decimal") return Decimal(38, 0);
  for (const Simple& s : kSimple) {
    if (name == s.name) {
      DataType type;
      type.name = s.name;
      return type;
    }
  }
  std::vector<std::string> known;
  for (const Simple& s : kSimple) known.emplace_back(s.name);
  known.insert(known.end(), {"Utf8", "Datetime", "Decimal", "List", "Struct"});
  ThrowUnknownName("data type", name, known);
}

DataType DataType::Decimal(int precision, int scale) {
  DataType type;
  type.name = "Decimal";
  type.precision = precision;
  type.scale = scale;
  return type;
}

DataType DataType::Datetime(std::string time_unit, std::string time_zone) {
  DataType type;
  type.name = "Datetime";
  type.time_unit = std::move(time_unit);
  type.time_zone = std::move(time_zone);
  return type;
}

DataType DataType::List(DataType inner) {
  DataType type;
  type.name = "List";
  type.inner = std::make_shared<const DataType>(std::move(inner));
  return type;
}

DataType DataType::FromDuckDb(const std::string& raw) {
  const std::string t = Trim(raw);
  DataType type;
  if (t.size() > 2 && t.ends_with("[]")) {
    type = List(FromDuckDb(t.substr(0, t.size() - 2)));
  } else if (t.ends_with("]") && t.find('[') != std::string::npos) {
    type = List(FromDuckDb(t.substr(0, t.rfind('['))));
    type.name = "Array";
  } else if (t.starts_with("DECIMAL(")) {
    const auto comma = t.find(',');
    type = Decimal(std::stoi(t.substr(8, comma - 8)), std::stoi(t.substr(comma + 1)));
  } else if (t.starts_with("STRUCT(")) {
    type.name = "Struct";
    for (const std::string& part : SplitTopLevel(t.substr(7, t.size() - 8))) {
      std::string field_name;
      std::string rest;
      if (part.front() == '"') {
        const auto end = part.find('"', 1);
        field_name = part.substr(1, end - 1);
        rest = part.substr(end + 1);
      } else {
        const auto space = part.find(' ');
        field_name = part.substr(0, space);
        rest = part.substr(space + 1);
      }
      type.fields.emplace_back(field_name, FromDuckDb(rest));
    }
  } else if (t == "TIMESTAMP" || t == "TIMESTAMP_US") {
    type = Datetime("us");
  } else if (t == "TIMESTAMP_NS") {
    type = Datetime("ns");
  } else if (t == "TIMESTAMP_MS" || t == "TIMESTAMP_S") {
    type = Datetime("ms");
  } else if (t == "TIMESTAMP WITH TIME ZONE") {
    type = Datetime("us", "UTC");
  } else if (t == "UUID" || t == "JSON" || t.starts_with("ENUM(")) {
    type = Named("String");
  } else {
    type.name = "Unknown";
    for (const Simple& s : kSimple) {
      if (t == s.sql) type.name = s.name;
    }
    if (t == "NULL") type.name = "Null";
  }
  type.duckdb_type = t;
  return type;
}

std::string DataType::ToSql() const {
  if (name == "Decimal") {
    return "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
  }
  if (name == "Datetime") {
    if (!time_zone.empty()) return "TIMESTAMPTZ";
    if (time_unit == "ns") return "TIMESTAMP_NS";
    if (time_unit == "ms") return "TIMESTAMP_MS";
    return "TIMESTAMP";
  }
  if (name == "List" || name == "Array") return (inner ? inner->ToSql() : "VARCHAR") + "[]";
  if (name == "Struct") {
    std::string out = "STRUCT(";
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) out += ", ";
      out += sql::Identifier(fields[i].first) + " " + fields[i].second.ToSql();
    }
    return out + ")";
  }
  for (const Simple& s : kSimple) {
    if (name == s.name) return s.sql;
  }
  if (!duckdb_type.empty()) return duckdb_type;
  throw Error(ErrorCode::kInvalidArgument, "data type '" + name + "' has no SQL equivalent");
}

std::string DataType::ToString() const {
  if (name == "Decimal") {
    return "Decimal(precision=" + std::to_string(precision) + ", scale=" + std::to_string(scale) +
           ")";
  }
  if (name == "Datetime") {
    return "Datetime(time_unit='" + time_unit +
           "', time_zone=" + (time_zone.empty() ? "None" : "'" + time_zone + "'") + ")";
  }
  if (name == "List" || name == "Array") {
    return name + "(" + (inner ? inner->ToString() : "Null") + ")";
  }
  if (name == "Struct") {
    std::string out = "Struct({";
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) out += ", ";
      out += "'" + fields[i].first + "': " + fields[i].second.ToString();
    }
    return out + "})";
  }
  if (name == "Unknown" && !duckdb_type.empty()) return "Unknown(" + duckdb_type + ")";
  return name;
}

std::string DataType::ShortName() const {
  if (name == "Decimal") {
    return "decimal[" + std::to_string(precision) + "," + std::to_string(scale) + "]";
  }
  if (name == "Datetime") {
    const std::string unit = time_unit == "us" ? "μs" : time_unit;
    return "datetime[" + unit + (time_zone.empty() ? "" : ", " + time_zone) + "]";
  }
  if (name == "List" || name == "Array") {
    return "list[" + (inner ? inner->ShortName() : "null") + "]";
  }
  if (name == "Struct") return "struct[" + std::to_string(fields.size()) + "]";
  for (const Simple& s : kSimple) {
    if (name == s.name) return s.short_name;
  }
  return duckdb_type.empty() ? name : duckdb_type;
}

bool DataType::IsInteger() const { return name.starts_with("Int") || name.starts_with("UInt"); }
bool DataType::IsFloat() const { return name == "Float32" || name == "Float64"; }
bool DataType::IsNumeric() const { return IsInteger() || IsFloat() || name == "Decimal"; }
bool DataType::IsTemporal() const {
  return name == "Date" || name == "Datetime" || name == "Time" || name == "Duration";
}

}  // namespace ff
