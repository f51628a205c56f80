// The catalog from frames: `frame.write_catalog_table("analytics.sales.orders", ...)` and
// `ff::read_catalog_table("analytics.sales.orders", {.delta_version = 3})`.
//
// Contract:
//  - Writes run the frame and commit one Delta version through ff::Catalog (every mode:
//    overwrite, error, append, upsert, update, delete, scd2). The commit records the catalog
//    tables (and versions) the frame read: version-pinned lineage.
//  - Reads pin the version they resolved when the frame was built (the latest, a version, or
//    the newest at or before a timestamp), so a frame gives the same rows every time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/catalog.hpp"
#include "flowfile/frame.hpp"

namespace ff {

struct ReadCatalogOptions {
  //! Time travel by version; `delta_version` is the same (Flowfile's name). Both given and
  //! different: kInvalidArgument.
  std::optional<int64_t> version;
  std::optional<int64_t> delta_version;
  std::optional<int64_t> timestamp_ms;
  std::string description;
};
FlowFrame read_catalog_table(const std::string& table_name, ReadCatalogOptions options = {});

struct WriteCatalogOptions {
  std::string write_mode = "overwrite";
  std::vector<std::string> merge_keys;
  std::vector<std::string> partition_by;
  std::string schema_mode = "strict";
  std::string description;
  Scd2Options scd2;
  //! Lineage: the run this write belongs to (a fresh id when empty) and the flow file that
  //! produced it (absolute; empty when the write does not come from a flow file).
  std::string run_id;
  std::string flow_path;
};
//! Returns the frame with a catalog_writer node; `result` (optional) receives the commit.
FlowFrame write_catalog_table(const FlowFrame& frame, const std::string& table_name,
                              WriteCatalogOptions options = {},
                              CatalogWriteResult* result = nullptr);

//! A fresh run id for lineage ("run-<ms>-<pid>-<n>"; unique within the machine).
std::string NewLineageRunId();

//! The catalog of the default workspace (process-wide).
Catalog& default_catalog();

}  // namespace ff
