// Atomic file placement in `_delta_log`: put-if-absent for commits (never overwrite a
// version), atomic replace for checkpoints and `_last_checkpoint` (identical content races).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ff::delta {

//! Creates `<log_dir>/<20-digit version>.json` holding `content` only if no such file exists:
//! the content goes to a temp file under `.tmp/` (ignored by readers), then link() publishes
//! it, which fails with EEXIST when a concurrent writer won. Returns false on a lost race;
//! throws kIo on other failures. The log folder is created when missing.
bool PutCommitIfAbsent(const std::string& log_dir, int64_t version, const std::string& content);

//! Where the commits of a table kept in a local mirror are really published (an object store;
//! see cloud/delta_mirror.hpp). While one is installed for a table root, PutCommitIfAbsent
//! asks it first and writes the local file only when it succeeded.
class CommitPublisher {
 public:
  virtual ~CommitPublisher() = default;
  //! Publishes `content` as `version` unless that version exists. On a lost race it returns
  //! false, after making the winning commits readable in the local `_delta_log`.
  virtual bool Publish(int64_t version, const std::string& content) = 0;
  //! Data files (table-relative paths) of a commit that did not land: removes the copies this
  //! publisher uploaded for a commit it knows did not land (a lost race, a failed upload),
  //! never one whose commit may have landed (a create whose answer was lost).
  virtual void Discard(const std::vector<std::string>& relative_paths) { (void)relative_paths; }
};

//! Hands `relative_paths` to the publisher installed for `table_root`, if any (see Discard).
void DiscardPublished(const std::string& table_root,
                      const std::vector<std::string>& relative_paths);

//! Installs `publisher` for `table_root` (normalised) until destroyed. Scopes for one root
//! nest; the first one's publisher serves them all.
class ScopedCommitPublisher {
 public:
  ScopedCommitPublisher(std::string table_root, std::shared_ptr<CommitPublisher> publisher);
  ~ScopedCommitPublisher();
  ScopedCommitPublisher(const ScopedCommitPublisher&) = delete;
  ScopedCommitPublisher& operator=(const ScopedCommitPublisher&) = delete;

 private:
  std::string table_root_;
};

//! Writes `path` atomically (temp file in the same folder, fsync, rename over).
void ReplaceFileAtomically(const std::string& path, const std::string& content);

//! A random (version 4) UUID in its 36-character text form.
std::string NewUuid();

//! Milliseconds since the Unix epoch.
int64_t NowMs();

}  // namespace ff::delta
