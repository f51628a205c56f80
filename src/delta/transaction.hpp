// Publishing one Delta commit: the commitInfo line, optional protocol/metaData, removes and
// adds, put-if-absent at read_version + 1; on a lost race the winners are checked with the
// conflict rules and the commit is rebased (same actions, later version) when allowed.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/delta.hpp"

namespace ff::delta {

struct CommitPlan {
  std::string table_root;     //!< normalised
  int64_t read_version = -1;  //!< the snapshot the plan was made from; -1 creates the table
  std::string operation;      //!< commitInfo.operation ("WRITE", "MERGE", "OPTIMIZE", ...)
  nlohmann::json operation_parameters = nlohmann::json::object();
  nlohmann::json operation_metrics = nlohmann::json::object();  //!< values as strings
  //! True when the plan depends on the table's current rows (overwrite, merge, restore):
  //! any concurrent data change then conflicts. False for blind appends and compaction.
  bool read_whole_table = false;
  std::optional<Protocol> protocol;
  std::optional<Metadata> metadata;
  std::vector<RemoveFile> removes;
  std::vector<AddFile> adds;
  std::string run_id;
  std::string flow_path;  //!< flowfile.flowPath, written only when not empty
  std::map<std::string, int64_t> read_versions;
  int max_retries = 20;
  int64_t checkpoint_interval = 10;
};

struct CommitOutcome {
  int64_t version = -1;
  int attempts = 1;
};

//! Publishes the plan. Throws kConflict when a winner conflicts, when the table was created
//! concurrently, or when retries run out.
CommitOutcome PublishCommit(const CommitPlan& plan);

//! The remove action for an active file (extended metadata, deletion time `now_ms`).
RemoveFile RemoveFor(const AddFile& file, int64_t now_ms, bool data_change);

//! numRecords from an add's stats, or nullopt when the stats lack it.
std::optional<int64_t> NumRecords(const AddFile& file);

}  // namespace ff::delta
