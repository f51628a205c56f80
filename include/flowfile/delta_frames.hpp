// Delta Lake tables on disk as frames: `ff::scan_delta(path, {.version = 3})` and
// `ff::write_delta(frame, path, {.write_mode = "append"})`. (The catalog builds on these
// with names, lineage and merges; see catalog.hpp.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/frame.hpp"

namespace ff {

struct ScanDeltaOptions {
  std::optional<int64_t> version;       //!< time travel by version
  std::optional<int64_t> timestamp_ms;  //!< newest version committed at or before this time
  std::string description;
};
//! Reads any Delta table (ours, Spark's, delta-rs'); reader features we cannot honour are
//! refused by name (kUnsupported), never read wrongly.
FlowFrame scan_delta(const std::string& path, ScanDeltaOptions options = {});

struct WriteDeltaOptions {
  std::string write_mode = "overwrite";  //!< overwrite | append | error
  std::vector<std::string> partition_by;
  std::string schema_mode = "strict";  //!< strict | merge (append adds new nullable columns)
  std::string description;
};
//! Commits the frame's rows as one new version (put-if-absent; retried on conflicts).
FlowFrame write_delta(const FlowFrame& frame, const std::string& path,
                      WriteDeltaOptions options = {});

}  // namespace ff
