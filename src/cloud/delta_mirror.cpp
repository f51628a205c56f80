#include "cloud/delta_mirror.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cloud/cloud_url.hpp"
#include "cloud/digests.hpp"
#include "cloud/local_file.hpp"
#include "cloud/parallel.hpp"
#include "delta/deletion_vector.hpp"
#include "delta/log_files.hpp"
#include "delta/path_codec.hpp"
#include "flowfile/errors.hpp"

namespace ff::cloud {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Small objects (log files) are many; transfers run side by side. Large data files have their
// own part-level parallelism in the clients.
constexpr unsigned kParallelTransfers = 8;

// Commit and checkpoint files: "<20 digits>.json", "<20 digits>.checkpoint[...].parquet|json".
// Everything else in the folder (`_last_checkpoint`, .crc files, temp folders) is skipped.
bool IsVersionedLogFile(const std::string& name) {
  if (name.size() < 25 || name[20] != '.' || name.find('/') != std::string::npos) return false;
  for (size_t i = 0; i < 20; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) return false;
  }
  return name.ends_with(".json") || name.ends_with(".parquet");
}

// A log path with a ".." segment would land outside the mirror (the log is the store's, so
// whoever can write the bucket controls it).
bool EscapesTheTable(const std::string& relative) {
  for (const auto& part : fs::path(relative)) {
    if (part == "..") return true;
  }
  return false;
}

// The lock file of a mirror: writers hold it shared, a sync's clean-up wants it exclusively.
int OpenLock(const std::string& root) {
  const std::string path = root + "/.publish.lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(ErrorCode::kIo, "cannot open '" + path + "': " + std::strerror(errno));
  return fd;
}

class MirrorPublisher : public delta::CommitPublisher {
 public:
  explicit MirrorPublisher(std::shared_ptr<DeltaMirror> mirror) : mirror_(std::move(mirror)) {}
  bool Publish(int64_t version, const std::string& content) override {
    return mirror_->Publish(version, content);
  }
  void Discard(const std::vector<std::string>& relative_paths) override {
    mirror_->Discard(relative_paths);
  }

 private:
  std::shared_ptr<DeltaMirror> mirror_;
};

}  // namespace

DeltaMirror::DeltaMirror(std::shared_ptr<ObjectStore> store, std::string bucket, std::string prefix,
                         std::string url, const fs::path& cache_dir)
    : store_(std::move(store)),
      bucket_(std::move(bucket)),
      prefix_(std::move(prefix)),
      url_(std::move(url)) {
  while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();
  const std::string id = Sha256Hex(store_->Identity() + "\n" + bucket_ + "\n" + prefix_);
  root_ = delta::NormalizeTableRoot((cache_dir / id.substr(0, 32)).string());
  fs::create_directories(root_ + "/_delta_log");
}

std::string DeltaMirror::Key(const std::string& relative) const {
  return prefix_.empty() ? relative : prefix_ + "/" + relative;
}

void DeltaMirror::Download(const std::string& relative, uint64_t size) {
  static std::atomic<uint64_t> counter{0};
  const fs::path target = fs::path(root_) / relative;
  fs::create_directories(target.parent_path());
  const fs::path temp =
      target.string() + ".part-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  try {
    store_->DownloadToFile(bucket_, Key(relative), temp.string());
    if (fs::file_size(temp) != size) {
      throw Error(ErrorCode::kIo, "'" + url_ + "/" + relative + "' arrived with " +
                                      std::to_string(fs::file_size(temp)) + " bytes, the " +
                                      "store lists " + std::to_string(size));
    }
    fs::rename(temp, target);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw;
  }
}

