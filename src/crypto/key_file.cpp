#include "crypto/key_file.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "flowfile/errors.hpp"

namespace ff::crypto {
namespace {

constexpr size_t kMaxKeyFileSize = 4096;  // a key is 44 bytes; anything huge is not a key

[[noreturn]] void Fail(const std::string& what, const std::filesystem::path& path,
                       int error_number) {
  throw Error(ErrorCode::kIo, what + " " + path.string() + ": " + std::strerror(error_number));
}

// Closes the descriptor on every path out, including exceptions. Move-only.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileDescriptor& operator=(FileDescriptor&&) = delete;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_;
};

void WriteAll(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      Fail("cannot write the key file", path, errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
}

// Makes a rename or a new directory entry durable (best effort: some file systems refuse).
void SyncDirectory(const std::filesystem::path& dir) {
  FileDescriptor fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.valid()) ::fsync(fd.get());
}

std::string OctalMode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

}  // namespace

void EnsurePrivateDirectory(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return;
  if (dir.has_parent_path()) std::filesystem::create_directories(dir.parent_path(), ec);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    Fail("cannot create the folder", dir, errno);
}

std::optional<Secret> ReadKeyFile(const std::filesystem::path& path, KeyFileMode mode) {
  // Our own key files must not be symlinks (a link planted in the folder could point the
  // key anywhere); a Docker or Kubernetes secret mount often is one.
  int flags = O_RDONLY | O_CLOEXEC | (mode == KeyFileMode::kOwnerOnly ? O_NOFOLLOW : 0);
  FileDescriptor fd(::open(path.c_str(), flags));
  if (!fd.valid()) {
    if (errno == ENOENT) return std::nullopt;
    if (errno == ELOOP)
      throw Error(ErrorCode::kPermissionDenied,
                  "the key file " + path.string() +
                      " is a symbolic link; Flowfile only reads a regular file there");
    Fail("cannot open the key file", path, errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) Fail("cannot inspect the key file", path, errno);
  if (!S_ISREG(st.st_mode))
    throw Error(ErrorCode::kInvalidArgument,
                "the key file " + path.string() + " is not a regular file");
  if (mode == KeyFileMode::kOwnerOnly && (st.st_mode & 077) != 0)
    throw Error(ErrorCode::kPermissionDenied,
                "the key file " + path.string() + " has mode " + OctalMode(st.st_mode) +
                    ", so other users may read or change it; run `chmod 600 " + path.string() +
                    "` (and rotate the key if someone may have read it)");
  if (static_cast<size_t>(st.st_size) > kMaxKeyFileSize)
    throw Error(ErrorCode::kInvalidArgument, "the key file " + path.string() + " is " +
                                                 std::to_string(st.st_size) +
                                                 " bytes; expected one Fernet key (44 characters)");

  std::string text(kMaxKeyFileSize + 1, '\0');
  size_t size = 0;
  while (size < text.size()) {
    ssize_t n = ::read(fd.get(), text.data() + size, text.size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error_number = errno;
      OPENSSL_cleanse(text.data(), text.size());
      Fail("cannot read the key file", path, error_number);
    }
    if (n == 0) break;
    size += static_cast<size_t>(n);
  }
  size_t begin = 0, end = size;
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  Secret key(std::string_view(text).substr(begin, end - begin));
  OPENSSL_cleanse(text.data(), text.size());
  return key;
}

namespace {

// Write a complete, synced 0600 file at `path`, which must not exist.
void WriteNewFile(const std::filesystem::path& path, const Secret& key) {
  FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd.valid()) Fail("cannot create the key file", path, errno);
  WriteAll(fd.get(), key.Reveal(), path);
  WriteAll(fd.get(), "\n", path);
  if (::fsync(fd.get()) != 0) Fail("cannot flush the key file", path, errno);
}

}  // namespace

// The key is written to a private temp file and then link()ed into place: link fails with
// EEXIST when the name exists, like O_EXCL, but a reader never sees a created-but-empty key
// file (another process starting at the same moment would take it for a malformed key).
bool CreateKeyFile(const std::filesystem::path& path, const Secret& key) {
  std::filesystem::path temp = path;
  temp += ".new-" + std::to_string(::getpid()) + "-" +
          std::to_string(reinterpret_cast<std::uintptr_t>(&key));
  ::unlink(temp.c_str());
  WriteNewFile(temp, key);
  int rc = ::link(temp.c_str(), path.c_str());
  int saved = errno;
  ::unlink(temp.c_str());
  if (rc != 0) {
    if (saved == EEXIST) return false;
    Fail("cannot create the key file", path, saved);
  }
  SyncDirectory(path.parent_path());
  return true;
}

void ReplaceKeyFile(const std::filesystem::path& path, const Secret& key) {
  std::filesystem::path temp = path;
  temp += ".tmp-" + std::to_string(::getpid());
  ::unlink(temp.c_str());  // a leftover from a killed process with our pid
  try {
    if (!CreateKeyFile(temp, key)) Fail("cannot create the temporary key file", temp, EEXIST);
    if (::rename(temp.c_str(), path.c_str()) != 0)
      Fail("cannot move the key file into place at", path, errno);
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  SyncDirectory(path.parent_path());
}

bool MoveKeyFile(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    if (errno == ENOENT) return false;
    Fail("cannot move the key file " + from.string() + " to", to, errno);
  }
  SyncDirectory(to.parent_path());
  return true;
}

void RemoveKeyFile(const std::filesystem::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    Fail("cannot remove the key file", path, errno);
  SyncDirectory(path.parent_path());
}

}  // namespace ff::crypto
