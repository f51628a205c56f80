#include "delta/commit_times.hpp"

#include "delta/actions.hpp"

namespace ff::delta {

std::optional<CommitInfo> ReadCommitInfo(const std::string& commit_path) {
  for (const Action& action : ParseCommitText(ReadWholeFile(commit_path), commit_path)) {
    if (const auto* info = std::get_if<CommitInfo>(&action)) return *info;
  }
  return std::nullopt;
}

int64_t CommitTimestampMs(const std::string& commit_path) {
  if (auto info = ReadCommitInfo(commit_path)) {
    if (info->in_commit_timestamp) return *info->in_commit_timestamp;
    if (info->timestamp) return *info->timestamp;
  }
  return FileModifiedMs(commit_path);
}

std::map<int64_t, int64_t> MonotonicCommitTimes(const LogListing& listing) {
  std::map<int64_t, int64_t> times;
  std::optional<int64_t> previous;
  for (const auto& [version, path] : listing.commits) {
    int64_t time = CommitTimestampMs(path);
    if (previous && time <= *previous) time = *previous + 1;
    times[version] = time;
    previous = time;
  }
  return times;
}

}  // namespace ff::delta
