#include "delta/commit_store.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>

#include "delta/log_files.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void ThrowIo(const std::string& what, const std::string& path) {
  throw Error(ErrorCode::kIo, what + " '" + path + "': " + std::strerror(errno));
}

// Writes and fsyncs a new file (O_EXCL: temp names are unique, a clash is a bug).
void WriteNewFile(const std::string& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) ThrowIo("cannot create", path);
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      ThrowIo("cannot write", path);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    ThrowIo("cannot fsync", path);
  }
  ::close(fd);
}

// Installed publishers by table root. Scopes for one root nest (an operation that resolves the
// same table twice); the first publisher serves until the last scope ends.
struct Installed {
  std::shared_ptr<CommitPublisher> publisher;
  int scopes = 0;
};
std::mutex publishers_mutex;
std::map<std::string, Installed>& Publishers() {
  static auto* publishers = new std::map<std::string, Installed>();
  return *publishers;
}

std::shared_ptr<CommitPublisher> PublisherFor(const std::string& log_dir) {
  std::lock_guard lock(publishers_mutex);
  if (Publishers().empty()) return nullptr;
  const std::string root = fs::path(log_dir).parent_path().string();
  auto it = Publishers().find(root);
  return it == Publishers().end() ? nullptr : it->second.publisher;
}

}  // namespace

ScopedCommitPublisher::ScopedCommitPublisher(std::string table_root,
                                             std::shared_ptr<CommitPublisher> publisher)
    : table_root_(std::move(table_root)) {
  std::lock_guard lock(publishers_mutex);
  Installed& installed = Publishers()[table_root_];
  if (!installed.publisher) installed.publisher = std::move(publisher);
  ++installed.scopes;
}

ScopedCommitPublisher::~ScopedCommitPublisher() {
  std::lock_guard lock(publishers_mutex);
  auto it = Publishers().find(table_root_);
  if (it != Publishers().end() && --it->second.scopes == 0) Publishers().erase(it);
}

std::string NewUuid() {
  // getrandom() per call: a process-local generator would repeat across fork()ed writers.
  unsigned char bytes[16];
  size_t filled = 0;
  while (filled < sizeof bytes) {
    const ssize_t n = ::getrandom(bytes + filled, sizeof bytes - filled, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorCode::kInternal, std::string("getrandom failed: ") + std::strerror(errno));
    }
    filled += static_cast<size_t>(n);
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static const char* kHex = "0123456789abcdef";
  std::string text;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += kHex[bytes[i] >> 4];
    text += kHex[bytes[i] & 15];
  }
  return text;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void DiscardPublished(const std::string& table_root,
                      const std::vector<std::string>& relative_paths) {
  if (auto publisher = PublisherFor(table_root + "/_delta_log")) publisher->Discard(relative_paths);
}

bool PutCommitIfAbsent(const std::string& log_dir, int64_t version, const std::string& content) {
  if (auto publisher = PublisherFor(log_dir)) {
    if (!publisher->Publish(version, content)) return false;
    // The remote copy is the commit; the mirror's file only has to match it.
    std::error_code ec;
    fs::create_directories(log_dir, ec);
    ReplaceFileAtomically(log_dir + "/" + CommitFileName(version), content);
    return true;
  }
  std::error_code ec;
  fs::create_directories(log_dir + "/.tmp", ec);
  if (ec) throw Error(ErrorCode::kIo, "cannot create '" + log_dir + "/.tmp': " + ec.message());
  const std::string final_path = log_dir + "/" + CommitFileName(version);
  const std::string temp_path = log_dir + "/.tmp/" + CommitFileName(version) + "." + NewUuid();
  WriteNewFile(temp_path, content);
  // link() never replaces an existing name, unlike rename(): that is the put-if-absent.
  const int rc = ::link(temp_path.c_str(), final_path.c_str());
  const int link_errno = errno;
  ::unlink(temp_path.c_str());
  if (rc == 0) {
    // Make the new directory entry durable before reporting success.
    const int dir = ::open(log_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
      ::fsync(dir);
      ::close(dir);
    }
    return true;
  }
  if (link_errno == EEXIST) return false;
  errno = link_errno;
  ThrowIo("cannot publish commit", final_path);
}

void ReplaceFileAtomically(const std::string& path, const std::string& content) {
  const std::string temp_path = path + "." + NewUuid() + ".tmp";
  WriteNewFile(temp_path, content);
  if (::rename(temp_path.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temp_path.c_str());
    errno = saved;
    ThrowIo("cannot replace", path);
  }
}

}  // namespace ff::delta
