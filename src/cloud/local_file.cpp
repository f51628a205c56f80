#include "cloud/local_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "flowfile/errors.hpp"

namespace ff::cloud {
namespace {

[[noreturn]] void ThrowIo(const std::string& what, const std::string& path) {
  throw Error(ErrorCode::kIo, what + " '" + path + "': " + std::strerror(errno));
}

}  // namespace

LocalFileReader::LocalFileReader(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) ThrowIo("cannot open", path);
  struct stat info {};
  if (::fstat(fd_, &info) != 0) {
    ::close(fd_);
    ThrowIo("cannot stat", path);
  }
  size_ = static_cast<uint64_t>(info.st_size);
}

LocalFileReader::~LocalFileReader() { ::close(fd_); }

size_t LocalFileReader::Read(uint64_t offset, char* buffer, size_t length) const {
  for (;;) {
    const ssize_t n = ::pread(fd_, buffer, length, static_cast<off_t>(offset));
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) ThrowIo("cannot read", path_);
  }
}

BodyReader LocalFileReader::AsBodyReader() const {
  return
      [this](uint64_t offset, char* buffer, size_t length) { return Read(offset, buffer, length); };
}

LocalFileWriter::LocalFileWriter(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) ThrowIo("cannot create", path);
}

LocalFileWriter::~LocalFileWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void LocalFileWriter::WriteAt(uint64_t offset, std::string_view data) const {
  size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::pwrite(fd_, data.data() + written, data.size() - written,
                               static_cast<off_t>(offset + written));
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowIo("cannot write", path_);
    }
    written += static_cast<size_t>(n);
  }
}

void LocalFileWriter::Close() {
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) ThrowIo("cannot close", path_);
}

}  // namespace ff::cloud
