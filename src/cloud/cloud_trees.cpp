// include/flowfile/cloud_files.hpp: folder copies and deletes through one ObjectStore.
#include <algorithm>
#include <filesystem>
#include <string_view>

#include "cloud/cloud_url.hpp"
#include "cloud/file_copy.hpp"
#include "cloud/object_store.hpp"
#include "flowfile/cloud_files.hpp"
#include "flowfile/errors.hpp"

namespace ff {
namespace {

namespace fs = std::filesystem;

struct Folder {
  cloud::CloudUrl url;  //!< key: "" or ending in '/'
  std::string base;     //!< "<scheme>://<bucket>/": object URLs are base + key
};

Folder FolderOf(const std::string& url) {
  cloud::CloudUrl parsed = cloud::ParseCloudUrl(url);
  if (parsed.bucket.empty())
    throw Error(ErrorCode::kInvalidArgument, "'" + url + "' names no bucket");
  if (!parsed.key.empty() && parsed.key.back() != '/') parsed.key += '/';
  std::string base = parsed.scheme + "://" + parsed.bucket + "/";
  return {std::move(parsed), std::move(base)};
}

// Why `relative` (a key below the prefix) cannot be a local path, or "" when it can.
std::string UnsafeReason(std::string_view relative) {
  if (relative.empty()) return "it names the folder itself";
  if (relative.front() == '/') return "it is an absolute path";
  size_t start = 0;
  while (start <= relative.size()) {
    size_t end = relative.find('/', start);
    if (end == std::string_view::npos) end = relative.size();
    const std::string_view segment = relative.substr(start, end - start);
    // A trailing '/' (a folder marker) ends in an empty segment, which is fine.
    if (segment.empty() && end != relative.size()) return "it has an empty path segment ('//')";
    if (segment == "..") return "it has a '..' segment (it would leave the target folder)";
    if (segment == ".") return "it has a '.' segment";
    start = end + 1;
  }
  return "";
}

// True when `path` (existing) resolves inside `root` (canonical), symbolic links followed.
bool Inside(const fs::path& root, const fs::path& path) {
  const fs::path real = fs::canonical(path);
  auto [root_end, _] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
  return root_end == root.end();
}

void CreateFolder(const fs::path& folder) {
  std::error_code error;
  fs::create_directories(folder, error);
  if (error)
    throw Error(ErrorCode::kIo,
                "could not create the folder '" + folder.string() + "': " + error.message());
}

// Creates `folder` below `root`, refusing one that resolves elsewhere.
void MakeFolder(const fs::path& root, const fs::path& folder) {
  CreateFolder(folder);
  if (!Inside(root, folder))
    throw Error(ErrorCode::kInvalidArgument,
                "'" + folder.string() + "' leads outside '" + root.string() +
                    "' through a symbolic link; nothing is written there");
}

std::vector<fs::path> RegularFilesUnder(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code error;
  for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_regular_file()) files.push_back(it->path());
  }
  if (error)
    throw Error(ErrorCode::kIo, "could not list '" + dir.string() + "': " + error.message());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::string cloud_folder_prefix(const std::string& url) { return FolderOf(url).url.key; }

TreeCopyReport upload_directory(const std::string& connection_name, const std::string& local_dir,
                                const std::string& url, const CopiedFileCallback& on_file) {
  const Folder folder = FolderOf(url);
  if (!fs::exists(local_dir))
    throw Error(ErrorCode::kNotFound, "no such folder '" + local_dir + "'");
  if (!fs::is_directory(local_dir))
    throw Error(ErrorCode::kInvalidArgument, "'" + local_dir + "' is not a folder");
  const std::vector<fs::path> files = RegularFilesUnder(local_dir);
  auto store = cloud::OpenObjectStore(connection_name);
  TreeCopyReport report;
  for (const fs::path& file : files) {
    const std::string key = folder.url.key + file.lexically_relative(local_dir).generic_string();
    const uint64_t bytes = cloud::UploadLocalFile(*store, file.string(), folder.url.bucket, key);
    ++report.files;
    report.bytes += bytes;
    if (on_file) on_file({file.string(), folder.base + key, bytes});
  }
  return report;
}

TreeCopyReport download_prefix(const std::string& connection_name, const std::string& url,
                               const std::string& local_dir, const CopiedFileCallback& on_file) {
  const Folder folder = FolderOf(url);
  auto store = cloud::OpenObjectStore(connection_name);
  const std::vector<cloud::ObjectInfo> objects = store->List(folder.url.bucket, folder.url.key);
  if (objects.empty())
    throw Error(ErrorCode::kNotFound, "no objects under " + folder.base + folder.url.key);
  // Every key is checked before anything is written.
  for (const cloud::ObjectInfo& object : objects) {
    const std::string relative = object.key.substr(folder.url.key.size());
    if (relative.empty()) continue;  // the folder's own marker object
    if (std::string why = UnsafeReason(relative); !why.empty())
      throw Error(ErrorCode::kInvalidArgument, "refusing to download '" + folder.base + object.key +
                                                   "': " + why + "; nothing was downloaded");
  }
  CreateFolder(local_dir);
  const fs::path root = fs::canonical(local_dir);
  TreeCopyReport report;
  for (const cloud::ObjectInfo& object : objects) {
    const std::string relative = object.key.substr(folder.url.key.size());
    if (relative.empty()) continue;
    const fs::path target = root / relative;
    if (relative.back() == '/') {  // a folder marker: the folder, no file
      MakeFolder(root, target);
      continue;
    }
    // The file itself is renamed into place, which replaces a link rather than following it.
    MakeFolder(root, target.parent_path());
    const uint64_t bytes = cloud::DownloadToLocalFile(*store, folder.url.bucket, object.key,
                                                      target.string(), folder.base + object.key);
    ++report.files;
    report.bytes += bytes;
    if (on_file) on_file({folder.base + object.key, target.string(), bytes});
  }
  return report;
}

void delete_cloud_object(const std::string& connection_name, const std::string& url) {
  const cloud::CloudUrl object = cloud::ParseCloudUrl(url);
  if (object.key.empty() || object.key.back() == '/')
    throw Error(ErrorCode::kInvalidArgument, "'" + url + "' names a folder, not an object");
  auto store = cloud::OpenObjectStore(connection_name);
  store->Head(object.bucket, object.key);  // kNotFound when there is none (S3 would not say)
  store->Delete(object.bucket, object.key);
}

size_t delete_cloud_objects(const std::string& connection_name,
                            const std::vector<std::string>& urls,
                            const std::function<void(const std::string&)>& on_deleted) {
  if (urls.empty()) return 0;
  std::vector<cloud::CloudUrl> objects;
  for (const std::string& url : urls) objects.push_back(cloud::ParseCloudUrl(url));
  auto store = cloud::OpenObjectStore(connection_name);
  size_t deleted = 0;
  for (size_t i = 0; i < objects.size(); ++i) {
    store->Delete(objects[i].bucket, objects[i].key);
    ++deleted;
    if (on_deleted) on_deleted(urls[i]);
  }
  return deleted;
}

}  // namespace ff
