// The files of `_delta_log`: which names are commits and checkpoints, listed in version order.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ff::delta {

//! One usable checkpoint (all parts present).
struct CheckpointRef {
  int64_t version = 0;
  enum class Kind { kClassic, kMultiPart, kV2 } kind = Kind::kClassic;
  std::vector<std::string> paths;  //!< absolute; parts in order
};

struct LogListing {
  std::string log_dir;                     //!< <root>/_delta_log
  std::map<int64_t, std::string> commits;  //!< version -> absolute path of v.json
  std::vector<CheckpointRef> checkpoints;  //!< complete ones, ascending version
};

//! `path` made absolute and without a trailing slash.
std::string NormalizeTableRoot(const std::string& path);

//! Lists `<root>/_delta_log`. Names that do not parse (.tmp/, Hadoop .crc, _last_checkpoint)
//! are skipped. A missing log folder yields an empty listing.
LogListing ListLog(const std::string& table_root);

//! "00000000000000000007.json"
std::string CommitFileName(int64_t version);

//! Whole file contents. Throws kIo naming the path.
std::string ReadWholeFile(const std::string& path);

//! Modification time of a file in ms since the epoch (0 when unavailable).
int64_t FileModifiedMs(const std::string& path);

}  // namespace ff::delta
