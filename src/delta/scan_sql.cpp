// DeltaScanSql: one DuckDB SELECT over exactly the snapshot's active files.
//
// Shape: read_parquet over every active file (union_by_name so older files lacking newer
// columns read NULL; hive_partitioning off because the log, not folder names, holds partition
// values), joined by file name to a VALUES list of typed partition constants.
#include <set>

#include "delta/deletion_vector.hpp"
#include "delta/partition_literal.hpp"
#include "delta/path_codec.hpp"
#include "delta/sql_session.hpp"
#include "delta/table_features.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

constexpr const char* kFileColumn = "__ff_delta_file";

const StructField* FindField(const DataType& schema, const std::string& name) {
  for (const StructField& field : schema.fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

std::string PhysicalName(const StructField& field, bool mapped) {
  return mapped && field.physical_name ? *field.physical_name : field.name;
}

bool NeedsRename(const DataType& type, bool mapped) {
  if (!mapped) return false;
  switch (type.kind) {
    case DataType::Kind::kStruct:
      for (const StructField& field : type.fields) {
        if (PhysicalName(field, mapped) != field.name || NeedsRename(*field.type, mapped)) {
          return true;
        }
      }
      return false;
    case DataType::Kind::kArray: return NeedsRename(*type.element, mapped);
    case DataType::Kind::kMap:
      return NeedsRename(*type.key, mapped) || NeedsRename(*type.value, mapped);
    default: return false;
  }
}

// Rewrites a value read with physical nested names into one with logical names.
std::string RenameNested(const std::string& expr, const DataType& type, bool mapped, int depth) {
  if (!NeedsRename(type, mapped)) return expr;
  const std::string var = "__ff_x" + std::to_string(depth);
  switch (type.kind) {
    case DataType::Kind::kStruct: {
      std::string pack = "struct_pack(";
      for (size_t i = 0; i < type.fields.size(); ++i) {
        const StructField& field = type.fields[i];
        if (i) pack += ", ";
        pack += SqlIdent(field.name) + " := " +
                RenameNested("(" + expr + ")." + SqlIdent(PhysicalName(field, mapped)), *field.type,
                             mapped, depth + 1);
      }
      return "CASE WHEN (" + expr + ") IS NULL THEN NULL ELSE " + pack + ") END";
    }
    case DataType::Kind::kArray:
      return "list_transform(" + expr + ", lambda " + var + ": " +
             RenameNested(var, *type.element, mapped, depth + 1) + ")";
    case DataType::Kind::kMap:
      return "map_from_entries(list_transform(map_entries(" + expr + "), lambda " + var +
             ": struct_pack(key := " + RenameNested(var + ".key", *type.key, mapped, depth + 1) +
             ", value := " + RenameNested(var + ".value", *type.value, mapped, depth + 1) + ")))";
    default: return expr;
  }
}

std::string FileListSql(const std::vector<std::string>& paths) {
  std::string list = "[";
  for (size_t i = 0; i < paths.size(); ++i) list += (i ? ", " : "") + SqlQuote(paths[i]);
  return list + "]";
}

// Top-level column names present in at least one data file (reads the footers only).
std::set<std::string> PresentColumns(const std::string& read_parquet) {
  engine::Session db;
  std::set<std::string> names;
  for (const TextRow& row :
       db.QueryText("DESCRIBE SELECT * FROM " + read_parquet, "reading Delta data file footers")) {
    if (row.at(0)) names.insert(*row[0]);
  }
  return names;
}

// A relation (__ff_dv_path, __ff_dv_row) of deleted rows, or "" when no file has a vector.
std::string DeletedRowsSql(const Snapshot& snapshot, const std::vector<std::string>& paths) {
  std::string values;
  for (size_t f = 0; f < snapshot.files.size(); ++f) {
    const AddFile& file = snapshot.files[f];
    if (!file.deletion_vector) continue;
    const std::vector<uint64_t> rows = DeletedRows(snapshot.table_root, *file.deletion_vector);
    if (static_cast<int64_t>(rows.size()) != file.deletion_vector->cardinality) {
      throw Error(ErrorCode::kInvalidArgument,
                  "deletion vector of '" + file.path + "' holds " + std::to_string(rows.size()) +
                      " rows but the log says cardinality " +
                      std::to_string(file.deletion_vector->cardinality));
    }
    if (rows.empty()) continue;
    std::string list = "[";
    for (size_t i = 0; i < rows.size(); ++i) list += (i ? "," : "") + std::to_string(rows[i]);
    values += (values.empty() ? "(" : ", (") + SqlQuote(paths[f]) + ", " + list + "]::BIGINT[])";
  }
  if (values.empty()) return "";
  return "SELECT __ff_dv_path, unnest(__ff_dv_rows) AS __ff_dv_row FROM (VALUES " + values +
         ") AS v(__ff_dv_path, __ff_dv_rows)";
}

// VALUES (__ff_path, __ff_p0, ...): each file's partition constants, typed by the schema and
// looked up under physical names (the log keys partition values by them).
std::string PartitionValuesSql(const Snapshot& snapshot, const std::vector<std::string>& paths,
                               const std::vector<const StructField*>& partition_fields,
                               bool mapped) {
  std::string values;
  for (size_t f = 0; f < snapshot.files.size(); ++f) {
    values += (f ? ", (" : "(") + SqlQuote(paths[f]);
    for (const StructField* field : partition_fields) {
      auto it = snapshot.files[f].partition_values.find(PhysicalName(*field, mapped));
      const std::optional<std::string> value =
          it == snapshot.files[f].partition_values.end() ? std::nullopt : it->second;
      values += ", " + PartitionLiteral(value, *field->type);
    }
    values += ")";
  }
  std::string aliases = SqlIdent("__ff_path");
  for (size_t i = 0; i < partition_fields.size(); ++i) {
    aliases += ", " + SqlIdent("__ff_p" + std::to_string(i));
  }
  return "SELECT * FROM (VALUES " + values + ") AS v(" + aliases + ")";
}

// The columns a scan returns: all but legacy `void` ones, or the requested ones by name.
std::vector<const StructField*> SelectedColumns(const DataType& schema,
                                                const ScanOptions& options) {
  std::vector<const StructField*> columns;
  if (options.columns.empty()) {
    for (const StructField& field : schema.fields) {
      if (!(field.type->kind == DataType::Kind::kPrimitive && field.type->primitive == "void")) {
        columns.push_back(&field);
      }
    }
  } else {
    std::vector<std::string> known;
    for (const StructField& field : schema.fields) known.push_back(field.name);
    for (const std::string& name : options.columns) {
      const StructField* field = FindField(schema, name);
      if (!field) ThrowUnknownName("Delta column", name, known);
      columns.push_back(field);
    }
  }
  return columns;
}

// A table without active files: no rows, typed columns.
std::string EmptyScanSql(const std::vector<const StructField*>& columns) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < columns.size(); ++i) {
    sql += (i ? ", " : "") + std::string("CAST(NULL AS ") + DuckDbType(*columns[i]->type) +
           ") AS " + SqlIdent(columns[i]->name);
  }
  if (columns.empty()) sql += "NULL AS " + SqlIdent("__ff_empty");
  return sql + " LIMIT 0";
}

}  // namespace

