// `flowfile catalog write NAME FILE --mode ...`: a CSV, Parquet or JSON file read with the
// frames API and committed as one version of a catalog table, in the write modes the Python
// `write_catalog_table` offers.
#include <cctype>
#include <filesystem>
#include <iostream>

#include "catalog_json.hpp"
#include "context.hpp"
#include "flowfile/catalog_frames.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/frame.hpp"
#include "frame_output.hpp"
#include "output.hpp"

namespace ff::cli {
namespace {

struct WriteOptions {
  std::string table, file, mode = "overwrite", name_space, format, separator = ",";
  std::string schema_mode = "strict", description;
  std::vector<std::string> merge_keys, partition_by;
};

std::string FormatOf(const WriteOptions& o) {
  if (!o.format.empty()) return o.format;
  std::string extension = std::filesystem::path(o.file).extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (extension == ".csv" || extension == ".tsv" || extension == ".txt") return "csv";
  if (extension == ".parquet" || extension == ".pq") return "parquet";
  if (extension == ".json") return "json";
  if (extension == ".ndjson" || extension == ".jsonl") return "ndjson";
  throw UsageError("cannot tell the format of '" + o.file +
                   "' from its extension; pass --format csv|parquet|json|ndjson");
}

FlowFrame ReadSource(const WriteOptions& o) {
  if (!std::filesystem::exists(o.file))
    throw Error(ErrorCode::kNotFound, "no such file '" + o.file + "'");
  const std::string format = FormatOf(o);
  if (format == "csv") {
    CsvReadOptions csv;
    csv.separator = o.separator;
    return scan_csv({o.file}, csv);
  }
  if (format == "parquet") return scan_parquet({o.file});
  if (format == "json") return scan_json({o.file});
  return scan_ndjson({o.file});
}

void Write(const Context& context, const WriteOptions& o) {
  const bool keyed =
      o.mode == "upsert" || o.mode == "update" || o.mode == "delete" || o.mode == "scd2";
  if (keyed && o.merge_keys.empty())
    throw UsageError("--mode " + o.mode +
                     " matches rows by key: pass --merge-keys COLUMN[,COLUMN]");
  if (!keyed && !o.merge_keys.empty())
    throw UsageError("--merge-keys is for --mode upsert, update, delete or scd2, not " + o.mode);
  UseHome(context);
  const std::string name = o.name_space.empty() ? o.table : o.name_space + "." + o.table;
  WriteCatalogOptions options;
  options.write_mode = o.mode;
  options.merge_keys = o.merge_keys;
  options.partition_by = o.partition_by;
  options.schema_mode = o.schema_mode;
  options.description = o.description;
  CatalogWriteResult result;
  write_catalog_table(ReadSource(o), name, options, &result);
  const TableInfo table = default_catalog().GetTable(result.full_name);
  if (context.json) {
    Json out = WriteJson(result);  // the fields of ff.catalog.last_write()
    out["mode"] = o.mode;
    out["row_count"] = table.row_count;
    return PrintJson(out);
  }
  if (!result.committed) {
    std::cout << result.full_name << " is unchanged at version " << result.version << " ("
              << table.row_count << " rows): the write changed nothing.\n";
    return;
  }
  std::cout << "Wrote " << result.full_name << " version " << result.version << ": "
            << table.row_count << " rows (" << result.rows_inserted << " inserted, "
            << result.rows_updated << " updated, " << result.rows_deleted << " deleted).\n";
}

}  // namespace

void RegisterCatalogWrite(CLI::App& group, Context& context) {
  auto o = std::make_shared<WriteOptions>();
  auto* command = group.add_subcommand(
      "write", "Write a CSV, Parquet or JSON file to a catalog table as one new version");
  command->add_option("table", o->table, "catalog.schema.table, schema.table or table")->required();
  command->add_option("file", o->file, "The file to read (.csv, .parquet, .json, .ndjson)")
      ->required();
  command
      ->add_option("--mode", o->mode,
                   "overwrite (default), append, upsert, update, delete, scd2, or error (only "
                   "if the table does not exist)")
      ->check(
          CLI::IsMember({"overwrite", "append", "upsert", "update", "delete", "scd2", "error"}));
  command->add_option("--namespace", o->name_space,
                      "catalog.schema to put the table in (default: General.default)");
  command
      ->add_option("--merge-keys", o->merge_keys,
                   "Key columns for upsert, update, delete and scd2 (comma-separated)")
      ->delimiter(',');
  command
      ->add_option("--partition-by", o->partition_by,
                   "Partition columns of a new (or overwritten) table (comma-separated)")
      ->delimiter(',');
  command
      ->add_option("--format", o->format,
                   "csv, parquet, json or ndjson (default: from the file's extension)")
      ->check(CLI::IsMember({"csv", "parquet", "json", "ndjson"}));
  command->add_option("--separator", o->separator, "CSV field separator (default ',')");
  command
      ->add_option("--schema-mode", o->schema_mode,
                   "strict (default): columns and types must match; merge: add new columns")
      ->check(CLI::IsMember({"strict", "merge"}));
  command->add_option("--description", o->description, "The table's description");
  command->callback([&context, o] { context.action = [&context, o] { Write(context, *o); }; });
}

}  // namespace ff::cli