void DeltaMirror::SyncLog() {
  const std::string log_prefix = Key("_delta_log/");
  // Another process on this machine may publish into the same mirror while we list: only
  // files older than the listing can be leftovers of a table the store no longer has.
  const auto listed_at = fs::file_time_type::clock::now();
  std::vector<ObjectInfo> missing;
  std::set<std::string> names;
  for (ObjectInfo& object : store_->List(bucket_, log_prefix)) {
    const std::string name = object.key.substr(log_prefix.size());
    if (!IsVersionedLogFile(name)) continue;
    names.insert(name);
    const fs::path local = fs::path(root_) / "_delta_log" / name;
    std::error_code ec;
    const uintmax_t local_size = fs::file_size(local, ec);
    if (ec || local_size != object.size) {
      object.key = name;
      missing.push_back(std::move(object));
    }
  }
  ForEachInParallel(missing.size(), kParallelTransfers,
                    [&](size_t i) { Download("_delta_log/" + missing[i].key, missing[i].size); });
  // Clean-up only while no writer (in any process) holds the mirror: a writer's checkpoint
  // exists here before it is uploaded. Skipping it now just leaves it for a later sync.
  const int lock_fd = OpenLock(root_);
  if (::flock(lock_fd, LOCK_EX | LOCK_NB) == 0) {
    for (const auto& entry : fs::directory_iterator(root_ + "/_delta_log")) {
      const std::string name = entry.path().filename().string();
      std::error_code ec;
      if (entry.is_regular_file() && IsVersionedLogFile(name) && !names.contains(name) &&
          fs::last_write_time(entry.path(), ec) < listed_at && !ec) {
        fs::remove(entry.path(), ec);
      }
    }
  }
  ::close(lock_fd);
  std::lock_guard lock(mutex_);
  remote_log_ = std::move(names);
}

void DeltaMirror::FetchFiles(const delta::Snapshot& snapshot) {
  std::vector<std::pair<std::string, uint64_t>> missing;  // relative path, size (0: unknown)
  auto want = [&](const std::string& relative, std::optional<uint64_t> size) {
    if (EscapesTheTable(relative)) {
      throw Error(ErrorCode::kInvalidArgument, "Delta table '" + url_ +
                                                   "' names a file outside the table ('" +
                                                   relative + "'); refusing to fetch it");
    }
    std::error_code ec;
    const uintmax_t local_size = fs::file_size(fs::path(root_) / relative, ec);
    if (ec || (size && local_size != *size)) missing.emplace_back(relative, size.value_or(0));
  };
  for (const delta::AddFile& file : snapshot.files) {
    const std::string relative = delta::PercentDecode(file.path);
    if (delta::IsAbsoluteUri(relative)) {
      throw Error(ErrorCode::kUnsupported,
                  "Delta table '" + url_ + "' names a data file by absolute URI ('" + relative +
                      "'); only paths relative to the table are read from cloud storage");
    }
    want(relative, static_cast<uint64_t>(file.size));
    if (file.deletion_vector) {
      if (auto dv = delta::RelativeDeletionVectorPath(*file.deletion_vector)) {
        want(*dv, std::nullopt);
      } else if (file.deletion_vector->storage_type == "p") {
        throw Error(ErrorCode::kUnsupported, "Delta table '" + url_ +
                                                 "' keeps a deletion vector at an absolute path; "
                                                 "not read from cloud storage");
      }
    }
  }
  ForEachInParallel(missing.size(), kParallelTransfers, [&](size_t i) {
    uint64_t size = missing[i].second;
    if (size == 0) size = store_->Head(bucket_, Key(missing[i].first)).size;
    Download(missing[i].first, size);
  });
}

bool DeltaMirror::Publish(int64_t version, const std::string& commit_json) {
  // Data first: a commit must never name a file readers cannot find.
  std::vector<std::string> files;
  std::istringstream lines(commit_json);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    const json action = json::parse(line);
    if (!action.contains("add")) continue;
    const json& add = action.at("add");
    files.push_back(delta::PercentDecode(add.at("path").get<std::string>()));
    if (add.contains("deletionVector") && add.at("deletionVector").is_object()) {
      delta::DeletionVector dv;
      dv.storage_type = add["deletionVector"].value("storageType", "");
      dv.path_or_inline_dv = add["deletionVector"].value("pathOrInlineDv", "");
      if (auto path = delta::RelativeDeletionVectorPath(dv)) files.push_back(*path);
    }
  }
  auto mark_unlanded = [&] {
    std::lock_guard lock(mutex_);
    unlanded_.insert(files.begin(), files.end());
  };
  try {
    ForEachInParallel(files.size(), kParallelTransfers, [&](size_t i) {
      const LocalFileReader source(root_ + "/" + files[i]);
      store_->Upload(bucket_, Key(files[i]), source.AsBodyReader(), source.size());
    });
  } catch (...) {
    mark_unlanded();  // no commit was attempted
    throw;
  }
  // A create that throws may still have landed: its files are never marked.
  const std::string name = delta::CommitFileName(version);
  if (store_->CreateIfAbsent(bucket_, Key("_delta_log/" + name), commit_json)) {
    std::lock_guard lock(mutex_);
    remote_log_.insert(name);
    for (const std::string& file : files) unlanded_.erase(file);  // a rebase reused them
    return true;
  }
  mark_unlanded();
  SyncLog();  // the winners, for the writer's conflict check
  return false;
}

