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
//    object appears whole or not at all.
//  - Providers come from cloud::OpenObjectStore: S3 (and S3-compatible endpoints) with
//    access_key, env_vars or anonymous; others throw kUnsupported naming the type or method.
#pragma once

#include <string>
#include <vector>

#include "flowfile/frame.hpp"

namespace ff {

struct CloudReadOptions {
  std::string connection_name;
  std::string file_format = "parquet";  //!< parquet | csv | json (newline-delimited)
  std::string delimiter = ";";          //!< csv (Flowfile's default for cloud CSV)
  bool has_header = true;
  std::string description;
};
FlowFrame read_from_cloud_storage(const std::string& url, CloudReadOptions options);

struct CloudWriteOptions {
  std::string connection_name;
  std::string file_format = "parquet";  //!< parquet | csv | json
  std::string compression = "snappy";   //!< parquet (Flowfile's default for cloud writes)
  std::string delimiter = ";";
  std::string description;
};
FlowFrame write_to_cloud_storage(const FlowFrame& frame, const std::string& url,
                                 CloudWriteOptions options);

struct CloudObject {
  std::string url;
  uint64_t size = 0;
  std::string last_modified;
};
std::vector<CloudObject> list_cloud_objects(const std::string& connection_name,
                                            const std::string& url);

//! The connection a URL resolves to without a name, and why (for ff.which_connection).
std::string which_connection(const std::string& url, std::string* explanation = nullptr);

}  // namespace ff
