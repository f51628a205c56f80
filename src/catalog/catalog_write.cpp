// Catalog::Write: resolve the table, enforce the per-table rules (SCD2 tables accept only scd2
// and overwrite), run the mode on a session that sees the source, refresh the store row.
#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "catalog/table_resolver.hpp"
#include "catalog/write_modes.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"

namespace ff {
namespace {

// The versions a committed write read, recorded as reads by its run: what the readers' lineage
// lists as consumers ("downstream tables" are the tables those runs wrote).
void RecordReads(Workspace& workspace, const CatalogWrite& write) {
  catalog::CatalogRows rows(workspace.store());
  for (const auto& [name, version] : write.read_versions) {
    try {
      const catalog::ResolvedTable read = catalog::RequireTable(workspace, name);
      if (read.row) rows.InsertRead(read.row->id, version, write.run_id);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kNotFound) throw;  // dropped since it was read: nothing to link
    }
  }
}

void CheckModeAllowed(const CatalogWrite& write, const catalog::ResolvedTable& table, bool exists) {
  const std::string mode(CatalogWriteModeName(write.mode));
  if (write.schema_mode != "strict" && write.schema_mode != "merge") {
    throw Error(ErrorCode::kInvalidArgument,
                "unknown schema_mode '" + write.schema_mode + "'; expected 'strict' or 'merge'");
  }
  // Keys do not change an overwrite (every row is replaced) or a create, which the seed's
  // snippet relies on; an append would ignore them and add duplicates of existing keys.
  if (write.mode == CatalogWriteMode::kAppend && !write.merge_keys.empty())
    throw Error(ErrorCode::kInvalidArgument,
                "merge_keys do not apply to write_mode 'append', which adds every row even when "
                "its key exists (duplicates); use write_mode='upsert' to insert-or-replace by "
                "key, or drop merge_keys");
  const bool is_scd2_table = table.row && !table.row->scd2_config.empty();
  if (is_scd2_table && write.mode != CatalogWriteMode::kScd2 &&
      write.mode != CatalogWriteMode::kOverwrite && write.mode != CatalogWriteMode::kError) {
    throw Error(ErrorCode::kInvalidArgument,
                "catalog table '" + table.name.FullName() +
                    "' is an SCD2 table; it accepts only write_mode 'scd2' or 'overwrite', not '" +
                    mode + "'");
  }
  if (write.mode == CatalogWriteMode::kScd2 && exists && !is_scd2_table) {
    throw Error(ErrorCode::kInvalidArgument,
                "catalog table '" + table.name.FullName() +
                    "' is a plain table; write_mode 'scd2' cannot convert it in place (overwrite "
                    "it first or write to a new table)");
  }
  if (write.mode == CatalogWriteMode::kScd2 && is_scd2_table &&
      table.row->scd2_config != catalog::Scd2ConfigJson(write)) {
    throw Error(ErrorCode::kInvalidArgument, "catalog table '" + table.name.FullName() +
                                                 "' was created with other SCD2 settings (" +
                                                 table.row->scd2_config + "); this write uses " +
                                                 catalog::Scd2ConfigJson(write));
  }
}

// Concurrent writers: a commit that Delta's conflict rules cannot rebase (the winner touched
// what this write read, or created the table first) is not the user's problem to retry.
// The whole write runs again on the new snapshot, where every mode has a well-defined
// result; bounded, with jittered backoff, and only then the conflict is reported. The bound
// is in time as well as attempts: on a loaded machine one attempt can take seconds, and ten
// writers taking turns would otherwise exhaust a count before each had its turn.
constexpr int kWriteAttempts = 10;
constexpr auto kRetryWindow = std::chrono::seconds(120);

void Backoff(int attempt) {
  static thread_local std::mt19937 random(std::random_device{}());
  const int ceiling = std::min(1000, 20 << std::min(attempt, 6));
  std::uniform_int_distribution<int> pause(ceiling / 4, ceiling);
  std::this_thread::sleep_for(std::chrono::milliseconds(pause(random)));
}

CatalogWriteResult RunWriteMode(const CatalogWrite& write, const catalog::WriteTarget& target,
                                std::optional<std::string>& scd2_config) {
  std::unique_ptr<delta::SqlSession> session = delta::OpenSqlSession();
  switch (write.mode) {
    case CatalogWriteMode::kOverwrite:
    case CatalogWriteMode::kError:
    case CatalogWriteMode::kAppend: {
      if (write.mode != CatalogWriteMode::kAppend) scd2_config = "";  // a plain table now
      return catalog::WritePlain(*session, write, target);
    }
    case CatalogWriteMode::kUpsert:
    case CatalogWriteMode::kUpdate:
    case CatalogWriteMode::kDelete: return catalog::WriteKeyed(*session, write, target);
    case CatalogWriteMode::kScd2:
      scd2_config = catalog::Scd2ConfigJson(write);
      return catalog::WriteScd2(*session, write, target);
  }
  throw Error(ErrorCode::kInternal, "unknown catalog write mode");
}

}  // namespace

CatalogWriteResult Catalog::Write(const CatalogWrite& write) {
  catalog::ResolvedTable table = catalog::ResolveForWrite(workspace_, write.table_name);
  const bool exists = delta::LatestVersion(table.location) >= 0;
  CheckModeAllowed(write, table, exists);
  if (write.mode == CatalogWriteMode::kError && table.row) {
    throw Error(ErrorCode::kAlreadyExists,
                "catalog table '" + table.name.FullName() +
                    "' already exists; write_mode='error' refuses to write to it (use "
                    "'overwrite' or 'append')");
  }

  catalog::WriteTarget target;
  target.full_name = table.name.FullName();
  target.location = table.location;
  for (const auto& [name, version] : write.read_versions) target.read_versions[name] = version;

  CatalogWriteResult result;
  std::optional<std::string> scd2_config;
  const auto started = std::chrono::steady_clock::now();
  for (int attempt = 1;; ++attempt) {
    try {
      result = RunWriteMode(write, target, scd2_config);
      break;
    } catch (const Error& e) {
      const bool out_of_turns =
          attempt >= kWriteAttempts && std::chrono::steady_clock::now() - started > kRetryWindow;
      if (e.code() != ErrorCode::kConflict || out_of_turns) throw;
      Backoff(attempt);
    }
  }
  if (result.committed || !table.row) {
    const delta::Snapshot snapshot = delta::LoadSnapshot(table.location);
    catalog::RefreshTableRow(workspace_, table, snapshot,
                             result.committed ? std::optional(write.run_id) : std::nullopt,
                             write.description, scd2_config);
  }
  if (result.committed) RecordReads(workspace_, write);
  return result;
}

}  // namespace ff
