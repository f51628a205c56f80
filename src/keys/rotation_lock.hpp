// The rotation lock: an flock on <home>/.key.rotation.lock, held by a rotation (and by
// `key init`) from before it stages a key until its record is cleared, and by a process
// that finishes an interrupted rotation. The kernel releases it when its holder dies, even
// by SIGKILL, so "the lock is free" proves that no rotation is running: only then may a
// process finish another's rotation or remove a staged key it proved unreferenced.
#pragma once

#include <chrono>
#include <filesystem>

namespace ff::keys {

class RotationLock {
 public:
  explicit RotationLock(const std::filesystem::path& home);
  ~RotationLock();
  RotationLock(const RotationLock&) = delete;
  RotationLock& operator=(const RotationLock&) = delete;

  //! Take the lock without waiting; false when another process holds it or the lock file
  //! cannot be opened (a read-only home without one).
  bool TryAcquire();
  //! Wait up to `timeout` for the lock. Throws Error(kConflict) when another rotation still
  //! holds it then, Error(kIo) when the lock file cannot be opened.
  void Acquire(std::chrono::milliseconds timeout);
  bool held() const { return held_; }

 private:
  bool Open();
  std::filesystem::path path_;
  int fd_ = -1;
  bool held_ = false;
};

}  // namespace ff::keys
