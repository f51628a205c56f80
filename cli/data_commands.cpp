// `flowfile db query|schemas|tables`, `flowfile cloud ls`, `flowfile run FLOW`: data through
// the frames engine, connections by name only.
#include <cstdlib>
#include <iostream>

#include "context.hpp"
#include "flowfile/cloud_frames.hpp"
#include "flowfile/database.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/frame.hpp"
#include "flowfile/workspace.hpp"
#include "output.hpp"

namespace ff::cli {
namespace {

// The frames API reads the default workspace; --home points it at the same folder.
void UseHome(const Context& context) {
  if (!context.home.empty()) ::setenv("FLOWFILE_HOME", context.home.c_str(), 1);
}

Json ValueJson(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull: return nullptr;
    case Value::Kind::kBool: return v.boolean;
    case Value::Kind::kInt: return v.integer;
    case Value::Kind::kUInt: return v.unsigned_integer;
    case Value::Kind::kDouble: return v.floating;
    case Value::Kind::kString: return v.text;
    default: return v.ToString();
  }
}

// Prints the frame's rows (or writes them to `output` by its extension).
void Emit(const Context& context, const FlowFrame& frame, const std::string& output,
          int64_t limit) {
  if (!output.empty()) {
    const auto dot = output.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : output.substr(dot + 1);
    if (ext == "csv") {
      frame.write_csv(output);
    } else if (ext == "parquet") {
      frame.write_parquet(output);
    } else if (ext == "ndjson" || ext == "jsonl" || ext == "json") {
      frame.write_ndjson(output);
    } else {
      throw UsageError("--output must end in .csv, .parquet or .ndjson, not '" + output + "'");
    }
    std::cout << "Wrote " << output << "\n";
    return;
  }
  const DataFrame df = (limit > 0 ? frame.head(limit) : frame).collect();
  if (context.json) {
    Json rows = Json::array();
    const auto columns = df.columns();
    for (const auto& row : df.rows()) {
      Json object = Json::object();
      for (size_t i = 0; i < columns.size(); ++i) object[columns[i]] = ValueJson(row[i]);
      rows.push_back(std::move(object));
    }
    PrintJson(rows);
  } else {
    std::cout << df.ToString(limit > 0 ? limit : 20) << "\n";
  }
}

struct QueryOptions {
  std::string name, sql, output;
  int64_t limit = 100;
};

void RegisterDb(CLI::App& app, Context& context) {
  auto* db = app.add_subcommand("db", "Query and browse database connections by name");
  db->require_subcommand(1);
  auto query = std::make_shared<QueryOptions>();
  auto* q = db->add_subcommand("query", "Run a query on a stored connection and print the rows");
  q->add_option("name", query->name, "Connection name")->required();
  q->add_option("sql", query->sql, "SELECT ... (runs on the server)")->required();
  q->add_option("-o,--output", query->output, "Write all rows to a .csv, .parquet or .ndjson file");
  q->add_option("--limit", query->limit, "Rows to print (0: all); default 100");
  q->callback([&context, query] {
    context.action = [&context, query] {
      UseHome(context);
      Emit(context, read_database(query->name, {.query = query->sql}), query->output,
           query->output.empty() ? query->limit : 0);
    };
  });
  auto schemas_name = std::make_shared<std::string>();
  auto* s = db->add_subcommand("schemas", "List the schemas of a database connection");
  s->add_option("name", *schemas_name, "Connection name")->required();
  s->callback([&context, schemas_name] {
    context.action = [&context, schemas_name] {
      UseHome(context);
      const auto names = list_database_schemas(*schemas_name);
      if (context.json) return PrintJson(names);
      for (const auto& n : names) std::cout << n << "\n";
    };
  });
  auto tables = std::make_shared<std::pair<std::string, std::string>>();
  auto* t = db->add_subcommand("tables", "List the tables of a schema (default: public)");
  t->add_option("name", tables->first, "Connection name")->required();
  t->add_option("--schema", tables->second, "Schema name");
  t->callback([&context, tables] {
    context.action = [&context, tables] {
      UseHome(context);
      const auto names = list_database_tables(tables->first, tables->second);
      if (context.json) return PrintJson(names);
      for (const auto& n : names) std::cout << n << "\n";
    };
  });
}

void RegisterCloud(CLI::App& app, Context& context) {
  auto* cloud = app.add_subcommand("cloud", "Browse cloud storage through stored connections");
  cloud->require_subcommand(1);
  auto ls = std::make_shared<std::pair<std::string, std::string>>();
  auto* l = cloud->add_subcommand("ls", "List objects under a URL (s3://bucket/prefix/)");
  l->add_option("name", ls->first, "Connection name")->required();
  l->add_option("url", ls->second, "s3://bucket/prefix")->required();
  l->callback([&context, ls] {
    context.action = [&context, ls] {
      UseHome(context);
      const auto objects = list_cloud_objects(ls->first, ls->second);
      if (context.json) {
        Json out = Json::array();
        for (const auto& o : objects) {
          out.push_back({{"url", o.url}, {"size", o.size}, {"last_modified", o.last_modified}});
        }
        return PrintJson(out);
      }
      std::vector<std::vector<std::string>> rows;
      for (const auto& o : objects)
        rows.push_back({o.url, std::to_string(o.size), o.last_modified});
      PrintTable({"URL", "SIZE", "LAST MODIFIED"}, rows, "(no objects)");
    };
  });
}

void RegisterRun(CLI::App& app, Context& context) {
  auto options = std::make_shared<QueryOptions>();
  auto* run = app.add_subcommand("run", "Run a flow file (YAML or JSON) and print its result");
  run->add_option("flow", options->name, "Flow file saved by save_graph or by Flowfile")
      ->required();
  run->add_option("-o,--output", options->output,
                  "Write the result to a .csv, .parquet or .ndjson file");
  run->add_option("--limit", options->limit, "Rows to print (0: all); default 100");
  run->callback([&context, options] {
    context.action = [&context, options] {
      UseHome(context);
      Emit(context, open_flow(options->name), options->output,
           options->output.empty() ? options->limit : 0);
    };
  });
}

}  // namespace

void RegisterDataCommands(CLI::App& app, Context& context) {
  RegisterDb(app, context);
  RegisterCloud(app, context);
  RegisterRun(app, context);
}

}  // namespace ff::cli
