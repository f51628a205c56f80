// LoadSnapshot / LatestVersion / History: find the starting checkpoint, check the commit
// sequence is contiguous, replay, and refuse what we cannot read.
#include <algorithm>
#include <memory>

#include "delta/actions.hpp"
#include "delta/checkpoint_reader.hpp"
#include "delta/commit_times.hpp"
#include "delta/log_files.hpp"
#include "delta/log_replay.hpp"
#include "delta/sql_session.hpp"
#include "delta/table_features.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/warnings.hpp"

namespace ff::delta {
namespace {

int64_t LatestIn(const LogListing& listing) {
  int64_t latest = listing.commits.empty() ? -1 : listing.commits.rbegin()->first;
  if (!listing.checkpoints.empty()) latest = std::max(latest, listing.checkpoints.back().version);
  return latest;
}

int64_t VersionAtTimestamp(const std::string& root, const LogListing& listing, int64_t ts) {
  const std::map<int64_t, int64_t> times = MonotonicCommitTimes(listing);
  if (times.empty()) {
    throw Error(ErrorCode::kNotFound, "Delta table '" + root +
                                          "' has no commit files to time "
                                          "travel by timestamp");
  }
  std::optional<int64_t> found;
  for (const auto& [version, time] : times) {
    if (time <= ts) found = version;
  }
  if (!found) {
    throw Error(ErrorCode::kNotFound, "timestamp " + std::to_string(ts) +
                                          " ms is before the first available commit of '" + root +
                                          "' (version " + std::to_string(times.begin()->first) +
                                          " at " + std::to_string(times.begin()->second) + " ms)");
  }
  return *found;
}

// The first commit missing between `from` and `target`, if any.
std::optional<int64_t> MissingCommit(const LogListing& listing, int64_t from, int64_t target) {
  for (int64_t v = from; v <= target; ++v) {
    if (!listing.commits.contains(v)) return v;
  }
  return std::nullopt;
}

// A checkpoint's actions, checked to hold what every checkpoint must (protocol, metaData).
std::vector<Action> ReadCheckpoint(const CheckpointRef& checkpoint, const std::string& log_dir) {
  // One engine session per thread for checkpoint reading, kept for the thread's life.
  thread_local std::unique_ptr<engine::Session> checkpoint_db;
  if (!checkpoint_db) checkpoint_db = std::make_unique<engine::Session>();
  std::vector<Action> actions = ReadCheckpointActions(*checkpoint_db, checkpoint, log_dir);
  bool protocol = false, metadata = false;
  for (const Action& action : actions) {
    protocol = protocol || std::holds_alternative<Protocol>(action);
    metadata = metadata || std::holds_alternative<Metadata>(action);
  }
  if (!protocol || !metadata) {
    throw Error(ErrorCode::kInvalidArgument,
                std::string("it has no ") + (protocol ? "metaData" : "protocol") + " action");
  }
  return actions;
}

// Applies the newest readable checkpoint at or below `target` whose later commits all exist and
// returns it (nullptr: replay from version 0). A checkpoint that cannot be read is skipped with
// a warning when the JSON commits can stand in for it; otherwise the error names it.
const CheckpointRef* StartFrom(const std::string& root, const LogListing& listing, int64_t target,
                               bool use_checkpoints, LogReplay& replay) {
  std::vector<const CheckpointRef*> candidates;
  if (use_checkpoints) {
    for (const CheckpointRef& checkpoint : listing.checkpoints) {
      if (checkpoint.version <= target) candidates.insert(candidates.begin(), &checkpoint);
    }
  }
  candidates.push_back(nullptr);
  std::string unreadable;  // why the checkpoints tried so far were skipped
  for (const CheckpointRef* checkpoint : candidates) {
    const int64_t from = checkpoint ? checkpoint->version + 1 : 0;
    if (const std::optional<int64_t> missing = MissingCommit(listing, from, target)) {
      throw Error(ErrorCode::kNotFound,
                  "cannot reconstruct version " + std::to_string(target) + " of '" + root +
                      "': commit file " + CommitFileName(*missing) + " is missing" +
                      (checkpoint || !unreadable.empty()
                           ? unreadable
                           : std::string(" and no checkpoint at or below the version exists")));
    }
    if (!checkpoint) return nullptr;
    try {
      replay.Apply(ReadCheckpoint(*checkpoint, listing.log_dir));
      return checkpoint;
    } catch (const std::exception& e) {
      const std::string why =
          "checkpoint '" + checkpoint->paths.front() + "' is unreadable: " + e.what();
      replay = LogReplay(root);
      unreadable += "; " + why;
      Warn("Delta table '" + root + "': " + why + "; reading older log files instead");
    }
  }
  return nullptr;
}

}  // namespace

int64_t LatestVersion(const std::string& table_root) {
  return LatestIn(ListLog(NormalizeTableRoot(table_root)));
}

Snapshot LoadSnapshot(const std::string& table_root, const SnapshotOptions& options) {
  const std::string root = NormalizeTableRoot(table_root);
  const LogListing listing = ListLog(root);
  const int64_t latest = LatestIn(listing);
  if (latest < 0) {
    throw Error(ErrorCode::kNotFound,
                "no Delta table at '" + root + "' (expected a _delta_log folder with commits)");
  }
  if (options.version && options.timestamp_ms) {
    throw Error(ErrorCode::kInvalidArgument,
                "time travel takes a version or a timestamp, not both");
  }
  int64_t target = latest;
  if (options.version) {
    target = *options.version;
    if (target < 0 || target > latest) {
      throw Error(ErrorCode::kNotFound, "Delta table '" + root + "' has no version " +
                                            std::to_string(target) + " (latest is " +
                                            std::to_string(latest) + ")");
    }
  } else if (options.timestamp_ms) {
    target = VersionAtTimestamp(root, listing, *options.timestamp_ms);
  }

  LogReplay replay(root);
  Snapshot snapshot;
  snapshot.table_root = root;
  snapshot.version = target;
  const CheckpointRef* checkpoint =
      StartFrom(root, listing, target, options.use_checkpoints, replay);
  if (checkpoint) snapshot.checkpoint_version = checkpoint->version;
  const int64_t first_commit = checkpoint ? checkpoint->version + 1 : 0;
  for (int64_t v = first_commit; v <= target; ++v) {
    const std::string& path = listing.commits.at(v);
    std::vector<Action> actions = ParseCommitText(ReadWholeFile(path), path);
    for (const Action& action : actions) {
      if (std::holds_alternative<SidecarFile>(action) ||
          std::holds_alternative<CheckpointMetadata>(action)) {
        throw Error(ErrorCode::kInvalidArgument,
                    path + ": sidecar/checkpointMetadata actions are not allowed in commits");
      }
    }
    replay.Apply(actions);
  }
  replay.Finish(snapshot);
  CheckReadSupported(snapshot.protocol, snapshot.metadata);
  snapshot.schema = ParseSchema(snapshot.metadata.schema_string);
  if (auto it = listing.commits.find(target); it != listing.commits.end()) {
    snapshot.commit_timestamp_ms = CommitTimestampMs(it->second);
  }
  return snapshot;
}

std::vector<HistoryEntry> History(const std::string& table_root) {
  const std::string root = NormalizeTableRoot(table_root);
  const LogListing listing = ListLog(root);
  if (LatestIn(listing) < 0) {
    throw Error(ErrorCode::kNotFound, "no Delta table at '" + root + "'");
  }
  const std::map<int64_t, int64_t> times = MonotonicCommitTimes(listing);
  std::vector<HistoryEntry> entries;
  for (auto it = listing.commits.rbegin(); it != listing.commits.rend(); ++it) {
    HistoryEntry entry;
    entry.version = it->first;
    entry.timestamp_ms = times.at(it->first);
    for (const Action& action : ParseCommitText(ReadWholeFile(it->second), it->second)) {
      if (const auto* info = std::get_if<CommitInfo>(&action)) entry.commit_info = *info;
      if (std::holds_alternative<AddFile>(action)) ++entry.files_added;
      if (std::holds_alternative<RemoveFile>(action)) ++entry.files_removed;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace ff::delta
