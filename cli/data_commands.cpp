// `flowfile db query|schemas|tables`, `flowfile cloud ls|cp` (rm, cp -r: cloud_tree_commands.cpp),
// `flowfile run FLOW`: data through the frames engine (or the object stores), connections by name
// only.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "cloud_commands.hpp"
#include "context.hpp"
#include "flowfile/cloud_files.hpp"
#include "flowfile/cloud_frames.hpp"
#include "flowfile/database.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/frame.hpp"
#include "flowfile/workspace.hpp"
#include "frame_output.hpp"
#include "output.hpp"

namespace ff::cli {
namespace {

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

// ---- flowfile cloud cp ----

void WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t wrote = ::write(fd, data.data(), data.size());
    if (wrote < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorCode::kIo, "could not write '" + path + "': " + std::strerror(errno));
    }
    data.remove_prefix(static_cast<size_t>(wrote));
  }
}

void CloudCopy(const Context& context, const CopyOptions& o) {
  namespace fs = std::filesystem;
  if (o.recursive) return CloudCopyTree(context, o);
  const bool upload = is_cloud_url(o.destination);
  if (upload == is_cloud_url(o.source)) {
    throw UsageError(upload ? "cloud cp copies between a local file and the cloud, not "
                              "cloud to cloud"
                            : "cloud cp needs one cloud URL (s3://bucket/key): '" + o.source +
                                  "' and '" + o.destination + "' are both local");
  }
  const std::string& url = upload ? o.destination : o.source;
  CloudLocation object = parse_cloud_url(url);
  std::string local = upload ? o.source : o.destination;
  if (upload && local == "-") throw UsageError("cloud cp uploads files, not stdin: give a path");
  if (upload && (object.key.empty() || object.key.back() == '/')) {
    object.key += fs::path(local).filename().string();  // like cp: into the "folder"
  }
  if (!upload && (object.key.empty() || object.key.back() == '/'))
    throw UsageError("'" + url + "' names a folder; give an object key to download");
  if (!upload && local != "-" && fs::is_directory(local))
    local = (fs::path(local) / fs::path(object.key).filename()).string();

  const std::string name = ConnectionFor(context, url, o.connection, o.verbose);
  const std::string remote =
      url.substr(0, url.find("://")) + "://" + object.bucket + "/" + object.key;
  if (upload) {
    // Usage errors (exit 2) before the core's own checks.
    if (!fs::exists(local)) throw Error(ErrorCode::kNotFound, "no such file '" + local + "'");
    if (fs::is_directory(local))
      throw UsageError("'" + local + "' is a folder; add --recursive to copy its files");
    if (!fs::is_regular_file(local)) throw UsageError("'" + local + "' is not a regular file");
  }
  const auto start = std::chrono::steady_clock::now();
  uint64_t bytes = 0;
  if (upload) {
    bytes = upload_file(name, local, remote);
  } else if (local == "-") {
    std::cout.flush();
    bytes = download_to(name, remote,
                        [](std::string_view chunk) { WriteAll(STDOUT_FILENO, chunk, "(stdout)"); });
  } else {
    bytes = download_file(name, remote, local);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (o.verbose) {
    char line[160];
    std::snprintf(line, sizeof line, "%s %llu bytes in %.3f s (%.1f MiB/s)\n",
                  upload ? "uploaded" : "downloaded", static_cast<unsigned long long>(bytes),
                  seconds,
                  seconds > 0 ? static_cast<double>(bytes) / (1024.0 * 1024.0) / seconds : 0.0);
    std::cerr << line;
  }
  if (context.json && local != "-") {
    PrintJson({{"source", upload ? local : remote},
               {"destination", upload ? remote : local},
               {"connection", name},
               {"bytes", bytes},
               {"seconds", seconds}});
  }
}

void RegisterCloud(CLI::App& app, Context& context) {
  auto* cloud =
      app.add_subcommand("cloud", "Browse and copy cloud storage through stored connections");
  cloud->require_subcommand(1);
  struct LsOptions {
    std::string name, url;
    bool one_level = false;
    size_t limit = 0;
    std::string start_after;
  };
  auto ls = std::make_shared<LsOptions>();
  auto* l = cloud->add_subcommand("ls", "List objects under a URL (s3://bucket/prefix/)");
  l->add_option("name", ls->name, "Connection name")->required();
  l->add_option("url", ls->url, "s3://bucket/prefix")->required();
  l->add_flag("-1,--one-level", ls->one_level,
              "Only what is directly under the prefix; deeper keys show as folders");
  l->add_option("--limit", ls->limit, "At most this many entries (a page); 0: all");
  l->add_option("--start-after", ls->start_after,
                "Skip entries up to and including this key or URL (the last of a page)");
  l->callback([&context, ls] {
    context.action = [&context, ls] {
      UseHome(context);
      const auto objects =
          list_cloud_objects(ls->name, ls->url, {!ls->one_level, ls->limit, ls->start_after});
      const bool more = ls->limit != 0 && objects.size() == ls->limit;
      if (context.json) {
        Json out = Json::array();
        for (const auto& o : objects) {
          out.push_back({{"url", o.url},
                         {"size", o.size},
                         {"last_modified", o.last_modified},
                         {"is_folder", o.is_folder}});
        }
        return PrintJson(out);
      }
      std::vector<std::vector<std::string>> rows;
      for (const auto& o : objects)
        rows.push_back({o.url, o.is_folder ? "-" : std::to_string(o.size), o.last_modified});
      PrintTable({"URL", "SIZE", "LAST MODIFIED"}, rows, "(no objects)");
      // The next page starts after the last entry shown.
      if (more) std::cerr << "(more: --start-after " << objects.back().url << ")\n";
    };
  });
  auto copy = std::make_shared<CopyOptions>();
  auto* c = cloud->add_subcommand(
      "cp", "Copy a local file to a cloud URL or a cloud object to a local file ('-': stdout)");
  c->add_option("source", copy->source, "Local file or s3://bucket/key")->required();
  c->add_option("destination", copy->destination,
                "s3://bucket/key (a key ending in '/' takes the file's name), a local path "
                "(a folder takes the object's name) or '-' for stdout")
      ->required();
  c->add_option("-c,--connection", copy->connection,
                "Connection name (default: the one whose scopes match the URL)");
  c->add_flag("-v,--verbose", copy->verbose,
              "Print the connection, bytes and throughput on stderr (with --recursive: each "
              "file)");
  c->add_flag("-r,--recursive", copy->recursive,
              "Copy a local folder's files under a prefix, or every object under a prefix into "
              "a local folder (keys keep the relative paths); prints a summary");
  c->callback(
      [&context, copy] { context.action = [&context, copy] { CloudCopy(context, *copy); }; });
  RegisterCloudRm(*cloud, context);
}

}  // namespace

void RegisterDataCommands(CLI::App& app, Context& context) {
  RegisterDb(app, context);
  RegisterCloud(app, context);
}

}  // namespace ff::cli
