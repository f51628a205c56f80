#include "delta/conflict_checker.hpp"

#include "delta/log_replay.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

[[noreturn]] void Conflict(int64_t version, const std::string& rule, const std::string& detail) {
  throw Error(ErrorCode::kConflict, "concurrent Delta commit " + std::to_string(version) + ": " +
                                        rule + " (" + detail + "); re-read the table and retry");
}

}  // namespace

void CheckWinningCommit(const TransactionIntent& intent, int64_t winner_version,
                        const std::vector<Action>& winner) {
  for (const Action& action : winner) {
    if (std::holds_alternative<Protocol>(action)) {
      Conflict(winner_version, "ProtocolChanged", "the winner changed the table protocol");
    }
    if (std::holds_alternative<Metadata>(action)) {
      Conflict(winner_version, "MetadataChanged", "the winner changed the schema or properties");
    }
    if (const auto* add = std::get_if<AddFile>(&action)) {
      // Serializable: any new data in what we read invalidates the read.
      if (intent.read_whole_table && add->data_change) {
        Conflict(winner_version, "ConcurrentAppend",
                 "the winner added '" + add->path + "' to data this write read");
      }
    }
    if (const auto* remove = std::get_if<RemoveFile>(&action)) {
      const std::string key =
          LogReplay::FileKey(intent.table_root, remove->path, remove->deletion_vector);
      if (intent.removed_keys.contains(key)) {
        Conflict(winner_version, "ConcurrentDeleteDelete",
                 "the winner also removed '" + remove->path + "'");
      }
      if (intent.read_whole_table && remove->data_change) {
        Conflict(winner_version, "ConcurrentDeleteRead",
                 "the winner removed '" + remove->path + "', which this write read");
      }
    }
  }
}

}  // namespace ff::delta
