// Local files as transfer ends: positional reads for uploads and positional writes for
// parallel downloads, both safe to call from several threads at once (pread/pwrite).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cloud/http_types.hpp"

namespace ff::cloud {

class LocalFileReader {
 public:
  //! Throws kIo naming the path when it cannot be opened.
  explicit LocalFileReader(const std::string& path);
  ~LocalFileReader();
  LocalFileReader(const LocalFileReader&) = delete;
  LocalFileReader& operator=(const LocalFileReader&) = delete;

  uint64_t size() const { return size_; }
  //! Up to `length` bytes at `offset` (0 at the end).
  size_t Read(uint64_t offset, char* buffer, size_t length) const;
  //! A BodyReader over this file (valid while the reader lives).
  BodyReader AsBodyReader() const;

 private:
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
};

class LocalFileWriter {
 public:
  //! Creates or truncates `path` (mode 0644). Throws kIo naming it.
  explicit LocalFileWriter(const std::string& path);
  ~LocalFileWriter();
  LocalFileWriter(const LocalFileWriter&) = delete;
  LocalFileWriter& operator=(const LocalFileWriter&) = delete;

  //! Writes all of `data` at `offset`.
  void WriteAt(uint64_t offset, std::string_view data) const;
  //! Flushes to the kernel and closes; throws kIo when the close reports an error.
  void Close();

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace ff::cloud
