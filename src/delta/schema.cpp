// Delta's JSON schema (schemaString) <-> the DataType tree <-> DuckDB SQL types.
#include <cctype>
#include <nlohmann/json.hpp>

#include "delta/sql_session.hpp"
#include "flowfile/delta.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

using nlohmann::json;

const char* const kPrimitives[] = {"string",    "long",          "integer", "short",  "byte",
                                   "float",     "double",        "boolean", "binary", "date",
                                   "timestamp", "timestamp_ntz", "void",    "variant"};

[[noreturn]] void Bad(const std::string& message) {
  throw Error(ErrorCode::kInvalidArgument, "invalid Delta schema: " + message);
}

std::string WithoutSpaces(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (!std::isspace(static_cast<unsigned char>(ch))) out += ch;
  }
  return out;
}

DataTypePtr ParseType(const json& node);

StructField ParseField(const json& node) {
  if (!node.is_object() || !node.contains("name") || !node.contains("type")) {
    Bad("a struct field needs 'name' and 'type', got " + node.dump());
  }
  StructField field;
  field.name = node.at("name").get<std::string>();
  field.type = ParseType(node.at("type"));
  field.nullable = node.value("nullable", true);
  if (node.contains("metadata") && node.at("metadata").is_object()) {
    const json& metadata = node.at("metadata");
    field.metadata_json = metadata.dump();
    if (auto it = metadata.find("delta.columnMapping.physicalName");
        it != metadata.end() && it->is_string()) {
      field.physical_name = it->get<std::string>();
    }
    if (auto it = metadata.find("delta.columnMapping.id");
        it != metadata.end() && it->is_number_integer()) {
      field.column_mapping_id = it->get<int64_t>();
    }
  }
  return field;
}

DataTypePtr ParsePrimitive(const std::string& raw) {
  auto type = std::make_shared<DataType>();
  const std::string name = WithoutSpaces(raw);
  if (name == "decimal") {
    type->kind = DataType::Kind::kDecimal;  // Spark's bare decimal is (10,0)
    return type;
  }
  if (name.rfind("decimal(", 0) == 0 && name.back() == ')') {
    const std::string inner = name.substr(8, name.size() - 9);
    const size_t comma = inner.find(',');
    try {
      type->kind = DataType::Kind::kDecimal;
      type->precision = std::stoi(inner.substr(0, comma));
      type->scale = comma == std::string::npos ? 0 : std::stoi(inner.substr(comma + 1));
    } catch (const std::exception&) {
      Bad("malformed decimal type '" + raw + "'");
    }
    if (type->precision < 1 || type->precision > 38 || type->scale < 0 ||
        type->scale > type->precision) {
      Bad("decimal precision must be 1..38 and scale 0..precision, got '" + raw + "'");
    }
    return type;
  }
  for (const char* known : kPrimitives) {
    if (name == known) {
      type->primitive = name;
      return type;
    }
  }
  Bad("unknown type '" + raw + "'");
}

DataTypePtr ParseType(const json& node) {
  if (node.is_string()) return ParsePrimitive(node.get<std::string>());
  if (!node.is_object() || !node.contains("type")) Bad("a type must be a string or object");
  const std::string kind = node.at("type").get<std::string>();
  auto type = std::make_shared<DataType>();
  if (kind == "struct") {
    type->kind = DataType::Kind::kStruct;
    for (const json& field : node.value("fields", json::array())) {
      type->fields.push_back(ParseField(field));
    }
  } else if (kind == "array") {
    type->kind = DataType::Kind::kArray;
    type->element = ParseType(node.at("elementType"));
    type->contains_null = node.value("containsNull", true);
  } else if (kind == "map") {
    type->kind = DataType::Kind::kMap;
    type->key = ParseType(node.at("keyType"));
    type->value = ParseType(node.at("valueType"));
    type->value_contains_null = node.value("valueContainsNull", true);
  } else {
    Bad("unknown complex type '" + kind + "'");
  }
  return type;
}

json TypeToJson(const DataType& type) {
  switch (type.kind) {
    case DataType::Kind::kPrimitive: return type.primitive;
    case DataType::Kind::kDecimal:
      return "decimal(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
    case DataType::Kind::kArray:
      return {{"type", "array"},
              {"elementType", TypeToJson(*type.element)},
              {"containsNull", type.contains_null}};
    case DataType::Kind::kMap:
      return {{"type", "map"},
              {"keyType", TypeToJson(*type.key)},
              {"valueType", TypeToJson(*type.value)},
              {"valueContainsNull", type.value_contains_null}};
    case DataType::Kind::kStruct: {
      json fields = json::array();
      for (const StructField& field : type.fields) {
        fields.push_back({{"name", field.name},
                          {"type", TypeToJson(*field.type)},
                          {"nullable", field.nullable},
                          {"metadata", json::parse(field.metadata_json)}});
      }
      return {{"type", "struct"}, {"fields", fields}};
    }
  }
  return nullptr;
}

}  // namespace

DataType ParseSchema(const std::string& schema_json) {
  json node;
  try {
    node = json::parse(schema_json);
  } catch (const json::exception& e) {
    Bad(std::string("schemaString is not JSON (") + e.what() + ")");
  }
  DataTypePtr type;
  try {
    type = ParseType(node);
  } catch (const json::exception& e) {
    Bad(std::string("unexpected JSON shape (") + e.what() + ")");
  }
  if (type->kind != DataType::Kind::kStruct) Bad("the top level must be a struct");
  return *type;
}

std::string SchemaToJson(const DataType& schema) { return TypeToJson(schema).dump(); }

std::string DuckDbType(const DataType& type) {
  switch (type.kind) {
    case DataType::Kind::kDecimal:
      return "DECIMAL(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
    case DataType::Kind::kArray: return DuckDbType(*type.element) + "[]";
    case DataType::Kind::kMap:
      return "MAP(" + DuckDbType(*type.key) + ", " + DuckDbType(*type.value) + ")";
    case DataType::Kind::kStruct: {
      std::string out = "STRUCT(";
      for (size_t i = 0; i < type.fields.size(); ++i) {
        if (i) out += ", ";
        out += SqlIdent(type.fields[i].name) + " " + DuckDbType(*type.fields[i].type);
      }
      return out + ")";
    }
    case DataType::Kind::kPrimitive: break;
  }
  static const std::map<std::string, std::string> kNames = {
      {"string", "VARCHAR"}, {"long", "BIGINT"},           {"integer", "INTEGER"},
      {"short", "SMALLINT"}, {"byte", "TINYINT"},          {"float", "FLOAT"},
      {"double", "DOUBLE"},  {"boolean", "BOOLEAN"},       {"binary", "BLOB"},
      {"date", "DATE"},      {"timestamp", "TIMESTAMPTZ"}, {"timestamp_ntz", "TIMESTAMP"},
      {"void", "VARCHAR"}};
  auto it = kNames.find(type.primitive);
  if (it == kNames.end()) {
    throw Error(ErrorCode::kUnsupported,
                "Delta type '" + type.primitive + "' has no DuckDB mapping here (table feature '" +
                    (type.primitive == "variant" ? "variantType" : type.primitive) + "')");
  }
  return it->second;
}

}  // namespace ff::delta
