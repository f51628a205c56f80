// From a user's table name to its store rows and Delta folder, shared by every Catalog
// operation: lookups with "did you mean" errors, creation of missing namespaces for writes,
// and the refresh of a table's store row from its Delta log after a commit.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "catalog/catalog_rows.hpp"
#include "cloud/delta_mirror.hpp"
#include "delta/commit_store.hpp"
#include "flowfile/catalog.hpp"
#include "flowfile/delta.hpp"

namespace ff {
class Workspace;
}

namespace ff::catalog {

struct ResolvedTable {
  CatalogTableName name;
  NamespaceRow catalog, schema;
  std::optional<TableRow> row;  //!< absent: the table is not registered yet
  //! The Delta root to work on: the row's folder, where a new table goes, or (cloud
  //! catalogs) the local mirror of the table.
  std::string location;
  //! Cloud catalogs: the table's URL (what the row records) and its mirror, which publishes
  //! commits made under `location` to the store while `publishing` lives.
  std::string url;
  std::shared_ptr<cloud::DeltaMirror> mirror;
  std::shared_ptr<cloud::DeltaMirror::PublishScope> publishing;
};

//! For a table of a cloud catalog: opens its mirror, syncs the log, fetches the latest
//! snapshot's files, installs the publisher and points `location` at the mirror. A no-op for
//! local tables.
void AttachStorage(Workspace& workspace, ResolvedTable& table);

//! LoadSnapshot of the table at `options`, with the snapshot's files fetched for cloud tables.
delta::Snapshot LoadTableSnapshot(const ResolvedTable& table,
                                  const delta::SnapshotOptions& options = {});

//! Cloud catalogs cannot do this yet: throws kUnsupported naming `operation` and the table.
void RequireLocalStorage(const ResolvedTable& table, const std::string& operation);

//! The folder new tables of `catalog` go under (its storage_uri or <config>/catalog/<name>).
std::string CatalogStorageRoot(Workspace& workspace, const NamespaceRow& catalog);

//! The catalog named `name`; kNotFound listing the closest catalogs otherwise.
NamespaceRow RequireCatalog(CatalogRows& rows, const std::string& name);
//! `catalog.schema` or a bare schema in General; kNotFound listing the closest otherwise.
std::pair<NamespaceRow, NamespaceRow> RequireSchema(CatalogRows& rows, const std::string& name);

//! A registered table; kNotFound listing the closest names (schema or table level).
ResolvedTable RequireTable(Workspace& workspace, const std::string& table_name);

//! For writes: creates missing catalog/schema rows, and fills `location` for a new table.
ResolvedTable ResolveForWrite(Workspace& workspace, const std::string& table_name);

//! Updates (or inserts) the table's store row from `snapshot`: version, rows, size,
//! partition columns, updated time. `run_id`/`description`/`scd2_config` are kept when
//! nullopt.
void RefreshTableRow(Workspace& workspace, ResolvedTable& table, const delta::Snapshot& snapshot,
                     const std::optional<std::string>& run_id,
                     const std::optional<std::string>& description,
                     const std::optional<std::string>& scd2_config);

//! The public view of a registered table (reads the Delta log for columns and version).
TableInfo MakeTableInfo(const ResolvedTable& table);

//! Rows and bytes of a snapshot's active files, from their stats.
std::pair<int64_t, int64_t> SnapshotRowsAndBytes(const delta::Snapshot& snapshot);

}  // namespace ff::catalog
