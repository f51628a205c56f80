#include "delta/data_files.hpp"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "delta/commit_store.hpp"
#include "delta/path_codec.hpp"
#include "delta/sql_session.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

bool IsPartition(const std::vector<std::string>& partition_columns, const std::string& name) {
  return std::find(partition_columns.begin(), partition_columns.end(), name) !=
         partition_columns.end();
}

// SQL rendering a partition column as the log's string form (timestamps: ISO-8601 UTC).
std::string PartitionValueSql(const StructField& field) {
  const std::string column = SqlIdent(field.name);
  if (field.type->kind == DataType::Kind::kPrimitive) {
    if (field.type->primitive == "timestamp") {
      return "strftime(" + column + ", '%Y-%m-%dT%H:%M:%S.%fZ')";
    }
    if (field.type->primitive == "timestamp_ntz") {
      return "strftime(" + column + ", '%Y-%m-%d %H:%M:%S.%f')";
    }
  }
  return "CAST(" + column + " AS VARCHAR)";
}

// Hive folder escaping (the protocol's list of characters, plus space kept as is).
std::string HiveEscape(const std::string& value) {
  static const std::string kEscaped = "\"#%'*/:=?\\{[]^\x7f";
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : value) {
    if (ch < 0x20 || kEscaped.find(static_cast<char>(ch)) != std::string::npos) {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    } else {
      out += static_cast<char>(ch);
    }
  }
  return out;
}

bool HasStats(const DataType& type) {
  if (type.kind == DataType::Kind::kDecimal) return true;
  if (type.kind != DataType::Kind::kPrimitive) return false;
  return type.primitive != "binary" && type.primitive != "boolean" && type.primitive != "void";
}

// A bound as Delta writes it: timestamps as ISO strings truncated to milliseconds.
std::string BoundSql(const std::string& aggregate, const DataType& type) {
  if (type.kind == DataType::Kind::kPrimitive && type.primitive == "timestamp") {
    return "strftime(" + aggregate + ", '%Y-%m-%dT%H:%M:%S.%gZ')";
  }
  if (type.kind == DataType::Kind::kPrimitive && type.primitive == "timestamp_ntz") {
    return "strftime(" + aggregate + ", '%Y-%m-%dT%H:%M:%S.%g')";
  }
  if (type.kind == DataType::Kind::kPrimitive && type.primitive == "date") {
    return "CAST(" + aggregate + " AS VARCHAR)";
  }
  return aggregate;
}

