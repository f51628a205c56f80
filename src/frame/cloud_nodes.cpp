// Cloud storage as frame sources and sinks, over the ObjectStore clients (src/cloud).
#include <fnmatch.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "cloud/cloud_url.hpp"
#include "cloud/connection_scope.hpp"
#include "cloud/delta_mirror.hpp"
#include "cloud/digests.hpp"
#include "cloud/local_file.hpp"
#include "cloud/object_store.hpp"
#include "delta/commit_store.hpp"
#include "engine/engine.hpp"
#include "flowfile/cloud_frames.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/delta.hpp"
#include "flowfile/delta_frames.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"
#include "frame/compiler.hpp"
#include "frame/delta_write.hpp"
#include "frame/version_option.hpp"

namespace ff {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using CloudPath = cloud::CloudUrl;

CloudPath ParseCloudPath(const std::string& url) { return cloud::ParseCloudUrl(url); }

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
    try {
      cloud::ObjectInfo info = store.Head(path.bucket, path.key);
      info.key = path.key;
      out.push_back(std::move(info));
    } catch (const Error& e) {
      // No such object: the URL may name a folder written by appends (Spark's convention).
      if (e.code() != ErrorCode::kNotFound) throw;
      for (auto& object : store.List(path.bucket, path.key + "/")) {
        if (object.key.back() != '/') out.push_back(std::move(object));
      }
      if (out.empty()) throw;
    }
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
  try {
    store.DownloadToFile(bucket, object.key, temp.string());
    fs::rename(temp, target);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw;
  }
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

// The COPY options of a non-Delta cloud write.
std::string CopyOptions(const CloudWriteOptions& o) {
  if (o.file_format == "parquet") return "FORMAT parquet, COMPRESSION " + o.compression;
  if (o.file_format == "csv") {
    return "FORMAT csv, HEADER true, DELIMITER " + engine::Quote(o.delimiter);
  }
  if (o.file_format == "json") return "FORMAT json";
  throw Error(ErrorCode::kInvalidArgument,
              "file_format must be parquet, csv, json or delta, not '" + o.file_format + "'");
}

// "part-20261202T013005123Z-<uuid>.parquet": sorts by write time, never collides.
std::string PartFileName(const std::string& format) {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &utc);
  char millis[8];
  std::snprintf(millis, sizeof millis, "%03d", static_cast<int>(ms));
  return std::string("part-") + stamp + millis + "Z-" + delta::NewUuid() + "." + format;
}

// A private folder for the file the engine writes before it is uploaded: mkdtemp (an
// unpredictable name, mode 0700) under the home, so other users can neither read the
// data nor plant a file at a name they guessed. Removed with its content on every path.
class UploadStaging {
 public:
  UploadStaging() {
    const fs::path parent = Workspace::Default()->config_dir() / "cache" / "uploads";
    std::error_code ec;
    fs::create_directories(parent, ec);
    // Private whatever the umask or the home's own mode: staged files are the user's data.
    fs::permissions(parent, fs::perms::owner_all, fs::perm_options::replace, ec);
    std::string pattern = (parent / "up-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw Error(ErrorCode::kIo, "cannot create a staging folder under " + parent.string() + ": " +
                                      std::strerror(errno));
    dir_ = pattern;
  }
  ~UploadStaging() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  UploadStaging(const UploadStaging&) = delete;
  UploadStaging& operator=(const UploadStaging&) = delete;
  fs::path file(const std::string& name) const { return dir_ / name; }

 private:
  fs::path dir_;
};

// Runs the frame into a local staging file, then uploads it as one object.
void UploadFrame(const FlowFrame& frame, cloud::ObjectStore& store, const std::string& bucket,
                 const std::string& key, const CloudWriteOptions& o) {
  const std::string options = CopyOptions(o);
  const UploadStaging staging;
  const fs::path temp = staging.file("part");
  try {
    engine::Engine::Get().Acquire()->Execute("COPY (" + frame.compiled_sql() + ") TO " +
                                             engine::Quote(temp.string()) + " (" + options + ")");
  } catch (const Error& error) {
    // As a local write says it: the node and the value that failed, in our words.
    if (error.code() == ErrorCode::kEngine) frame::ThrowAttributed(frame.plan(), error);
    throw;
  }
  const cloud::LocalFileReader file(temp.string());
  store.Upload(bucket, key, file.AsBodyReader(), file.size());
}

std::shared_ptr<cloud::DeltaMirror> OpenMirror(const std::string& connection, const CloudPath&,
                                               const std::string& url) {
  return cloud::OpenDeltaMirror(connection, url,
                                Workspace::Default()->config_dir() / "cache" / "cloud-delta");
}

// Runs `work` on the mirror; messages name the table's URL, never the local mirror folder.
template <typename Work>
auto OnMirror(const cloud::DeltaMirror& mirror, Work work) -> decltype(work()) {
  try {
    return work();
  } catch (const Error& e) {
    std::string message = e.what();
    for (size_t at = message.find(mirror.root()); at != std::string::npos;
         at = message.find(mirror.root(), at + mirror.url().size())) {
      message.replace(at, mirror.root().size(), mirror.url());
    }
    if (message == e.what()) throw;
    throw Error(e.code(), message);
  }
}

}  // namespace

