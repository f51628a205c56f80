// Cloud storage by connection name: `ff::scan_parquet_from_cloud_storage("s3://b/k",
// {.connection_name = "data-lake"})` and the writers.
//
// Contract:
//  - The connection resolves through the store when the call is made; with no name, the
//    connection whose scopes match the URL most specifically is chosen (WhichConnection).
//  - Reads download whole objects into a local cache keyed by (bucket, key, ETag), so reading
//    an unchanged object again costs one HEAD request; DuckDB then reads the cached files.
//    Globs (`*`, `**`) and prefixes ending in '/' read every matching object.
//  - Writes go to a local temporary file, then one upload (multipart for large files): the
//    object appears whole or not at all. write_mode "append" treats the URL as a folder and
//    adds a new part file (part-<UTC time>-<uuid>.<ext>) to it, for every format; reading the
//    folder URL reads every part.
//  - Delta (file_format "delta") works on a local mirror of the table (cloud/delta_mirror.hpp):
//    reads fetch the log and exactly the files of the snapshot (each file once: Delta files
//    are immutable); writes upload the new data files, then create the commit object with a
//    conditional put (`If-None-Match: *`), so concurrent writers never overwrite a version.
//  - Providers come from cloud::OpenObjectStore: S3 (and S3-compatible endpoints), Azure Blob /
//    ADLS Gen2 and GCS; an unsupported auth method throws kUnsupported naming it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/frame.hpp"

namespace ff {

struct CloudReadOptions {
  std::string connection_name;
  std::string file_format = "parquet";  //!< parquet | csv | json (newline-delimited) | delta
  std::string delimiter = ";";          //!< csv (Flowfile's default for cloud CSV)
  bool has_header = true;
  std::string description;
  std::optional<int64_t> version;             //!< delta: time travel by version
  std::optional<int64_t> delta_version;       //!< the same (Flowfile's name); both: must agree
  std::optional<int64_t> delta_timestamp_ms;  //!< delta: newest version at or before this time
};
FlowFrame read_from_cloud_storage(const std::string& url, CloudReadOptions options);

struct CloudWriteOptions {
  std::string connection_name;
  std::string file_format = "parquet";  //!< parquet | csv | json | delta
  std::string compression = "snappy";   //!< parquet (Flowfile's default for cloud writes)
  std::string delimiter = ";";
  std::string description;
  std::string write_mode = "overwrite";   //!< overwrite | append (delta also: error)
  std::vector<std::string> partition_by;  //!< delta, when the table is created
};
FlowFrame write_to_cloud_storage(const FlowFrame& frame, const std::string& url,
                                 CloudWriteOptions options);

struct CloudObject {
  std::string url;
  uint64_t size = 0;
  std::string last_modified;
  bool is_folder = false;  //!< one-level listings: a common prefix ("s3://b/dir/"), size 0
};
struct ListCloudOptions {
  //! false: only what is directly under the prefix, deeper keys folded into folder entries
  bool recursive = true;
  size_t limit = 0;         //!< at most this many entries (0: all)
  std::string start_after;  //!< a key or URL: entries up to and including it are skipped
};
//! Objects under `url` (a prefix; every page of the store's listing), sorted by key.
std::vector<CloudObject> list_cloud_objects(const std::string& connection_name,
                                            const std::string& url,
                                            const ListCloudOptions& options = {});

//! The connection a URL resolves to without a name, and why (for ff.which_connection).
std::string which_connection(const std::string& url, std::string* explanation = nullptr);

}  // namespace ff
