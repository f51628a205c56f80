// The master key as a file: owner-only, created exclusively, replaced atomically.
#pragma once

#include <filesystem>
#include <optional>

#include "flowfile/secret.hpp"

namespace ff::crypto {

//! The key text in `path` (whitespace trimmed), nullopt when the file does not exist.
//! Throws kPermissionDenied when the file is readable by group or others.
std::optional<Secret> ReadKeyFile(const std::filesystem::path& path);
//! Create `path` with mode 0600 (O_CREAT|O_EXCL): false when it already exists.
bool CreateKeyFile(const std::filesystem::path& path, const Secret& key);
//! Write `path` atomically: a 0600 temp file in the same folder, fsync, rename.
void ReplaceKeyFile(const std::filesystem::path& path, const Secret& key);

}  // namespace ff::crypto
