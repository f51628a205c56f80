// `flowfile cloud cp --recursive` and `flowfile cloud rm`: folders of objects, through the
// public cloud API (flowfile/cloud_files.hpp), connections by name or by scope.
#include <chrono>
#include <filesystem>
#include <iostream>

#include "cloud_commands.hpp"
#include "flowfile/cloud_files.hpp"
#include "flowfile/cloud_frames.hpp"
#include "flowfile/errors.hpp"
#include "frame_output.hpp"
#include "output.hpp"
#include "terminal.hpp"

namespace ff::cli {
namespace {

std::string Plural(uint64_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// The folder URL as the listing sees it: "<scheme>://<bucket>/<prefix ending in '/'>".
std::string FolderUrl(const std::string& url) {
  const CloudLocation at = parse_cloud_url(url);
  return at.scheme + "://" + at.bucket + "/" + cloud_folder_prefix(url);
}

}  // namespace

std::string ConnectionFor(const Context& context, const std::string& url, const std::string& named,
                          bool verbose) {
  UseHome(context);
  if (!named.empty()) {
    if (verbose) std::cerr << "using connection '" << named << "'\n";
    return named;
  }
  std::string why, name;
  try {
    name = which_connection(url, &why);
  } catch (const Error& e) {
    // The core names the Python keyword; say the flag instead.
    std::string message = e.what();
    if (const size_t at = message.find("connection_name="); at != std::string::npos)
      message.replace(at, 16, "--connection NAME");
    throw Error(e.code(), message);
  }
  if (verbose) std::cerr << "using " << (why.empty() ? "connection '" + name + "'" : why) << "\n";
  return name;
}

void CloudCopyTree(const Context& context, const CopyOptions& o) {
  namespace fs = std::filesystem;
  const bool upload = is_cloud_url(o.destination);
  if (upload == is_cloud_url(o.source))
    throw UsageError(upload ? "cloud cp copies between local files and the cloud, not cloud to "
                              "cloud"
                            : "cloud cp needs one cloud URL (s3://bucket/prefix/): '" + o.source +
                                  "' and '" + o.destination + "' are both local");
  const std::string& local = upload ? o.source : o.destination;
  const std::string url = FolderUrl(upload ? o.destination : o.source);
  if (local == "-") throw UsageError("cloud cp --recursive copies folders, not standard streams");
  if (upload && !fs::exists(local))
    throw Error(ErrorCode::kNotFound, "no such folder '" + local + "'");
  if (upload && !fs::is_directory(local))
    throw UsageError("'" + local + "' is not a folder; drop --recursive to copy one file");
  if (!upload && fs::exists(local) && !fs::is_directory(local))
    throw UsageError("'" + local + "' is a file; --recursive downloads into a folder");
  const std::string name = ConnectionFor(context, url, o.connection, o.verbose);
  const auto start = std::chrono::steady_clock::now();
  const CopiedFileCallback each = [&o](const CopiedFile& file) {
    if (o.verbose)
      std::cerr << file.source << " -> " << file.destination << "  " << file.bytes << " bytes\n";
  };
  const TreeCopyReport report =
      upload ? upload_directory(name, local, url, each) : download_prefix(name, url, local, each);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (context.json) {
    return PrintJson({{"source", upload ? local : url},
                      {"destination", upload ? url : local},
                      {"connection", name},
                      {"files", report.files},
                      {"bytes", report.bytes},
                      {"seconds", seconds}});
  }
  std::cout << (upload ? "Uploaded " : "Downloaded ") << Plural(report.files, "file") << " ("
            << Plural(report.bytes, "byte") << ") " << (upload ? "to " : "from ") << url << ".\n";
}

namespace {

struct RmOptions {
  std::string first, second, connection;
  bool recursive = false, dry_run = false, yes = false, verbose = false;
};

// Deleting many objects is confirmed on a terminal; elsewhere it needs --yes.
bool Confirmed(const RmOptions& o, const std::string& what) {
  if (o.yes) return true;
  if (!StdinIsTerminal())
    throw UsageError("deleting " + what +
                     " needs confirmation: run on a terminal to be asked, or pass --yes");
  const std::string answer = PromptLine("Delete " + what + "? [y/N] ");
  return answer == "y" || answer == "Y" || answer == "yes";
}

void RemoveOne(const Context& context, const RmOptions& o, const std::string& name,
               const std::string& url) {
  if (o.dry_run) {
    // The key sorts before every longer key it prefixes: a one-entry listing finds it.
    for (const CloudObject& object : list_cloud_objects(name, url, {true, 1, ""}))
      if (object.url == url) {
        if (context.json)
          return PrintJson(
              {{"dry_run", true}, {"objects", {url}}, {"count", 1}, {"bytes", object.size}});
        std::cout << "Would delete " << url << " (" << Plural(object.size, "byte") << ").\n";
        return;
      }
    throw Error(ErrorCode::kNotFound, "no object " + url);
  }
  delete_cloud_object(name, url);
  if (context.json) return PrintJson({{"dry_run", false}, {"objects", {url}}, {"count", 1}});
  std::cout << "Deleted " << url << ".\n";
}

void RemoveTree(const Context& context, const RmOptions& o, const std::string& name,
                const std::string& url) {
  const std::vector<CloudObject> objects = list_cloud_objects(name, url, {});
  if (objects.empty()) throw Error(ErrorCode::kNotFound, "no objects under " + url);
  std::vector<std::string> urls;
  uint64_t bytes = 0;
  for (const CloudObject& object : objects) {
    urls.push_back(object.url);
    bytes += object.size;
  }
  const std::string what =
      Plural(urls.size(), "object") + " (" + Plural(bytes, "byte") + ") under " + url;
  if (o.dry_run) {
    if (context.json)
      return PrintJson(
          {{"dry_run", true}, {"objects", urls}, {"count", urls.size()}, {"bytes", bytes}});
    for (const std::string& each : urls) std::cout << each << "\n";
    std::cout << "Would delete " << what << " (dry run: nothing deleted).\n";
    return;
  }
  if (!Confirmed(o, what)) {
    std::cerr << "Nothing deleted.\n";
    return;
  }
  const size_t deleted = delete_cloud_objects(name, urls, [&o](const std::string& each) {
    if (o.verbose) std::cerr << "deleted " << each << "\n";
  });
  if (context.json)
    return PrintJson({{"dry_run", false}, {"objects", urls}, {"count", deleted}, {"bytes", bytes}});
  std::cout << "Deleted " << what << ".\n";
}

void Remove(const Context& context, RmOptions o) {
  // `cloud rm URL` or `cloud rm CONNECTION URL`, as `cloud ls NAME URL` and `cloud cp -c`.
  if (o.second.empty()) std::swap(o.first, o.second);
  if (o.second.empty())
    throw UsageError("cloud rm needs the URL of what to delete (s3://bucket/key)");
  if (!o.first.empty() && !o.connection.empty() && o.first != o.connection)
    throw UsageError("two connections given: '" + o.first + "' and --connection '" + o.connection +
                     "'");
  if (!is_cloud_url(o.second))
    throw UsageError("cloud rm needs a cloud URL (s3://bucket/key), not '" + o.second + "'");
  const CloudLocation at = parse_cloud_url(o.second);
  if (!o.recursive && at.key.empty())
    throw UsageError("'" + o.second +
                     "' is a whole bucket; to delete every object in it, add --recursive");
  if (!o.recursive && at.key.back() == '/')
    throw UsageError("'" + o.second +
                     "' names a folder; to delete every object under it, add --recursive");
  const std::string url =
      o.recursive ? FolderUrl(o.second) : at.scheme + "://" + at.bucket + "/" + at.key;
  const std::string name =
      ConnectionFor(context, url, o.first.empty() ? o.connection : o.first, o.verbose);
  if (o.recursive) return RemoveTree(context, o, name, url);
  RemoveOne(context, o, name, url);
}

}  // namespace

void RegisterCloudRm(CLI::App& cloud, Context& context) {
  auto options = std::make_shared<RmOptions>();
  auto* command = cloud.add_subcommand(
      "rm", "Delete an object, or with --recursive every object under a prefix");
  // `rm URL` or `rm CONNECTION URL`: CLI11 fills positionals in order, so Remove() moves a
  // lone argument to the URL.
  command->add_option("connection", options->first,
                      "Connection name (optional: by default the one whose scopes match)");
  command->add_option("url", options->second,
                      "s3://bucket/key, or a prefix with --recursive (required)");
  command->add_option("-c,--connection", options->connection, "Connection name");
  command->add_flag("-r,--recursive", options->recursive,
                    "Delete every object under the prefix (the bucket root: every object)");
  command->add_flag("-n,--dry-run", options->dry_run, "List what would be deleted; delete nothing");
  command->add_flag("-y,--yes", options->yes, "Do not ask for confirmation");
  command->add_flag("-v,--verbose", options->verbose, "Print each object as it is deleted");
  command->footer(
      "A prefix is a folder: s3://bucket/dir means the keys under dir/ (never dir2/...). "
      "With --recursive the objects are listed first and their count shown; on a terminal you "
      "are asked to confirm, elsewhere --yes is needed.");
  command->callback(
      [&context, options] { context.action = [&context, options] { Remove(context, *options); }; });
}

}  // namespace ff::cli
