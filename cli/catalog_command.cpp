// `flowfile catalog list|show|history|preview|lineage|vacuum|optimize|restore|drop`: the catalog's
// Delta tables by name (`catalog write`: catalog_write_command.cpp). Vacuum is a dry run unless
// --apply is given. Aliases: `get` for `show`, `delete` for `drop`; --json prints the records
// ff.catalog returns in Python (catalog_json.cpp).
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "catalog_json.hpp"
#include "context.hpp"
#include "flowfile/catalog.hpp"
#include "flowfile/catalog_frames.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"
#include "frame_output.hpp"
#include "output.hpp"

namespace ff::cli {
namespace {

std::string Joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

// A write's producing flow file as the Catalog view shows it: relative to the workspace when
// the file is inside it (short, and the same on every machine), absolute otherwise.
std::string ShownFlowPath(const std::string& flow_path, const std::filesystem::path& workspace) {
  namespace fs = std::filesystem;
  if (flow_path.empty()) return flow_path;
  const fs::path file = fs::path(flow_path).lexically_normal();
  fs::path root = fs::absolute(workspace).lexically_normal();
  if (!root.has_filename()) root = root.parent_path();  // "home/" names the same folder
  const auto [in_root, in_file] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  if (in_root != root.end() || in_file == file.end()) return flow_path;
  return file.lexically_relative(root).generic_string();
}

// Each subcommand takes a table name; this registers it and runs `body` with the catalog.
template <typename Options, typename Body>
CLI::App* AddTableCommand(CLI::App& group, Context& context, const std::string& name,
                          const std::string& help, std::shared_ptr<Options> options, Body body) {
  auto* command = group.add_subcommand(name, help);
  command->add_option("table", options->table, "catalog.schema.table, schema.table or table")
      ->required();
  command->callback([&context, options, body] {
    context.action = [&context, options, body] {
      Catalog catalog(context.workspace());
      body(catalog, *options);
    };
  });
  return command;
}

void RegisterList(CLI::App& group, Context& context) {
  auto* command = group.add_subcommand("list", "List tables (of one schema, or all)");
  auto schema = std::make_shared<std::string>();
  command->add_option("schema", *schema, "catalog.schema, or a schema of General");
  command->callback([&context, schema] {
    context.action = [&context, schema] {
      Catalog catalog(context.workspace());
      std::vector<TableInfo> tables;
      if (!schema->empty()) {
        tables = catalog.ListTables(*schema);
      } else {
        for (const auto& c : catalog.ListCatalogs()) {
          for (const auto& s : catalog.ListSchemas(c.name)) {
            for (auto& t : catalog.ListTables(c.name + "." + s.name)) tables.push_back(t);
          }
        }
      }
      if (context.json) {
        Json out = Json::array();
        for (const auto& t : tables) out.push_back(TableJson(t));
        PrintJson(out);
        return;
      }
      std::vector<std::vector<std::string>> rows;
      for (const auto& t : tables) {
        rows.push_back({t.full_name, std::to_string(t.version), std::to_string(t.row_count),
                        std::to_string(t.size_bytes), t.updated_at});
      }
      PrintTable({"TABLE", "VERSION", "ROWS", "BYTES", "UPDATED"}, rows,
                 "No catalog tables yet. Write one with frame.write_catalog_table(...).");
    };
  });
}

struct TableOnly {
  std::string table;
};

void RegisterShow(CLI::App& group, Context& context) {
  auto* command =
      AddTableCommand(group, context, "show", "Show a table's metadata and columns",
                      std::make_shared<TableOnly>(), [&context](Catalog& catalog, TableOnly& o) {
                        const TableInfo t = catalog.GetTable(o.table);
                        if (context.json) return PrintJson(TableJson(t));
                        std::string columns;
                        for (const auto& [name, type] : t.columns) {
                          columns += (columns.empty() ? "" : ", ") + name + " " + type;
                        }
                        PrintFields({{"table", t.full_name},
                                     {"location", t.location},
                                     {"format", t.format},
                                     {"version", std::to_string(t.version)},
                                     {"rows", std::to_string(t.row_count)},
                                     {"bytes", std::to_string(t.size_bytes)},
                                     {"partitioned by", Joined(t.partition_columns)},
                                     {"columns", columns},
                                     {"description", t.description},
                                     {"created", t.created_at},
                                     {"updated", t.updated_at},
                                     {"last run", t.source_run_id},
                                     {"scd2", t.scd2_config}});
                      });
  AddAliases(command, {"get"});
}

void RegisterHistory(CLI::App& group, Context& context) {
  AddTableCommand(
      group, context, "history", "List a table's versions, newest first",
      std::make_shared<TableOnly>(), [&context](Catalog& catalog, TableOnly& o) {
        const auto history = catalog.History(o.table);
        if (context.json) {
          Json out = Json::array();
          for (const auto& h : history) out.push_back(HistoryJson(h));
          return PrintJson(out);
        }
        std::vector<std::vector<std::string>> rows;
        for (const auto& h : history) {
          rows.push_back({std::to_string(h.version), IsoTime(h.timestamp_ms), h.operation,
                          std::to_string(h.rows_inserted), std::to_string(h.rows_updated),
                          std::to_string(h.rows_deleted), h.run_id});
        }
        PrintTable({"VERSION", "TIME", "OPERATION", "INSERTED", "UPDATED", "DELETED", "RUN"}, rows,
                   "No history.");
      });
}

struct PreviewOptions {
  std::string table;
  int64_t version = -1;
  int64_t limit = 10;
};

void RegisterPreview(CLI::App& group, Context& context) {
  auto options = std::make_shared<PreviewOptions>();
  auto* command = AddTableCommand(
      group, context, "preview", "Print the first rows (of the latest or an older version)",
      options, [&context](Catalog& catalog, PreviewOptions& o) {
        if (o.limit < 0) throw UsageError("--limit must be >= 0");
        const TableInfo table = catalog.GetTable(o.table);
        const int64_t version = o.version >= 0 ? o.version : table.version;
        // Through the frames API: typed values in --json, and rows drawn as every frame is
        // (`db query`, Python's repr).
        UseHome(context);
        const DataFrame rows =
            read_catalog_table(table.full_name, {.version = version}).head(o.limit).collect();
        if (context.json) {
          return PrintJson(
              {{"full_name", table.full_name}, {"version", version}, {"rows", RowsJson(rows)}});
        }
        std::cout << table.full_name << " @ version " << version << "\n"
                  << rows.ToString(o.limit) << "\n";
      });
  command->add_option("--version,--delta-version", options->version,
                      "Delta version (default: latest); --delta-version is Python's name");
  command->add_option("--limit", options->limit, "Rows to print (default 10)");
}

void RegisterLineage(CLI::App& group, Context& context) {
  AddTableCommand(
      group, context, "lineage", "Show the runs that wrote and read a table",
      std::make_shared<TableOnly>(), [&context](Catalog& catalog, TableOnly& o) {
        const TableLineage lineage = catalog.Lineage(o.table);
        if (context.json) {
          Json writes = Json::array(), reads = Json::array();
          for (const auto& w : lineage.writes) {
            Json upstream = Json::object();
            for (const auto& [name, version] : w.read_versions) upstream[name] = version;
            writes.push_back({{"version", w.version},
                              {"run_id", w.run_id},
                              {"operation", w.operation},
                              {"flow_path", w.flow_path},
                              {"read_versions", upstream}});
          }
          for (const auto& r : lineage.reads) {
            reads.push_back({{"table_version", r.table_version},
                             {"run_id", r.run_id},
                             {"timestamp", r.time},
                             {"time", r.time}});
          }
          return PrintJson({{"full_name", lineage.full_name},
                            {"writes", writes},
                            {"reads", reads},
                            {"downstream_tables", lineage.downstream_tables}});
        }
        std::vector<std::vector<std::string>> writes;
        for (const auto& w : lineage.writes) {
          std::string upstream;
          for (const auto& [name, version] : w.read_versions) {
            upstream += (upstream.empty() ? "" : ", ") + name + "@" + std::to_string(version);
          }
          writes.push_back({std::to_string(w.version), w.operation, w.run_id,
                            ShownFlowPath(w.flow_path, context.workspace().config_dir()),
                            upstream});
        }
        std::cout << "Writes of " << lineage.full_name << ":\n";
        PrintTable({"VERSION", "OPERATION", "RUN", "FLOW", "READ"}, writes, "(none)");
        std::vector<std::vector<std::string>> reads;
        for (const auto& r : lineage.reads) {
          reads.push_back({std::to_string(r.table_version), r.run_id, r.time});
        }
        std::cout << "\nRead by:\n";
        PrintTable({"VERSION", "RUN", "TIME"}, reads, "(no recorded reads)");
        std::cout << "\nDownstream tables: "
                  << (lineage.downstream_tables.empty() ? "(none)"
                                                        : Joined(lineage.downstream_tables))
                  << "\n";
      });
}

struct VacuumOptions {
  std::string table;
  double retention_hours = 168;
  bool apply = false;
  bool force = false;
};

void RegisterVacuum(CLI::App& group, Context& context) {
  auto options = std::make_shared<VacuumOptions>();
  auto* command = AddTableCommand(
      group, context, "vacuum",
      "Delete data files no version within the retention needs (dry run without --apply)", options,
      [&context](Catalog& catalog, VacuumOptions& o) {
        const VacuumResult result = catalog.Vacuum(o.table, o.retention_hours, !o.apply, o.force);
        if (context.json) {
          return PrintJson(
              {{"dry_run", result.dry_run}, {"files", result.files}, {"bytes", result.bytes}});
        }
        for (const auto& file : result.files) std::cout << file << "\n";
        std::cout << (result.dry_run ? "Would delete " : "Deleted ") << result.files.size()
                  << " file(s), " << result.bytes << " bytes"
                  << (result.dry_run ? " (dry run; add --apply to delete)" : "") << ".\n";
      });
  command->add_option("--retention-hours", options->retention_hours,
                      "Keep files needed by versions newer than this (default 168)");
  command->add_flag("--apply", options->apply, "Delete the files (default: only list them)");
  command->add_flag("--force", options->force,
                    "Allow a retention shorter than the table's deletedFileRetentionDuration "
                    "(only when no one else uses the table)");
}

void RegisterOptimize(CLI::App& group, Context& context) {
  AddTableCommand(group, context, "optimize", "Compact each partition's files into one",
                  std::make_shared<TableOnly>(), [&context](Catalog& catalog, TableOnly& o) {
                    const OptimizeResult r = catalog.Optimize(o.table);
                    if (context.json) {
                      return PrintJson({{"committed", r.committed},
                                        {"version", r.version},
                                        {"files_removed", r.files_removed},
                                        {"files_added", r.files_added}});
                    }
                    if (!r.committed) {
                      std::cout << "Nothing to compact (version " << r.version << ").\n";
                    } else {
                      std::cout << "Compacted " << r.files_removed << " file(s) into "
                                << r.files_added << " (version " << r.version << ").\n";
                    }
                  });
}

struct RestoreOptions {
  std::string table;
  int64_t version = 0;
};

void RegisterRestore(CLI::App& group, Context& context) {
  auto options = std::make_shared<RestoreOptions>();
  auto* command = AddTableCommand(
      group, context, "restore", "Make an older version's rows the latest (a new version)", options,
      [&context](Catalog& catalog, RestoreOptions& o) {
        const CatalogWriteResult r = catalog.Restore(o.table, o.version);
        if (context.json) {
          Json out = WriteJson(r);
          out["restored_from"] = o.version;
          return PrintJson(out);
        }
        if (!r.committed) {
          std::cout << r.full_name << " already equals version " << o.version << ".\n";
        } else {
          std::cout << "Restored " << r.full_name << " to version " << o.version << " as version "
                    << r.version << ".\n";
        }
      });
  command->add_option("version", options->version, "The version to restore")->required();
}

}  // namespace

void RegisterDrop(CLI::App& group, Context& context) {
  auto* command = AddTableCommand(
      group, context, "drop", "Unregister a table; a local table's data and log are deleted",
      std::make_shared<TableOnly>(), [&context](Catalog& catalog, TableOnly& o) {
        const std::string full_name = catalog.GetTable(o.table).full_name;
        catalog.DropTable(o.table);
        if (context.json) return PrintJson({{"full_name", full_name}, {"dropped", true}});
        std::cout << "Dropped " << full_name << ".\n";
      });
  AddAliases(command, {"delete"});
}

void RegisterCatalogCommands(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand("catalog", "Catalog tables: versions, history, maintenance");
  group->require_subcommand(1);
  RegisterList(*group, context);
  RegisterShow(*group, context);
  RegisterHistory(*group, context);
  RegisterPreview(*group, context);
  RegisterLineage(*group, context);
  RegisterVacuum(*group, context);
  RegisterOptimize(*group, context);
  RegisterRestore(*group, context);
  RegisterDrop(*group, context);
  RegisterCatalogWrite(*group, context);
}

}  // namespace ff::cli
