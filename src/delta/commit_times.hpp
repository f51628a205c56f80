// Commit time of each version, as time travel by timestamp uses it.
#pragma once

#include <cstdint>
#include <map>

#include "delta/log_files.hpp"
#include "flowfile/delta.hpp"

namespace ff::delta {

//! The commitInfo of one commit file, or nullopt when it has none.
std::optional<CommitInfo> ReadCommitInfo(const std::string& commit_path);

//! Commit time of a commit: inCommitTimestamp, else commitInfo.timestamp, else the file's
//! modification time. (Spark prefers the file time; copies of tables such as git checkouts
//! reset it, so the writer's recorded time is the more faithful one for them.)
int64_t CommitTimestampMs(const std::string& commit_path);

//! Time of every listed commit, made strictly increasing (a time not above the previous one
//! becomes previous + 1 ms), as Spark does.
std::map<int64_t, int64_t> MonotonicCommitTimes(const LogListing& listing);

}  // namespace ff::delta
