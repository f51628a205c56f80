#include "delta/schema_evolution.hpp"

#include <map>

#include "delta/sql_session.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {

DataType DescribeSchema(SqlSession& session, const std::string& relation) {
  DataType schema;
  schema.kind = DataType::Kind::kStruct;
  for (const TextRow& row :
       session.QueryText("DESCRIBE " + relation, "describing the rows to write")) {
    StructField field;
    field.name = row.at(0).value();
    field.type = DeltaTypeFromDuckDb(row.at(1).value());
    schema.fields.push_back(std::move(field));
  }
  return schema;
}

std::string SchemaMismatch(const DataType& table, const DataType& source) {
  std::map<std::string, std::string> want, got;
  for (const StructField& f : table.fields) want[f.name] = DuckDbType(*f.type);
  for (const StructField& f : source.fields) got[f.name] = DuckDbType(*f.type);
  std::string problems;
  for (const auto& [name, type] : want) {
    auto it = got.find(name);
    if (it == got.end()) {
      problems += "; missing column '" + name + "' (" + type + ")";
    } else if (it->second != type) {
      problems += "; column '" + name + "' is " + it->second + ", the table has " + type;
    }
  }
  for (const auto& [name, type] : got) {
    if (!want.contains(name)) problems += "; extra column '" + name + "' (" + type + ")";
  }
  return problems.empty() ? "" : problems.substr(2);
}

bool HasColumn(const DataType& schema, const std::string& name) {
  for (const StructField& field : schema.fields) {
    if (field.name == name) return true;
  }
  return false;
}

DataType MergeSchemas(const DataType& table, const DataType& source, const std::string& table_label,
                      bool* changed) {
  DataType merged = table;
  bool added = false;
  for (const StructField& field : source.fields) {
    const StructField* existing = nullptr;
    for (const StructField& t : table.fields) {
      if (t.name == field.name) existing = &t;
    }
    if (existing) {
      const std::string want = DuckDbType(*existing->type), got = DuckDbType(*field.type);
      if (want != got) {
        throw Error(ErrorCode::kInvalidArgument, "cannot write to " + table_label + ": column '" +
                                                     field.name + "' is " + got +
                                                     ", the table has " + want +
                                                     " (schema merge adds columns, it does not "
                                                     "change types)");
      }
      continue;
    }
    StructField column = field;
    column.nullable = true;  // older rows have no value for it
    merged.fields.push_back(std::move(column));
    added = true;
  }
  if (changed) *changed = added;
  return merged;
}

std::string ShapeSelectList(const DataType& schema, const DataType& source) {
  std::string select;
  for (const StructField& field : schema.fields) {
    const std::string value = HasColumn(source, field.name) ? SqlIdent(field.name) : "NULL";
    select += (select.empty() ? "" : ", ") + std::string("CAST(") + value + " AS " +
              DuckDbType(*field.type) + ") AS " + SqlIdent(field.name);
  }
  return select;
}

}  // namespace ff::delta