std::string DeltaScanSql(const Snapshot& snapshot, const ScanOptions& options) {
  const std::string mode = ColumnMappingMode(snapshot.protocol, snapshot.metadata);
  if (mode != "none" && mode != "name") CheckReadSupported(snapshot.protocol, snapshot.metadata);
  const bool mapped = mode == "name";
  const std::vector<const StructField*> columns = SelectedColumns(snapshot.schema, options);
  const std::set<std::string> partition_set(snapshot.metadata.partition_columns.begin(),
                                            snapshot.metadata.partition_columns.end());

  if (snapshot.files.empty()) return EmptyScanSql(columns);

  std::vector<std::string> paths;
  for (const AddFile& file : snapshot.files) {
    paths.push_back(ResolveDataPath(snapshot.table_root, file.path));
  }
  const std::string deleted = DeletedRowsSql(snapshot, paths);
  const std::string read_parquet =
      "read_parquet(" + FileListSql(paths) +
      ", union_by_name=true, hive_partitioning=false, filename=" + SqlQuote(kFileColumn) +
      (deleted.empty() ? "" : ", file_row_number=true") + ")";
  const std::set<std::string> present = PresentColumns(read_parquet);

  // Partition constants per file, typed by the schema, keyed by physical names in the log.
  std::vector<const StructField*> partition_fields;
  for (const std::string& name : snapshot.metadata.partition_columns) {
    const StructField* field = FindField(snapshot.schema, name);
    if (!field) {
      throw Error(ErrorCode::kInvalidArgument,
                  "partition column '" + name + "' is not in the table schema");
    }
    partition_fields.push_back(field);
  }

  std::string select;
  for (size_t i = 0; i < columns.size(); ++i) {
    const StructField& field = *columns[i];
    const std::string type = DuckDbType(*field.type);
    std::string expr;
    if (partition_set.contains(field.name)) {
      size_t index = 0;
      while (partition_fields[index] != &field) ++index;
      expr = "p." + SqlIdent("__ff_p" + std::to_string(index));
    } else if (present.contains(PhysicalName(field, mapped))) {
      expr = "CAST(" +
             RenameNested("d." + SqlIdent(PhysicalName(field, mapped)), *field.type, mapped, 0) +
             " AS " + type + ")";
    } else {
      expr = "CAST(NULL AS " + type + ")";
    }
    select += (i ? ", " : "") + expr + " AS " + SqlIdent(field.name);
  }
  if (columns.empty()) select = "NULL AS " + SqlIdent("__ff_empty");

  // Deletion vectors: drop (file, row position) pairs with an anti join. It applies to the
  // Parquet rows before the partition join, so partitioned and unpartitioned tables share it.
  std::string from = read_parquet + " AS d";
  if (!deleted.empty()) {
    from += " ANTI JOIN (" + deleted + ") AS x ON d." + SqlIdent(kFileColumn) +
            " = x.__ff_dv_path AND d.file_row_number = x.__ff_dv_row";
  }
  if (!partition_fields.empty()) {
    from += " JOIN (" + PartitionValuesSql(snapshot, paths, partition_fields, mapped) +
            ") AS p ON d." + SqlIdent(kFileColumn) + " = p." + SqlIdent("__ff_path");
  }
  return "SELECT " + select + " FROM " + from;
}

}  // namespace ff::delta
