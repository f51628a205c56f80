// Catalog::Vacuum: delete data files no retained version needs. A version is retained when it
// is the latest or was current less than `retention_hours` ago; a file it needs is active now
// or was removed (tombstone) less than `retention_hours` ago.
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "catalog/table_resolver.hpp"
#include "delta/commit_store.hpp"
#include "delta/deletion_vector.hpp"
#include "delta/log_files.hpp"
#include "delta/path_codec.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"

namespace ff {
namespace {

namespace fs = std::filesystem;

// Folders the log and other tools own (`_delta_log`, `.tmp`, `_change_data`...) are skipped,
// except hive partition folders, whose names hold '='.
bool IsHidden(const fs::path& relative) {
  for (const fs::path& part : relative) {
    const std::string name = part.string();
    if (name.empty()) continue;
    if ((name[0] == '_' || name[0] == '.') && name.find('=') == std::string::npos) return true;
  }
  return false;
}

// Delta's `delta.deletedFileRetentionDuration` ("interval 7 days"; default one week) in hours.
double TableRetentionHours(const delta::Metadata& metadata) {
  auto found = metadata.configuration.find("delta.deletedFileRetentionDuration");
  if (found == metadata.configuration.end()) return 168;
  std::istringstream in(found->second);
  std::string word, unit;
  double amount = 0;
  in >> word >> amount >> unit;
  if (word != "interval" || !in) {
    throw Error(ErrorCode::kInvalidArgument,
                "the table property delta.deletedFileRetentionDuration is '" + found->second +
                    "'; expected e.g. 'interval 7 days'");
  }
  if (!unit.empty() && unit.back() == 's') unit.pop_back();
  static const std::map<std::string, double> kHours = {
      {"second", 1.0 / 3600}, {"minute", 1.0 / 60}, {"hour", 1}, {"day", 24}, {"week", 168}};
  auto hours = kHours.find(unit);
  if (hours == kHours.end()) {
    throw Error(ErrorCode::kInvalidArgument,
                "the table property delta.deletedFileRetentionDuration is '" + found->second +
                    "'; expected a unit of seconds, minutes, hours, days or weeks");
  }
  return amount * hours->second;
}

}  // namespace

namespace {

// 168, 0.5: hours as people write them, not std::to_string's "168.000000".
std::string Hours(double hours) {
  std::ostringstream out;
  out << hours;
  return out.str();
}

}  // namespace

VacuumResult Catalog::Vacuum(const std::string& table_name, double retention_hours, bool dry_run,
                             bool force) {
  const catalog::ResolvedTable table = catalog::RequireTable(workspace_, table_name);
  catalog::RequireLocalStorage(table, "vacuum");
  if (retention_hours < 0) {
    throw Error(ErrorCode::kInvalidArgument,
                "vacuum retention_hours must be >= 0, got " + Hours(retention_hours));
  }
  const delta::Snapshot snapshot = delta::LoadSnapshot(table.location);
  // As Delta does: a retention shorter than the table's lets a vacuum delete files that a
  // reader of an older version, or a writer about to commit, still needs.
  const double table_hours = TableRetentionHours(snapshot.metadata);
  if (!dry_run && !force && retention_hours < table_hours) {
    throw Error(ErrorCode::kInvalidArgument,
                "vacuum of '" + table_name + "' with retention_hours=" + Hours(retention_hours) +
                    " is shorter than the table's delta.deletedFileRetentionDuration (" +
                    Hours(table_hours) +
                    " hours): files that running readers or writers still need could be "
                    "deleted. Pass force=True (CLI: --force) only when no one else is using the "
                    "table");
  }
  const int64_t cutoff_ms =
      delta::NowMs() - static_cast<int64_t>(retention_hours * 3600.0 * 1000.0);
  std::set<std::string> needed, tombstoned;
  // A deletion vector file lives as long as the data file it belongs to.
  auto dv_file = [&](const std::optional<delta::DeletionVector>& dv) -> std::optional<std::string> {
    if (!dv) return std::nullopt;
    return delta::DeletionVectorFile(snapshot.table_root, *dv);
  };
  for (const auto& file : snapshot.files) {
    needed.insert(delta::ResolveDataPath(snapshot.table_root, file.path));
    if (auto dv = dv_file(file.deletion_vector)) needed.insert(*dv);
  }
  for (const auto& remove : snapshot.tombstones) {
    const std::string path = delta::ResolveDataPath(snapshot.table_root, remove.path);
    tombstoned.insert(path);
    // A missing deletion time is treated as "just now": keep the file.
    if (remove.deletion_timestamp.value_or(delta::NowMs()) > cutoff_ms) {
      needed.insert(path);
      if (auto dv = dv_file(remove.deletion_vector)) needed.insert(*dv);
    }
  }

  VacuumResult result;
  result.dry_run = dry_run;
  const fs::path root(snapshot.table_root);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path relative = it->path().lexically_relative(root);
    if (IsHidden(relative)) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    const std::string path = it->path().lexically_normal().string();
    if (needed.contains(path)) continue;
    // Files the log never mentioned may belong to a write still in flight: age them too.
    if (!tombstoned.contains(path) && delta::FileModifiedMs(it->path().string()) > cutoff_ms)
      continue;
    result.files.push_back(path);
    result.bytes += static_cast<int64_t>(it->file_size());
  }
  std::sort(result.files.begin(), result.files.end());
  if (!dry_run) {
    for (const std::string& path : result.files) {
      std::error_code remove_error;
      fs::remove(path, remove_error);
      if (remove_error) {
        throw Error(ErrorCode::kIo, "vacuum of catalog table '" + table.name.FullName() +
                                        "' could not delete '" + path +
                                        "': " + remove_error.message());
      }
    }
  }
  return result;
}

}  // namespace ff
