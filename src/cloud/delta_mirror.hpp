// A Delta table on an object store, worked on through a local mirror folder: the Delta code
// (snapshots, scan SQL, the writer) runs unchanged on the mirror, and DeltaMirror keeps the
// mirror and the store in step.
//
// Contract:
//  - Delta files are immutable once written (commits, checkpoints, data files, deletion
//    vectors), so each is downloaded at most once; the mirror is a cache and deleting it
//    loses nothing. It lives in <home>/cache/cloud-delta/<sha256 of store, bucket, prefix>/.
//  - SyncLog() makes the mirror's `_delta_log` hold exactly the store's commit and checkpoint
//    files: missing ones (or ones whose size differs) are fetched, local ones the store lacks
//    are removed (a table deleted and created again must not mix logs) — unless a writer
//    holds the mirror (PublishScope), in which case the clean-up waits for a later sync.
//  - FetchFiles(snapshot) downloads the data and deletion-vector files the snapshot reads.
//  - While Publish() is installed (ScopedPublish), a commit the writer makes on the mirror is
//    published on the store first: the data files the commit adds are uploaded, then the
//    commit object is created with CreateIfAbsent (`If-None-Match: *`). A lost race syncs the
//    log, so the writer's conflict check sees the winners and rebases or refuses.
//  - PushCheckpoints() uploads checkpoints written on the mirror, then `_last_checkpoint`.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "cloud/object_store.hpp"
#include "delta/commit_store.hpp"
#include "flowfile/delta.hpp"

namespace ff::cloud {

class DeltaMirror : public std::enable_shared_from_this<DeltaMirror> {
 public:
  //! `url` names the table in messages; `prefix` is the table's key prefix (no trailing '/').
  DeltaMirror(std::shared_ptr<ObjectStore> store, std::string bucket, std::string prefix,
              std::string url, const std::filesystem::path& cache_dir);

  //! The mirror folder: the table root to hand to the Delta code.
  const std::string& root() const { return root_; }
  const std::string& url() const { return url_; }

  void SyncLog();
  void FetchFiles(const delta::Snapshot& snapshot);
  void PushCheckpoints();

  //! While alive: this mirror publishes the commits made under root(), and a shared lock on
  //! the mirror keeps other processes' SyncLog from removing files this write has made but not
  //! uploaded yet (its checkpoint).
  struct PublishScope {
    std::unique_ptr<delta::ScopedCommitPublisher> publisher;
    int lock_fd = -1;
    PublishScope() = default;
    PublishScope(const PublishScope&) = delete;
    PublishScope& operator=(const PublishScope&) = delete;
    ~PublishScope();
  };
  std::unique_ptr<PublishScope> ScopedPublish();

  //! Uploads the files `commit_json` adds, then creates the commit; false on a lost race.
  bool Publish(int64_t version, const std::string& commit_json);
  //! Deletes from the store those of `relative_paths` that Publish uploaded for a commit known
  //! not to have landed; best effort (a file left behind is only unreferenced).
  void Discard(const std::vector<std::string>& relative_paths);

 private:
  std::string Key(const std::string& relative) const;
  void Download(const std::string& relative, uint64_t size);

  std::shared_ptr<ObjectStore> store_;
  std::string bucket_, prefix_, url_, root_;
  std::mutex mutex_;                  //!< guards remote_log_ (writers on several threads)
  std::set<std::string> remote_log_;  //!< names in the store's _delta_log at the last sync
  std::set<std::string> unlanded_;    //!< uploaded for commits that did not land
};

//! The mirror of the table at `url` (s3://bucket/prefix, ...) through the stored connection
//! `connection_name`, kept under `cache_root`. Nothing is fetched yet.
std::shared_ptr<DeltaMirror> OpenDeltaMirror(const std::string& connection_name,
                                             const std::string& url,
                                             const std::filesystem::path& cache_root);

}  // namespace ff::cloud
