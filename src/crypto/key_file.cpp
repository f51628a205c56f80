#include "crypto/key_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "flowfile/errors.hpp"

namespace ff::crypto {
namespace {

[[noreturn]] void Fail(const std::string& what, const std::filesystem::path& path) {
  throw Error(ErrorCode::kIo, what + " " + path.string() + ": " + std::strerror(errno));
}

void WriteAll(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      Fail("cannot write the key file", path);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
}

void SyncDirectory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

std::optional<Secret> ReadKeyFile(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    Fail("cannot open the key file", path);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
    ::close(fd);
    throw Error(ErrorCode::kPermissionDenied,
                "the key file " + path.string() + " is readable by other users; run `chmod 600 " +
                    path.string() + "` (and rotate the key if others may have read it)");
  }
  std::string text(static_cast<size_t>(st.st_size), '\0');
  ssize_t n = ::read(fd, text.data(), text.size());
  ::close(fd);
  if (n < 0) Fail("cannot read the key file", path);
  text.resize(static_cast<size_t>(n));
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return Secret::Adopt(text);
}

bool CreateKeyFile(const std::filesystem::path& path, const Secret& key) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    Fail("cannot create the key file", path);
  }
  WriteAll(fd, key.Reveal(), path);
  WriteAll(fd, "\n", path);
  if (::fsync(fd) != 0) {
    ::close(fd);
    Fail("cannot sync the key file", path);
  }
  ::close(fd);
  SyncDirectory(path.parent_path());
  return true;
}

void ReplaceKeyFile(const std::filesystem::path& path, const Secret& key) {
  std::filesystem::path temp = path;
  temp += ".tmp-" + std::to_string(::getpid());
  ::unlink(temp.c_str());
  if (!CreateKeyFile(temp, key)) Fail("cannot create the temporary key file", temp);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    Fail("cannot move the key file into place", path);
  }
  SyncDirectory(path.parent_path());
}

}  // namespace ff::crypto
