#include "keys/rotation_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "flowfile/errors.hpp"

namespace ff::keys {

RotationLock::RotationLock(const std::filesystem::path& home)
    : path_(home / ".key.rotation.lock") {}

RotationLock::~RotationLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

bool RotationLock::Open() {
  if (fd_ >= 0) return true;
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd_ < 0) fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  return fd_ >= 0;
}

bool RotationLock::TryAcquire() {
  if (held_) return true;
  if (!Open()) return false;
  held_ = ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
  return held_;
}

void RotationLock::Acquire(std::chrono::milliseconds timeout) {
  if (!Open())
    throw Error(ErrorCode::kIo,
                "cannot open the rotation lock " + path_.string() + ": " + std::strerror(errno));
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!TryAcquire()) {
    if (std::chrono::steady_clock::now() >= deadline)
      throw Error(ErrorCode::kConflict,
                  "another process is rotating the master key of this home (it holds " +
                      path_.string() + "); try again when it has finished");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace ff::keys
