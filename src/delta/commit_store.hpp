// Atomic file placement in `_delta_log`: put-if-absent for commits (never overwrite a
// version), atomic replace for checkpoints and `_last_checkpoint` (identical content races).
#pragma once

#include <cstdint>
#include <string>

namespace ff::delta {

//! Creates `<log_dir>/<20-digit version>.json` holding `content` only if no such file exists:
//! the content goes to a temp file under `.tmp/` (ignored by readers), then link() publishes
//! it, which fails with EEXIST when a concurrent writer won. Returns false on a lost race;
//! throws kIo on other failures. The log folder is created when missing.
bool PutCommitIfAbsent(const std::string& log_dir, int64_t version, const std::string& content);

//! Writes `path` atomically (temp file in the same folder, fsync, rename over).
void ReplaceFileAtomically(const std::string& path, const std::string& content);

//! A random (version 4) UUID in its 36-character text form.
std::string NewUuid();

//! Milliseconds since the Unix epoch.
int64_t NowMs();

}  // namespace ff::delta
