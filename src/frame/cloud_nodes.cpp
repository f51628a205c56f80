// Cloud storage as frame sources and sinks, over the ObjectStore clients (src/cloud).
#include <fnmatch.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "cloud/digests.hpp"
#include "cloud/object_store.hpp"
#include "engine/engine.hpp"
#include "flowfile/cloud_frames.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"
#include "frame/compiler.hpp"

namespace ff {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct CloudPath {
  std::string scheme, bucket, key;
};

CloudPath ParseCloudPath(const std::string& url) {
  const auto sep = url.find("://");
  if (sep == std::string::npos) {
    throw Error(ErrorCode::kInvalidArgument,
                "'" + url + "' is not a cloud URL (expected s3://bucket/key, az://, gs://...)");
  }
  CloudPath p;
  p.scheme = url.substr(0, sep);
  const std::string rest = url.substr(sep + 3);
  const auto slash = rest.find('/');
  p.bucket = rest.substr(0, slash);
  p.key = slash == std::string::npos ? "" : rest.substr(slash + 1);
  // abfs[s]://container@account.dfs.core.windows.net/path: the container is the bucket.
  if (const auto at = p.bucket.find('@'); at != std::string::npos) p.bucket.resize(at);
  if (p.bucket.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "'" + url + "' names no bucket");
  }
  return p;
}

bool ScopeMatches(const std::string& scope, const CloudPath& path) {
  // Parsed boundaries: the bucket whole, then whole path segments (s3://trusted never matches
  // s3://trusted-evil/...).
  const CloudPath s = ParseCloudPath(scope);
  auto norm = [](std::string scheme) { return scheme == "s3a" ? std::string("s3") : scheme; };
  if (norm(s.scheme) != norm(path.scheme) || s.bucket != path.bucket) return false;
  std::string prefix = s.key;
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (prefix.empty()) return true;
  return path.key == prefix || path.key.starts_with(prefix + "/");
}

std::string ChooseConnection(const std::string& url, std::string* explanation) {
  const CloudPath path = ParseCloudPath(url);
  std::string best;
  size_t best_length = 0;
  std::vector<std::string> candidates;
  for (const auto& c : Workspace::Default()->connections().ListClouds()) {
    candidates.push_back(c.connection_name);
    for (const std::string& scope : c.scopes) {
      if (ScopeMatches(scope, path) && scope.size() >= best_length) {
        best = c.connection_name, best_length = scope.size();
        if (explanation) *explanation = "scope '" + scope + "' of connection '" + best + "'";
      }
    }
  }
  if (best.empty()) {
    std::string list;
    for (const auto& c : candidates) list += (list.empty() ? "" : ", ") + c;
    throw Error(ErrorCode::kNotFound,
                "no cloud connection's scopes match '" + url + "'; give connection_name= (" +
                    (list.empty() ? "no cloud connections exist" : "known: " + list) + ")");
  }
  return best;
}

bool HasGlob(const std::string& key) { return key.find_first_of("*?[") != std::string::npos; }

// Every object the URL names: one key, a glob, or a "directory" prefix.
std::vector<cloud::ObjectInfo> Resolve(cloud::ObjectStore& store, const CloudPath& path,
                                       const std::string& url) {
  std::vector<cloud::ObjectInfo> out;
  if (HasGlob(path.key)) {
    const std::string prefix = path.key.substr(0, path.key.find_first_of("*?["));
    for (auto& object : store.List(path.bucket, prefix.substr(0, prefix.rfind('/') + 1))) {
      // `**` crosses folders; `*` stays within one (FNM_PATHNAME).
      const bool deep = path.key.find("**") != std::string::npos;
      if (fnmatch(path.key.c_str(), object.key.c_str(), deep ? 0 : FNM_PATHNAME) == 0) {
        out.push_back(std::move(object));
      }
    }
  } else if (path.key.empty() || path.key.back() == '/') {
    for (auto& object : store.List(path.bucket, path.key)) {
      if (object.key.back() != '/') out.push_back(std::move(object));
    }
  } else {
    cloud::ObjectInfo info = store.Head(path.bucket, path.key);
    info.key = path.key;
    out.push_back(std::move(info));
  }
  if (out.empty()) throw Error(ErrorCode::kNotFound, "no objects match '" + url + "'");
  return out;
}

// The local copy of an object, downloaded once per ETag.
std::string CachedCopy(cloud::ObjectStore& store, const std::string& bucket,
                       const cloud::ObjectInfo& object, const std::string& extension) {
  const fs::path dir = Workspace::Default()->config_dir() / "cache" / "cloud";
  fs::create_directories(dir);
  const std::string id =
      cloud::Sha256Hex(store.Identity() + "\n" + bucket + "\n" + object.key + "\n" + object.etag);
  const fs::path target = dir / (id + extension);
  if (fs::exists(target)) return target.string();
  static std::atomic<uint64_t> counter{0};
  const fs::path temp =
      dir / (id + ".part-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    store.GetTo(bucket, object.key, [&file](std::string_view chunk) {
      file.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    });
    if (!file.flush())
      throw Error(ErrorCode::kIo, "could not write the cache file " + temp.string());
  }
  fs::rename(temp, target);
  return target.string();
}

