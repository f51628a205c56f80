// The master key as a file: owner-only, created exclusively, replaced atomically
// (security requirements §2: 0600 set at open(), never by a later chmod; 0700 folder;
// temp file + fsync + rename).
#pragma once

#include <filesystem>
#include <optional>

#include "flowfile/secret.hpp"

namespace ff::crypto {

//! Create `dir` (and missing parents) when it does not exist, the last level with mode
//! 0700. An existing folder is left as it is. Throws Error(kIo) on failure.
void EnsurePrivateDirectory(const std::filesystem::path& dir);

enum class KeyFileMode {
  kOwnerOnly,  //!< refuse a file that group or others may read or write (our key files)
  kAnyMode,    //!< no mode check (Docker mounts secrets 0444 inside the container)
};

//! The key text in `path` with surrounding whitespace trimmed; nullopt when the file does
//! not exist. With kOwnerOnly a symlink is refused (Error(kPermissionDenied)). Throws
//! Error(kPermissionDenied) naming the path and the fix (`chmod 600 <path>`) when `mode` is
//! kOwnerOnly and the file's mode has any group/other bit, Error(kIo) when it cannot be read.
std::optional<Secret> ReadKeyFile(const std::filesystem::path& path,
                                  KeyFileMode mode = KeyFileMode::kOwnerOnly);
//! Create `path` with mode 0600 (open with O_CREAT|O_EXCL), write `key` and a newline,
//! fsync it and its folder. False (nothing written) when the path already exists.
bool CreateKeyFile(const std::filesystem::path& path, const Secret& key);
//! Write `path` atomically: a 0600 temp file in the same folder, fsync, rename over
//! `path`, fsync the folder. Readers see the old content or the new, never a partial file.
void ReplaceKeyFile(const std::filesystem::path& path, const Secret& key);
//! rename(from, to) then fsync the folder; false when `from` does not exist.
bool MoveKeyFile(const std::filesystem::path& from, const std::filesystem::path& to);
//! Remove `path` (no error when it is already gone) and fsync the folder.
void RemoveKeyFile(const std::filesystem::path& path);

}  // namespace ff::crypto