void DeltaMirror::Discard(const std::vector<std::string>& relative_paths) {
  std::vector<std::string> doomed;
  {
    std::lock_guard lock(mutex_);
    for (const std::string& path : relative_paths) {
      if (unlanded_.erase(path)) doomed.push_back(path);
    }
  }
  ForEachInParallel(doomed.size(), kParallelTransfers, [&](size_t i) {
    try {
      store_->Delete(bucket_, Key(doomed[i]));
    } catch (const Error&) {
      // Unreferenced by any commit: readers never see it, and vacuum removes it later.
    }
  });
}

void DeltaMirror::PushCheckpoints() {
  std::vector<std::string> new_checkpoints;
  {
    std::lock_guard lock(mutex_);
    for (const auto& entry : fs::directory_iterator(root_ + "/_delta_log")) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && IsVersionedLogFile(name) &&
          name.find(".checkpoint.") != std::string::npos && !remote_log_.contains(name)) {
        new_checkpoints.push_back(name);
        remote_log_.insert(name);
      }
    }
  }
  for (const std::string& name : new_checkpoints) {
    const std::string content = delta::ReadWholeFile(root_ + "/_delta_log/" + name);
    // A checkpoint of a version is the same whoever writes it; an existing one is fine.
    store_->CreateIfAbsent(bucket_, Key("_delta_log/" + name), content);
  }
  const bool pushed = !new_checkpoints.empty();
  const std::string last = root_ + "/_delta_log/_last_checkpoint";
  if (pushed && fs::exists(last)) {
    const std::string content = delta::ReadWholeFile(last);
    store_->Upload(
        bucket_, Key("_delta_log/_last_checkpoint"),
        [&content](uint64_t offset, char* buffer, size_t length) {
          const size_t n = std::min<size_t>(length, content.size() - offset);
          std::memcpy(buffer, content.data() + offset, n);
          return n;
        },
        content.size());
  }
}

DeltaMirror::PublishScope::~PublishScope() {
  if (lock_fd >= 0) ::close(lock_fd);  // releases the shared lock
}

std::unique_ptr<DeltaMirror::PublishScope> DeltaMirror::ScopedPublish() {
  auto scope = std::make_unique<PublishScope>();
  scope->lock_fd = OpenLock(root_);
  while (::flock(scope->lock_fd, LOCK_SH) != 0) {
    if (errno != EINTR) {
      throw Error(ErrorCode::kIo,
                  "cannot lock the mirror of '" + url_ + "': " + std::strerror(errno));
    }
  }
  scope->publisher = std::make_unique<delta::ScopedCommitPublisher>(
      root_, std::make_shared<MirrorPublisher>(shared_from_this()));
  return scope;
}

std::shared_ptr<DeltaMirror> OpenDeltaMirror(const std::string& connection_name,
                                             const std::string& url, const fs::path& cache_root) {
  const CloudUrl parsed = ParseCloudUrl(url);
  std::string table_url = url;
  while (!table_url.empty() && table_url.back() == '/') table_url.pop_back();
  std::shared_ptr<ObjectStore> store = OpenObjectStore(connection_name);
  return std::make_shared<DeltaMirror>(std::move(store), parsed.bucket, parsed.key, table_url,
                                       cache_root);
}

}  // namespace ff::cloud
