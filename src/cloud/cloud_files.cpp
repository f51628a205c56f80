// include/flowfile/cloud_files.hpp: whole-file copies through an ObjectStore.
#include "flowfile/cloud_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "cloud/cloud_url.hpp"
#include "cloud/file_copy.hpp"
#include "cloud/local_file.hpp"
#include "cloud/object_store.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/progress.hpp"

namespace ff {
namespace {

std::string SystemError(const std::string& what, const std::string& path) {
  return what + " '" + path + "': " + std::strerror(errno);
}

cloud::CloudUrl ObjectUrl(const std::string& url) {
  cloud::CloudUrl out = cloud::ParseCloudUrl(url);
  if (out.bucket.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "'" + url + "' names no bucket");
  }
  return out;
}

}  // namespace

bool is_cloud_url(const std::string& text) { return cloud::IsCloudUrl(text); }

CloudLocation parse_cloud_url(const std::string& url) {
  cloud::CloudUrl parsed = ObjectUrl(url);
  return {std::move(parsed.scheme), std::move(parsed.bucket), std::move(parsed.key)};
}

uint64_t upload_file(const std::string& connection_name, const std::string& local_path,
                     const std::string& url) {
  const cloud::CloudUrl target = ObjectUrl(url);
  auto store = cloud::OpenObjectStore(connection_name);
  return cloud::UploadLocalFile(*store, local_path, target.bucket, target.key);
}

uint64_t download_to(const std::string& connection_name, const std::string& url,
                     const std::function<void(std::string_view)>& sink) {
  const cloud::CloudUrl source = ObjectUrl(url);
  auto store = cloud::OpenObjectStore(connection_name);
  uint64_t written = 0;
  store->GetTo(source.bucket, source.key, [&](std::string_view chunk) {
    sink(chunk);
    written += chunk.size();
  });
  return written;
}

uint64_t download_file(const std::string& connection_name, const std::string& url,
                       const std::string& local_path) {
  const cloud::CloudUrl source = ObjectUrl(url);
  auto store = cloud::OpenObjectStore(connection_name);
  return cloud::DownloadToLocalFile(*store, source.bucket, source.key, local_path, url);
}

namespace cloud {

uint64_t UploadLocalFile(ObjectStore& store, const std::string& local_path,
                         const std::string& bucket, const std::string& key) {
  if (!std::filesystem::exists(local_path)) {
    throw Error(ErrorCode::kNotFound, "no such file '" + local_path + "'");
  }
  if (!std::filesystem::is_regular_file(local_path)) {
    throw Error(ErrorCode::kInvalidArgument, "'" + local_path + "' is not a regular file");
  }
  const LocalFileReader file(local_path);  // pread: parts are read from several threads
  if (!ProgressWanted()) {
    store.Upload(bucket, key, file.AsBodyReader(), file.size());
    return file.size();
  }
  const ProgressUpdate start{"upload " + local_path, 0, file.size(), ProgressUnit::kBytes, false};
  std::atomic<uint64_t> sent{0};
  const BodyReader read = file.AsBodyReader();
  // Retried parts are read twice: the count is capped at the file's size.
  store.Upload(
      bucket, key,
      [&](uint64_t offset, char* buffer, size_t size) {
        const size_t n = read(offset, buffer, size);
        ProgressUpdate now = start;
        now.done = std::min<uint64_t>(sent += n, file.size());
        ReportProgress(now);
        return n;
      },
      file.size());
  ProgressUpdate done = start;
  done.done = file.size();
  done.finished = true;
  ReportProgress(done);
  return file.size();
}

uint64_t DownloadToLocalFile(ObjectStore& store, const std::string& bucket, const std::string& key,
                             const std::string& local_path, const std::string& url) {
  namespace fs = std::filesystem;
  const ObjectInfo head = store.Head(bucket, key);
  const fs::path target(local_path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string temp = (dir / ("." + target.filename().string() + ".ff-part-XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) throw Error(ErrorCode::kIo, SystemError("could not create a file in", dir.string()));
  ::close(fd);
  try {
    // mkstemp makes the file 0600; give it the mode a plain create would (0666 & ~umask).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    if (::chmod(temp.c_str(), 0666 & ~mask) != 0)
      throw Error(ErrorCode::kIo, SystemError("chmod", temp));
    std::atomic<uint64_t> received{0};
    const ProgressUpdate step{"download " + url, 0, head.size, ProgressUnit::kBytes, false};
    std::function<void(uint64_t)> on_bytes;
    if (ProgressWanted()) {
      on_bytes = [&](uint64_t bytes) {
        ProgressUpdate now = step;
        now.done = std::min<uint64_t>(received += bytes, head.size);
        ReportProgress(now);
      };
    }
    const uint64_t written = store.DownloadToFile(bucket, key, temp, on_bytes);
    if (on_bytes) {
      ProgressUpdate done = step;
      done.done = written;
      done.finished = true;
      ReportProgress(done);
    }
    if (written != head.size) {
      throw Error(ErrorCode::kIo, "download of " + url + " returned " + std::to_string(written) +
                                      " bytes, expected " + std::to_string(head.size) +
                                      " (changed while copying?)");
    }
    if (::rename(temp.c_str(), local_path.c_str()) != 0)
      throw Error(ErrorCode::kIo, SystemError("could not rename the download to", local_path));
    return written;
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
}

}  // namespace cloud
}  // namespace ff
