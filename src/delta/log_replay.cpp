#include "delta/log_replay.hpp"

#include <algorithm>

#include "delta/path_codec.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {

std::string LogReplay::FileKey(const std::string& table_root, const std::string& path,
                               const std::optional<DeletionVector>& dv) {
  // Writers mix relative and absolute forms of one file, so compare resolved paths.
  return ResolveDataPath(table_root, path) + '\n' + (dv ? dv->UniqueId() : std::string());
}

void LogReplay::Apply(const std::vector<Action>& actions) {
  for (const Action& action : actions) {
    if (const auto* add = std::get_if<AddFile>(&action)) {
      const std::string key = FileKey(table_root_, add->path, add->deletion_vector);
      tombstones_.erase(key);
      active_[key] = *add;
    } else if (const auto* remove = std::get_if<RemoveFile>(&action)) {
      const std::string key = FileKey(table_root_, remove->path, remove->deletion_vector);
      active_.erase(key);
      tombstones_[key] = *remove;
    } else if (const auto* protocol = std::get_if<Protocol>(&action)) {
      protocol_ = *protocol;
    } else if (const auto* metadata = std::get_if<Metadata>(&action)) {
      metadata_ = *metadata;
    } else if (const auto* txn = std::get_if<Txn>(&action)) {
      txns_[txn->app_id] = *txn;
    } else if (const auto* domain = std::get_if<DomainMetadata>(&action)) {
      if (domain->removed) {
        domains_.erase(domain->domain);
      } else {
        domains_[domain->domain] = *domain;
      }
    }
    // commitInfo, cdc, sidecar and checkpointMetadata do not change the table state.
  }
}

void LogReplay::Finish(Snapshot& snapshot) const {
  if (!protocol_) {
    throw Error(ErrorCode::kInvalidArgument, "Delta log of '" + table_root_ +
                                                 "' has no protocol action up to version " +
                                                 std::to_string(snapshot.version));
  }
  if (!metadata_) {
    throw Error(ErrorCode::kInvalidArgument, "Delta log of '" + table_root_ +
                                                 "' has no metaData action up to version " +
                                                 std::to_string(snapshot.version));
  }
  snapshot.protocol = *protocol_;
  snapshot.metadata = *metadata_;
  snapshot.files.clear();
  for (const auto& [key, add] : active_) snapshot.files.push_back(add);
  std::sort(snapshot.files.begin(), snapshot.files.end(),
            [](const AddFile& a, const AddFile& b) { return a.path < b.path; });
  snapshot.tombstones.clear();
  for (const auto& [key, remove] : tombstones_) snapshot.tombstones.push_back(remove);
  snapshot.txns = txns_;
  snapshot.domains = domains_;
}

}  // namespace ff::delta
