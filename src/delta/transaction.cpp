#include "delta/transaction.hpp"

#include "delta/actions.hpp"
#include "delta/commit_store.hpp"
#include "delta/conflict_checker.hpp"
#include "delta/log_files.hpp"
#include "delta/log_replay.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/warnings.hpp"

namespace ff::delta {

using nlohmann::json;

RemoveFile RemoveFor(const AddFile& file, int64_t now_ms, bool data_change) {
  RemoveFile remove;
  remove.path = file.path;
  remove.deletion_timestamp = now_ms;
  remove.data_change = data_change;
  remove.extended_file_metadata = true;
  remove.partition_values = file.partition_values;
  remove.size = file.size;
  remove.deletion_vector = file.deletion_vector;
  return remove;
}

std::optional<int64_t> NumRecords(const AddFile& file) {
  if (!file.stats) return std::nullopt;
  const json stats = json::parse(*file.stats, nullptr, false);
  if (!stats.is_object() || !stats.contains("numRecords") ||
      !stats["numRecords"].is_number_integer()) {
    return std::nullopt;
  }
  int64_t rows = stats["numRecords"].get<int64_t>();
  if (file.deletion_vector) rows -= file.deletion_vector->cardinality;
  return rows;
}

CommitOutcome PublishCommit(const CommitPlan& plan) {
  const std::string& root = plan.table_root;
  TransactionIntent intent;
  intent.table_root = root;
  intent.read_whole_table = plan.read_whole_table;
  for (const RemoveFile& remove : plan.removes) {
    intent.removed_keys.insert(LogReplay::FileKey(root, remove.path, remove.deletion_vector));
  }
  const bool blind_append = !plan.read_whole_table && !plan.metadata && plan.removes.empty();

  int64_t attempt_version = plan.read_version + 1;
  for (int attempt = 1; attempt <= plan.max_retries + 1; ++attempt) {
    json info = {{"timestamp", NowMs()},
                 {"operation", plan.operation},
                 {"operationParameters", plan.operation_parameters},
                 {"isolationLevel", "Serializable"},
                 {"isBlindAppend", blind_append},
                 {"operationMetrics", plan.operation_metrics},
                 {"engineInfo", "flowfile/0.1"},
                 {"txnId", NewUuid()},
                 {"flowfile.runId", plan.run_id},
                 {"flowfile.readVersions", plan.read_versions}};
    if (plan.read_version >= 0) info["readVersion"] = plan.read_version;
    if (!plan.flow_path.empty()) info["flowfile.flowPath"] = plan.flow_path;
    std::string content = json{{"commitInfo", info}}.dump() + "\n";
    if (plan.protocol) content += ActionToJson(*plan.protocol).dump() + "\n";
    if (plan.metadata) content += ActionToJson(*plan.metadata).dump() + "\n";
    for (const RemoveFile& remove : plan.removes) content += ActionToJson(remove).dump() + "\n";
    for (const AddFile& add : plan.adds) content += ActionToJson(add).dump() + "\n";

    if (PutCommitIfAbsent(root + "/_delta_log", attempt_version, content)) {
      if (plan.checkpoint_interval > 0 && attempt_version > 0 &&
          attempt_version % plan.checkpoint_interval == 0) {
        // The commit has landed: a checkpoint is only a shortcut for readers, so failing to
        // write one (a full disk) must not report the write as failed (its caller would
        // remove the data files the committed version needs).
        try {
          SnapshotOptions at;
          at.version = attempt_version;
          WriteCheckpoint(LoadSnapshot(root, at));
        } catch (const Error& e) {
          Warn("version " + std::to_string(attempt_version) + " of Delta table '" + root +
               "' is committed, but its checkpoint was not written: " + e.what());
        }
      }
      return {attempt_version, attempt};
    }
    // Lost the race: every commit from our attempt to the current latest is a winner.
    if (plan.read_version < 0) {
      throw Error(ErrorCode::kConflict, "Delta table '" + root +
                                            "' was created concurrently by another writer; "
                                            "retry the write as an append or overwrite");
    }
    const LogListing listing = ListLog(root);
    const int64_t now_latest =
        listing.commits.empty() ? attempt_version : listing.commits.rbegin()->first;
    for (int64_t v = attempt_version; v <= now_latest; ++v) {
      auto it = listing.commits.find(v);
      if (it == listing.commits.end()) continue;
      CheckWinningCommit(intent, v, ParseCommitText(ReadWholeFile(it->second), it->second));
    }
    if (plan.metadata) {
      // Our own metadata change cannot rebase over anything.
      throw Error(ErrorCode::kConflict,
                  "a concurrent commit to '" + root + "' won while this write changed the schema");
    }
    attempt_version = now_latest + 1;
  }
  throw Error(ErrorCode::kConflict, "gave up committing to Delta table '" + root + "' after " +
                                        std::to_string(plan.max_retries + 1) +
                                        " attempts lost to concurrent writers");
}

}  // namespace ff::delta