std::string ReaderSql(const std::string& format, const std::vector<std::string>& files,
                      const CloudReadOptions& o) {
  std::string list = "[";
  for (size_t i = 0; i < files.size(); ++i) list += (i ? ", " : "") + engine::Quote(files[i]);
  list += "]";
  if (format == "parquet") return "SELECT * FROM read_parquet(" + list + ", union_by_name = true)";
  if (format == "csv") {
    return "SELECT * FROM read_csv(" + list + ", delim = " + engine::Quote(o.delimiter) +
           ", header = " + (o.has_header ? "true" : "false") + ", union_by_name = true)";
  }
  if (format == "json")
    return "SELECT * FROM read_json(" + list + ", format = 'newline_delimited')";
  throw Error(ErrorCode::kInvalidArgument,
              "file_format must be parquet, csv or json, not '" + format + "'");
}

}  // namespace

FlowFrame read_from_cloud_storage(const std::string& url, CloudReadOptions o) {
  if (o.file_format == "delta") {
    throw Error(ErrorCode::kUnsupported, "Delta tables on cloud storage are not wired yet");
  }
  const std::string name =
      o.connection_name.empty() ? ChooseConnection(url, nullptr) : o.connection_name;
  auto store = cloud::OpenObjectStore(name);
  const CloudPath path = ParseCloudPath(url);
  std::vector<std::string> files;
  const std::string extension = o.file_format == "json" ? ".ndjson" : "." + o.file_format;
  for (const auto& object : Resolve(*store, path, url)) {
    files.push_back(CachedCopy(*store, path.bucket, object, extension));
  }
  auto node = frame::NewNode("cloud_storage_reader", o.description,
                             {{"path", url},
                              {"connection_name", name},
                              {"file_format", o.file_format},
                              {"delimiter", o.delimiter},
                              {"has_header", o.has_header}},
                             {});
  node->runtime_ref = ReaderSql(o.file_format, files, o);
  FlowFrame frame(std::move(node));
  frame::SchemaOf(frame.plan());
  return frame;
}

FlowFrame write_to_cloud_storage(const FlowFrame& frame, const std::string& url,
                                 CloudWriteOptions o) {
  const std::string name =
      o.connection_name.empty() ? ChooseConnection(url, nullptr) : o.connection_name;
  auto store = cloud::OpenObjectStore(name);
  const CloudPath path = ParseCloudPath(url);
  if (path.key.empty() || path.key.back() == '/') {
    throw Error(ErrorCode::kInvalidArgument,
                "write to '" + url + "': give an object key, not a folder");
  }
  static std::atomic<uint64_t> counter{0};
  const fs::path temp = fs::temp_directory_path() / ("ff-upload-" + std::to_string(::getpid()) +
                                                     "-" + std::to_string(counter++));
  std::string options;
  if (o.file_format == "parquet") {
    options = "FORMAT parquet, COMPRESSION " + o.compression;
  } else if (o.file_format == "csv") {
    options = "FORMAT csv, HEADER true, DELIMITER " + engine::Quote(o.delimiter);
  } else if (o.file_format == "json") {
    options = "FORMAT json";
  } else {
    throw Error(ErrorCode::kInvalidArgument,
                "file_format must be parquet, csv or json, not '" + o.file_format + "'");
  }
  try {
    engine::Engine::Get().Acquire()->Execute("COPY (" + frame.compiled_sql() + ") TO " +
                                             engine::Quote(temp.string()) + " (" + options + ")");
    const uint64_t size = fs::file_size(temp);
    std::ifstream file(temp, std::ios::binary);
    std::mutex file_mutex;
    store->Upload(
        path.bucket, path.key,
        [&](uint64_t offset, char* buffer, size_t length) -> size_t {
          std::lock_guard<std::mutex> lock(file_mutex);  // parts are read from several threads
          file.clear();
          file.seekg(static_cast<std::streamoff>(offset));
          file.read(buffer, static_cast<std::streamsize>(length));
          return static_cast<size_t>(file.gcount());
        },
        size);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw;
  }
  std::error_code ignored;
  fs::remove(temp, ignored);
  auto node = frame::NewNode(
      "cloud_storage_writer", o.description,
      {{"path", url}, {"connection_name", name}, {"file_format", o.file_format}}, {frame.plan()});
  node->column_names = frame.plan()->column_names;
  return FlowFrame(std::move(node));
}

std::vector<CloudObject> list_cloud_objects(const std::string& connection_name,
                                            const std::string& url) {
  auto store = cloud::OpenObjectStore(connection_name);
  const CloudPath path = ParseCloudPath(url);
  std::vector<CloudObject> out;
  for (const auto& object : store->List(path.bucket, path.key)) {
    out.push_back(
        {path.scheme + "://" + path.bucket + "/" + object.key, object.size, object.last_modified});
  }
  return out;
}

std::string which_connection(const std::string& url, std::string* explanation) {
  return ChooseConnection(url, explanation);
}

}  // namespace ff
