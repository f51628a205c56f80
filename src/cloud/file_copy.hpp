// Whole-file copies between a local path and an object of an open store: what upload_file,
// download_file and the tree copies share.
//
// Contract: as include/flowfile/cloud_files.hpp states for upload_file and download_file
// (a download goes to a temporary file renamed over `local_path` once complete).
#pragma once

#include <cstdint>
#include <string>

#include "cloud/object_store.hpp"

namespace ff::cloud {

//! Sends the regular file `local_path` as bucket/key; returns its size.
uint64_t UploadLocalFile(ObjectStore& store, const std::string& local_path,
                         const std::string& bucket, const std::string& key);
//! Writes bucket/key to `local_path`; `url` names the object in messages. Returns the size.
uint64_t DownloadToLocalFile(ObjectStore& store, const std::string& bucket, const std::string& key,
                             const std::string& local_path, const std::string& url);

}  // namespace ff::cloud
