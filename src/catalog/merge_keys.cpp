// Source rows and key checks shared by the keyed modes and scd2: everything here runs before
// any data file is written, so a refused write leaves no trace.
#include "catalog/write_modes.hpp"
#include "delta/schema_evolution.hpp"
#include "flowfile/errors.hpp"

namespace ff::catalog {
namespace {

using delta::SqlIdent;

std::vector<std::string> ColumnNames(const delta::DataType& schema) {
  std::vector<std::string> names;
  for (const auto& field : schema.fields) names.push_back(field.name);
  return names;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

std::string MaterialiseSource(delta::SqlSession& session, const CatalogWrite& write) {
  const std::string name = SqlIdent(session.TempName("catalog_source"));
  session.Execute("CREATE TEMP TABLE " + name + " AS " + write.source_sql,
                  "reading the rows to write");
  return name;
}

void ValidateMergeKeys(delta::SqlSession& session, const std::string& source,
                       const delta::DataType& source_schema, const delta::DataType* table,
                       const std::vector<std::string>& keys, const std::string& full_name) {
  const std::string prefix = "cannot write to catalog table '" + full_name + "': ";
  if (keys.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                prefix + "this write mode needs merge_keys (the columns that identify a row)");
  }
  for (const std::string& key : keys) {
    if (!delta::HasColumn(source_schema, key)) {
      throw Error(ErrorCode::kInvalidArgument,
                  prefix + "merge key '" + key + "' is not a column of the source rows (columns: " +
                      Joined(ColumnNames(source_schema)) + ")");
    }
    if (table && !delta::HasColumn(*table, key)) {
      throw Error(ErrorCode::kInvalidArgument, prefix + "merge key '" + key +
                                                   "' is not a column of the table (columns: " +
                                                   Joined(ColumnNames(*table)) + ")");
    }
  }
  std::string any_null, key_list;
  for (const std::string& key : keys) {
    any_null += (any_null.empty() ? "" : " OR ") + SqlIdent(key) + " IS NULL";
    key_list += (key_list.empty() ? "" : ", ") + SqlIdent(key);
  }
  const auto nulls = session.QueryText("SELECT count(*) FROM " + source + " WHERE " + any_null,
                                       "checking merge keys for NULLs");
  if (nulls.at(0).at(0).value_or("0") != "0") {
    throw Error(ErrorCode::kInvalidArgument, prefix + *nulls[0][0] +
                                                 " source row(s) have a NULL merge key (" +
                                                 Joined(keys) + "); keys must be non-NULL");
  }
  const auto duplicates = session.QueryText(
      "SELECT CAST(row(" + key_list + ") AS VARCHAR), count(*) FROM " + source + " GROUP BY " +
          key_list + " HAVING count(*) > 1 ORDER BY count(*) DESC LIMIT 1",
      "checking merge keys for duplicates");
  if (!duplicates.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                prefix + "the source has duplicate merge keys (" + Joined(keys) + "), e.g. " +
                    duplicates[0][0].value_or("?") + " appears " + duplicates[0][1].value_or("?") +
                    " times; keys must be unique");
  }
}

}  // namespace ff::catalog