FlowFrame read_from_cloud_storage(const std::string& url, CloudReadOptions o) {
  const std::string name =
      o.connection_name.empty() ? cloud::ConnectionForUrl(url) : o.connection_name;
  const CloudPath path = ParseCloudPath(url);
  json params = {{"path", url},
                 {"connection_name", name},
                 {"file_format", o.file_format},
                 {"delimiter", o.delimiter},
                 {"has_header", o.has_header}};
  std::string sql;
  if (o.file_format == "delta") {
    auto mirror = OpenMirror(name, path, url);
    const std::optional<int64_t> version =
        frame::OneVersion(o.version, o.delta_version, "read_from_cloud_storage");
    delta::SnapshotOptions at;
    at.version = version;
    at.timestamp_ms = o.delta_timestamp_ms;
    const delta::Snapshot snapshot = OnMirror(*mirror, [&] {
      mirror->SyncLog();
      if (delta::LatestVersion(mirror->root()) < 0) {
        throw Error(ErrorCode::kNotFound, "no Delta table at '" + url +
                                              "': no commits under its _delta_log/ (connection '" +
                                              name + "')");
      }
      delta::Snapshot s = delta::LoadSnapshot(mirror->root(), at);
      mirror->FetchFiles(s);
      return s;
    });
    if (version) params["delta_version"] = *version;
    if (o.delta_timestamp_ms) params["delta_timestamp_ms"] = *o.delta_timestamp_ms;
    params["resolved_version"] = snapshot.version;
    sql = delta::DeltaScanSql(snapshot);
  } else {
    auto store = cloud::OpenObjectStore(name);
    std::vector<std::string> files;
    const std::string extension = o.file_format == "json" ? ".ndjson" : "." + o.file_format;
    for (const auto& object : Resolve(*store, path, url)) {
      files.push_back(CachedCopy(*store, path.bucket, object, extension));
    }
    sql = ReaderSql(o.file_format, files, o);
  }
  auto node = frame::NewNode("cloud_storage_reader", o.description, params, {});
  node->runtime_ref = sql;
  FlowFrame frame(std::move(node));
  frame::SchemaOf(frame.plan());
  return frame;
}

FlowFrame write_to_cloud_storage(const FlowFrame& frame, const std::string& url,
                                 CloudWriteOptions o) {
  const std::string name =
      o.connection_name.empty() ? cloud::ConnectionForUrl(url) : o.connection_name;
  const CloudPath path = ParseCloudPath(url);
  json params = {{"path", url},
                 {"connection_name", name},
                 {"file_format", o.file_format},
                 {"write_mode", o.write_mode}};
  if (o.file_format == "delta") {
    auto mirror = OpenMirror(name, path, url);
    WriteDeltaOptions options;
    options.write_mode = o.write_mode;
    options.partition_by = o.partition_by;
    options.description = o.description;
    const delta::WriteResult result = OnMirror(*mirror, [&] {
      mirror->SyncLog();
      const auto publishing = mirror->ScopedPublish();
      delta::WriteResult r = frame::WriteDeltaAt(frame, mirror->root(), options);
      mirror->PushCheckpoints();
      return r;
    });
    params["partition_by"] = o.partition_by;
    params["version"] = result.version;
  } else {
    if (o.write_mode != "overwrite" && o.write_mode != "append") {
      throw Error(ErrorCode::kInvalidArgument,
                  "write to '" + url + "': write_mode must be 'overwrite' or 'append', not '" +
                      o.write_mode + "'");
    }
    std::string key = path.key;
    if (o.write_mode == "append") {
      // A new part file in the folder the URL names; earlier parts stay as they are.
      if (!key.empty() && key.back() != '/') key += '/';
      key += PartFileName(o.file_format);
    } else if (key.empty() || key.back() == '/') {
      throw Error(ErrorCode::kInvalidArgument,
                  "write to '" + url +
                      "': give an object key, not a folder (or write_mode='append' to add a "
                      "part file to the folder)");
    }
    auto store = cloud::OpenObjectStore(name);
    UploadFrame(frame, *store, path.bucket, key, o);
    params["object"] = path.scheme + "://" + path.bucket + "/" + key;
  }
  auto node = frame::NewNode("cloud_storage_writer", o.description, params, {frame.plan()});
  node->column_names = frame.plan()->column_names;
  return FlowFrame(std::move(node));
}

std::vector<CloudObject> list_cloud_objects(const std::string& connection_name,
                                            const std::string& url,
                                            const ListCloudOptions& options) {
  auto store = cloud::OpenObjectStore(connection_name);
  const CloudPath path = ParseCloudPath(url);
  const std::string base = path.scheme + "://" + path.bucket + "/";
  std::string after = options.start_after;
  if (after.rfind(base, 0) == 0) after = after.substr(base.size());
  // A prefix that is not a folder ("logs/2026") still lists one level below its last '/'.
  const size_t level = path.key.rfind('/') == std::string::npos ? 0 : path.key.rfind('/') + 1;
  std::vector<CloudObject> out;
  for (const auto& object : store->List(path.bucket, path.key)) {
    CloudObject entry{base + object.key, object.size, object.last_modified, false};
    std::string key = object.key;
    if (!options.recursive) {
      if (const size_t slash = key.find('/', level); slash != std::string::npos) {
        key = key.substr(0, slash + 1);
        if (!out.empty() && out.back().url == base + key) continue;  // same folder again
        entry = {base + key, 0, "", true};
      }
    }
    if (!after.empty() && key <= after) continue;
    if (options.limit != 0 && out.size() == options.limit) break;
    out.push_back(std::move(entry));
  }
  return out;
}

std::string which_connection(const std::string& url, std::string* explanation) {
  return cloud::ConnectionForUrl(url, explanation);
}

}  // namespace ff