// Null bounds (all-null column, string max too long to be exact) are left out: missing stats
// are legal, wrong ones are not.
void DropNulls(json& object) {
  for (auto it = object.begin(); it != object.end();) {
    if (it->is_null()) {
      it = object.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace

namespace {

bool IsFlat(const DataType& type) {
  return type.kind == DataType::Kind::kPrimitive || type.kind == DataType::Kind::kDecimal;
}

// Stats from the Parquet footer DuckDB just wrote (row-group min/max/null counts), so a write
// reads its data once. Only for files whose columns are all flat: the footer has no null count
// for a struct or list as a whole. A row group without a bound makes the bound unknown (left out).
std::string FooterStats(SqlSession& db, const std::string& file_path, const DataType& schema,
                        const std::vector<std::string>& partition_columns) {
  std::string mins, maxes, nulls;
  for (const StructField& field : schema.fields) {
    if (IsPartition(partition_columns, field.name)) continue;
    const std::string key = SqlQuote(field.name);
    const std::string where = " FROM footer WHERE path_in_schema = " + key;
    nulls += (nulls.empty() ? "" : ", ") + key + ": (SELECT CASE WHEN count(*) = count(" +
             "stats_null_count) THEN sum(stats_null_count)::BIGINT END" + where + ")";
    if (!HasStats(*field.type)) continue;
    const std::string type = DuckDbType(*field.type);
    auto bound = [&](const char* aggregate, const char* column) {
      return std::string("(SELECT CASE WHEN count(*) FILTER (WHERE ") + column +
             " IS NULL AND coalesce(stats_null_count, -1) < num_values) = 0 THEN " + aggregate +
             "(CAST(" + column + " AS " + type + ")) END" + where + ")";
    };
    std::string min = bound("min", "stats_min_value"), max = bound("max", "stats_max_value");
    if (field.type->kind == DataType::Kind::kPrimitive && field.type->primitive == "string") {
      min = "left(" + min + ", 32)";
      max = "CASE WHEN length(" + max + ") <= 32 THEN " + max + " END";
    }
    mins += (mins.empty() ? "" : ", ") + key + ": " + BoundSql(min, *field.type);
    maxes += (maxes.empty() ? "" : ", ") + key + ": " + BoundSql(max, *field.type);
  }
  const std::string sql =
      "WITH footer AS (SELECT * FROM parquet_metadata(" + SqlQuote(file_path) +
      ")) SELECT to_json({'numRecords': (SELECT num_rows FROM parquet_file_metadata(" +
      SqlQuote(file_path) + "))" + (mins.empty() ? "" : ", 'minValues': {" + mins + "}") +
      (maxes.empty() ? "" : ", 'maxValues': {" + maxes + "}") +
      (nulls.empty() ? "" : ", 'nullCount': {" + nulls + "}") + "})";
  json stats = json::parse(
      db.QueryText(sql, "reading the footer stats of " + file_path).at(0).at(0).value());
  for (const char* key : {"minValues", "maxValues", "nullCount"}) {
    if (stats.contains(key)) DropNulls(stats[key]);
  }
  return stats.dump();
}

}  // namespace

std::string ComputeFileStats(SqlSession& db, const std::string& file_path, const DataType& schema,
                             const std::vector<std::string>& partition_columns) {
  if (std::all_of(schema.fields.begin(), schema.fields.end(),
                  [](const StructField& field) { return IsFlat(*field.type); })) {
    return FooterStats(db, file_path, schema, partition_columns);
  }
  std::string mins, maxes, nulls;
  for (const StructField& field : schema.fields) {
    if (IsPartition(partition_columns, field.name)) continue;
    const std::string column = SqlIdent(field.name);
    const std::string key = SqlQuote(field.name);
    nulls += (nulls.empty() ? "" : ", ") + key + ": count(*) - count(" + column + ")";
    if (!HasStats(*field.type)) continue;
    std::string min = "min(" + column + ")", max = "max(" + column + ")";
    if (field.type->kind == DataType::Kind::kPrimitive && field.type->primitive == "string") {
      // Spark keeps 32-character prefixes; a prefix is a valid min but not a valid max.
      min = "left(" + min + ", 32)";
      max = "CASE WHEN length(" + max + ") <= 32 THEN " + max + " END";
    }
    mins += (mins.empty() ? "" : ", ") + key + ": " + BoundSql(min, *field.type);
    maxes += (maxes.empty() ? "" : ", ") + key + ": " + BoundSql(max, *field.type);
  }
  const std::string sql = "SELECT to_json({'numRecords': count(*)" +
                          (mins.empty() ? "" : ", 'minValues': {" + mins + "}") +
                          (maxes.empty() ? "" : ", 'maxValues': {" + maxes + "}") +
                          (nulls.empty() ? "" : ", 'nullCount': {" + nulls + "}") +
                          "}) FROM read_parquet(" + SqlQuote(file_path) +
                          ", hive_partitioning=false)";
  json stats =
      json::parse(db.QueryText(sql, "computing stats of " + file_path).at(0).at(0).value());
  for (const char* key : {"minValues", "maxValues"}) {
    if (stats.contains(key)) DropNulls(stats[key]);
  }
  return stats.dump();
}

WrittenFiles WriteDataFiles(SqlSession& db, const std::string& table_root,
                            const std::string& relation, const DataType& schema,
                            const std::vector<std::string>& partition_columns) {
  std::string data_columns;
  std::vector<const StructField*> partition_fields;
  for (const StructField& field : schema.fields) {
    if (IsPartition(partition_columns, field.name)) continue;
    data_columns += (data_columns.empty() ? "" : ", ") + SqlIdent(field.name);
  }
  for (const std::string& name : partition_columns) {
    for (const StructField& field : schema.fields) {
      if (field.name == name) partition_fields.push_back(&field);
    }
  }
  if (data_columns.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                "a Delta table needs at least one column that is not a partition column");
  }

  // One group per distinct partition tuple (a single group when unpartitioned).
  std::vector<std::vector<std::optional<std::string>>> groups;
  if (partition_fields.empty()) {
    groups.emplace_back();
  } else {
    std::string select;
    for (const StructField* field : partition_fields) {
      select += (select.empty() ? "" : ", ") + PartitionValueSql(*field);
    }
    for (const TextRow& row : db.QueryText("SELECT DISTINCT " + select + " FROM " + relation,
                                           "listing partition values")) {
      groups.push_back(row);
    }
  }

  WrittenFiles written;
  std::string in_progress;
  try {
    for (const auto& values : groups) {
      std::string folder, where;
      PartitionValues partition_values;
      for (size_t i = 0; i < partition_fields.size(); ++i) {
        const std::string& name = partition_fields[i]->name;
        const auto& value = values[i];
        partition_values[name] = value;
        folder += HiveEscape(name) + "=" +
                  (value ? HiveEscape(*value) : std::string("__HIVE_DEFAULT_PARTITION__")) + "/";
        where += (where.empty() ? " WHERE " : " AND ") + PartitionValueSql(*partition_fields[i]) +
                 (value ? " = " + SqlQuote(*value) : std::string(" IS NULL"));
      }
      const std::string relative = folder + "part-00000-" + NewUuid() + "-c000.snappy.parquet";
      const std::string path = table_root + "/" + relative;
      in_progress = path;
      std::error_code ec;
      fs::create_directories(fs::path(path).parent_path(), ec);
      if (ec) throw Error(ErrorCode::kIo, "cannot create '" + path + "': " + ec.message());
      db.Execute("COPY (SELECT " + data_columns + " FROM " + relation + where + ") TO " +
                     SqlQuote(path) + " (FORMAT parquet, COMPRESSION snappy)",
                 "writing Delta data file " + path);
      AddFile add;
      add.path = PercentEncodePath(relative);
      add.partition_values = partition_values;
      add.size = static_cast<int64_t>(fs::file_size(path));
      add.modification_time = NowMs();
      add.data_change = true;
      add.stats = ComputeFileStats(db, path, schema, partition_columns);
      written.rows += json::parse(*add.stats).at("numRecords").get<int64_t>();
      written.bytes += add.size;
      written.adds.push_back(std::move(add));
      in_progress.clear();
    }
  } catch (...) {
    // A failed write (a full disk, a bad value mid-file) leaves nothing in the table folder.
    std::error_code ignored;
    if (!in_progress.empty()) fs::remove(in_progress, ignored);
    RemoveDataFiles(table_root, written.adds);
    throw;
  }
  return written;
}

void RemoveDataFiles(const std::string& table_root, const std::vector<AddFile>& adds) {
  std::vector<std::string> relative;
  for (const AddFile& add : adds) {
    std::error_code ignored;
    fs::remove(ResolveDataPath(table_root, add.path), ignored);
    relative.push_back(PercentDecode(add.path));
  }
  DiscardPublished(table_root, relative);  // and their uploaded copies, on an object store
}

}  // namespace ff::delta
