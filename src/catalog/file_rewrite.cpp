#include "catalog/file_rewrite.hpp"

#include <filesystem>
#include <set>

#include "delta/commit_store.hpp"
#include "delta/data_files.hpp"
#include "delta/partition_literal.hpp"
#include "delta/path_codec.hpp"
#include "delta/transaction.hpp"
#include "flowfile/errors.hpp"

namespace ff::catalog {
namespace {

using delta::AddFile;
using delta::DataType;
using delta::SqlIdent;
using delta::SqlQuote;
using delta::StructField;
using nlohmann::json;

const StructField& FieldOf(const DataType& schema, const std::string& name) {
  for (const StructField& field : schema.fields) {
    if (field.name == name) return field;
  }
  throw Error(ErrorCode::kInternal, "column '" + name + "' vanished from the table schema");
}

bool IsTimestamp(const DataType& type) {
  return type.kind == DataType::Kind::kPrimitive &&
         (type.primitive == "timestamp" || type.primitive == "timestamp_ntz");
}

// A stats bound as a typed SQL constant, or "" when the bound is unusable.
std::string BoundLiteral(const json& value, const DataType& type, bool is_max) {
  std::string literal;
  if (value.is_string()) {
    literal = SqlQuote(value.get<std::string>());
  } else if (value.is_number()) {
    literal = value.dump();
  } else {
    return "";
  }
  std::string sql = "CAST(" + literal + " AS " + delta::DuckDbType(type) + ")";
  // Timestamp bounds are truncated to milliseconds: the true max may be up to 1 ms above.
  if (is_max && IsTimestamp(type)) sql = "(" + sql + " + INTERVAL 1 MILLISECOND)";
  return sql;
}

struct FileBounds {
  bool always = false;  //!< no usable bounds at all: always a candidate
  bool never = false;   //!< a NULL partition key: cannot match a non-NULL key
  std::vector<std::pair<std::string, std::string>> bounds;  //!< per key: (lo, hi), "" = open
};

FileBounds BoundsOf(const AddFile& file, const delta::Snapshot& snapshot,
                    const std::vector<std::string>& keys) {
  FileBounds out;
  const json stats = file.stats ? json::parse(*file.stats, nullptr, false) : json();
  bool any = false;
  for (const std::string& key : keys) {
    const DataType& type = *FieldOf(snapshot.schema, key).type;
    auto part = file.partition_values.find(key);
    if (part != file.partition_values.end()) {
      if (!part->second || part->second->empty()) {
        out.never = true;
        return out;
      }
      const std::string value = delta::PartitionLiteral(part->second, type);
      out.bounds.emplace_back(value, value);
      any = true;
      continue;
    }
    std::string lo, hi;
    if (stats.is_object() && stats.contains("minValues") && stats["minValues"].contains(key)) {
      lo = BoundLiteral(stats["minValues"][key], type, false);
    }
    if (stats.is_object() && stats.contains("maxValues") && stats["maxValues"].contains(key)) {
      hi = BoundLiteral(stats["maxValues"][key], type, true);
    }
    any = any || !lo.empty() || !hi.empty();
    out.bounds.emplace_back(lo, hi);
  }
  out.always = !any;
  return out;
}

}  // namespace

std::string FilesScanSql(const delta::Snapshot& snapshot, const std::vector<AddFile>& files) {
  delta::Snapshot narrowed = snapshot;
  narrowed.files = files;
  return delta::DeltaScanSql(narrowed);
}

std::vector<AddFile> CandidateFiles(delta::SqlSession& session, const delta::Snapshot& snapshot,
                                    const std::string& keys_relation,
                                    const std::vector<std::string>& keys) {
  // Two rounds. First each file's bounds are compared with the source keys' overall min/max
  // (one pass over the source), which rules out most files of a table laid out by key. Then
  // one EXISTS per remaining file, OR-free so DuckDB can use range joins.
  std::vector<AddFile> candidates;
  std::vector<size_t> probed;
  std::vector<std::string> overlaps, probes;
  std::string ranges;
  for (size_t k = 0; k < keys.size(); ++k) {
    const std::string column = SqlIdent(keys[k]);
    ranges += (ranges.empty() ? "" : ", ") + std::string("min(") + column + ") AS lo" +
              std::to_string(k) + ", max(" + column + ") AS hi" + std::to_string(k);
  }
  for (size_t i = 0; i < snapshot.files.size(); ++i) {
    const FileBounds bounds = BoundsOf(snapshot.files[i], snapshot, keys);
    if (bounds.never) continue;
    if (bounds.always) {
      candidates.push_back(snapshot.files[i]);
      continue;
    }
    std::string where, overlap;
    for (size_t k = 0; k < keys.size(); ++k) {
      const auto& [lo, hi] = bounds.bounds[k];
      const std::string column = SqlIdent(keys[k]), n = std::to_string(k);
      if (!lo.empty()) {
        where += (where.empty() ? "" : " AND ") + column + " >= " + lo;
        overlap += (overlap.empty() ? "" : " AND ") + std::string("hi") + n + " >= " + lo;
      }
      if (!hi.empty()) {
        where += (where.empty() ? "" : " AND ") + column + " <= " + hi;
        overlap += (overlap.empty() ? "" : " AND ") + std::string("lo") + n + " <= " + hi;
      }
    }
    overlaps.push_back("coalesce(" + overlap + ", false)");
    probes.push_back("EXISTS (SELECT 1 FROM " + keys_relation + " WHERE " + where + ")");
    probed.push_back(i);
  }
  if (probed.empty()) return candidates;
  std::string first_round;
  for (const std::string& overlap : overlaps) {
    first_round += (first_round.empty() ? "" : ", ") + overlap;
  }
  const auto overlapping = session.QueryText(
      "SELECT " + first_round + " FROM (SELECT " + ranges + " FROM " + keys_relation + ")",
      "comparing the merge keys with the files' key ranges");
  std::string second_round;
  std::vector<size_t> remaining;
  for (size_t p = 0; p < probed.size(); ++p) {
    if (overlapping.at(0).at(p).value_or("false") != "true") continue;
    second_round += (second_round.empty() ? "" : ", ") + probes[p];
    remaining.push_back(probed[p]);
  }
  if (remaining.empty()) return candidates;
  const auto rows =
      session.QueryText("SELECT " + second_round, "choosing the files a merge touches");
  for (size_t p = 0; p < remaining.size(); ++p) {
    if (rows.at(0).at(p).value_or("false") == "true")
      candidates.push_back(snapshot.files[remaining[p]]);
  }
  return candidates;
}

RewriteOutcome CommitRewrite(delta::SqlSession& session, const delta::Snapshot& snapshot,
                             const RewritePlan& plan) {
  const std::vector<std::string>& partitions =
      plan.metadata ? plan.metadata->partition_columns : snapshot.metadata.partition_columns;
  delta::WrittenFiles written;
  if (!plan.new_rows.empty()) {
    written =
        delta::WriteDataFiles(session, snapshot.table_root, plan.new_rows, plan.schema, partitions);
  }
  // A rewrite that leaves no rows in a partition writes an empty file; drop it.
  std::vector<AddFile> adds;
  for (AddFile& add : written.adds) {
    if (delta::NumRecords(add).value_or(1) == 0) {
      std::error_code ec;
      std::filesystem::remove(delta::ResolveDataPath(snapshot.table_root, add.path), ec);
      continue;
    }
    add.data_change = plan.data_change;
    adds.push_back(std::move(add));
  }
  RewriteOutcome outcome;
  if (adds.empty() && plan.removed.empty() && !plan.metadata) return outcome;  // nothing added

  delta::CommitPlan commit;
  commit.table_root = snapshot.table_root;
  commit.read_version = snapshot.version;
  commit.operation = plan.operation;
  commit.operation_parameters = plan.parameters;
  commit.operation_metrics = plan.metrics;
  commit.operation_metrics["numAddedFiles"] = std::to_string(adds.size());
  commit.operation_metrics["numRemovedFiles"] = std::to_string(plan.removed.size());
  // Compaction depends only on the files it replaces; data changes read the table.
  commit.read_whole_table = plan.data_change;
  commit.metadata = plan.metadata;
  const int64_t now = delta::NowMs();
  for (const AddFile& file : plan.removed) {
    commit.removes.push_back(delta::RemoveFor(file, now, plan.data_change));
  }
  commit.adds = adds;
  commit.run_id = plan.run_id;
  commit.flow_path = plan.flow_path;
  commit.read_versions = plan.read_versions;
  delta::CommitOutcome published;
  try {
    published = delta::PublishCommit(commit);
  } catch (...) {
    delta::RemoveDataFiles(snapshot.table_root, adds);  // the commit did not land
    throw;
  }
  outcome.committed = true;
  outcome.version = published.version;
  outcome.files_added = static_cast<int64_t>(adds.size());
  outcome.files_removed = static_cast<int64_t>(plan.removed.size());
  return outcome;
}

}  // namespace ff::catalog
