// Copy-on-write changes to a Delta table: pick the files a keyed change can touch (from their
// min/max stats), read their rows, and publish one commit that removes them and adds the
// rewritten rows. Shared by upsert/update/delete, scd2 and optimize.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "delta/sql_session.hpp"
#include "flowfile/delta.hpp"

namespace ff::catalog {

//! The rows of `files` (active files of `snapshot`) as one SELECT, in schema order.
std::string FilesScanSql(const delta::Snapshot& snapshot, const std::vector<delta::AddFile>& files);

//! Active files whose stats (or partition values) allow a row whose `keys` equal some row of
//! `keys_relation` (non-NULL keys). Files without usable bounds are always included, so the
//! choice is conservative: a file left out holds no matching row.
std::vector<delta::AddFile> CandidateFiles(delta::SqlSession& session,
                                           const delta::Snapshot& snapshot,
                                           const std::string& keys_relation,
                                           const std::vector<std::string>& keys);

struct RewritePlan {
  std::string operation;  //!< commitInfo.operation ("MERGE", "OPTIMIZE", ...)
  nlohmann::json parameters = nlohmann::json::object();
  nlohmann::json metrics = nlohmann::json::object();  //!< extra operationMetrics (strings)
  std::vector<delta::AddFile> removed;                //!< active files to remove
  std::string new_rows;  //!< relation with the schema's columns; empty: add nothing
  delta::DataType schema;
  std::optional<delta::Metadata> metadata;  //!< a schema change
  bool data_change = true;                  //!< false for compaction
  std::string run_id;
  std::string flow_path;
  std::map<std::string, int64_t> read_versions;
};

struct RewriteOutcome {
  bool committed = false;
  int64_t version = -1;
  int64_t files_added = 0, files_removed = 0;
};

//! Writes `new_rows` as data files (empty files are dropped) and publishes one commit
//! removing `removed` and adding them. Nothing is committed when there is nothing to change.
RewriteOutcome CommitRewrite(delta::SqlSession& session, const delta::Snapshot& snapshot,
                             const RewritePlan& plan);

}  // namespace ff::catalog
