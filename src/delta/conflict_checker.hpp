// Delta's optimistic-concurrency rules: may a transaction that lost version N commit after
// the winners' actions? (Serializable isolation, as Spark's and delta-rs' default.)
#pragma once

#include <set>
#include <string>
#include <vector>

#include "delta/actions.hpp"

namespace ff::delta {

//! What the losing transaction read and changes.
struct TransactionIntent {
  std::string table_root;
  bool read_whole_table = false;       //!< overwrite/delete/merge over the table (not blind)
  std::set<std::string> removed_keys;  //!< LogReplay::FileKey of files it removes
};

//! Throws ErrorCode::kConflict naming the rule and the winning version when `winner` (the
//! actions of commit `winner_version`) conflicts with `intent`; returns normally otherwise.
void CheckWinningCommit(const TransactionIntent& intent, int64_t winner_version,
                        const std::vector<Action>& winner);

}  // namespace ff::delta
