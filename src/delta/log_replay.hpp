// Log replay: folds checkpoint and commit actions into table state (PROTOCOL.md "Action
// Reconciliation"). Kept separate from file access so the writer can replay winning commits.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "delta/actions.hpp"

namespace ff::delta {

class LogReplay {
 public:
  explicit LogReplay(std::string table_root) : table_root_(std::move(table_root)) {}

  //! Applies one commit's (or a checkpoint's) actions in log order.
  void Apply(const std::vector<Action>& actions);

  //! Fills `snapshot` with the reconciled state. Throws kInvalidArgument when the log never
  //! set a protocol or metadata.
  void Finish(Snapshot& snapshot) const;

  //! The reconciliation key of a file: its resolved path plus the deletion vector id.
  static std::string FileKey(const std::string& table_root, const std::string& path,
                             const std::optional<DeletionVector>& dv);

 private:
  std::string table_root_;
  std::optional<Protocol> protocol_;
  std::optional<Metadata> metadata_;
  std::map<std::string, AddFile> active_;
  std::map<std::string, RemoveFile> tombstones_;
  std::map<std::string, Txn> txns_;
  std::map<std::string, DomainMetadata> domains_;
};

}  // namespace ff::delta
