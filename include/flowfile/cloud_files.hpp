// Whole files to and from cloud storage by connection name (what `flowfile cloud cp` does).
//
// Contract:
//  - URLs are cloud URLs as users write them (s3://, s3a://, az://, abfss://, gs://, ...);
//    `connection_name` names a stored cloud connection (see which_connection for choosing
//    one by scope).
//  - Uploads send a regular file whole (multipart for large files): the object appears
//    complete or not at all.
//  - download_file writes to a temporary file beside `local_path` (parallel ranged reads where
//    the store has them) and renames it over the target once complete and of the size the
//    object's metadata gave: a failed download leaves neither a partial file nor a changed
//    target. The file gets the mode a plain create would (0666 & ~umask).
//  - Failures are ff::Error: kNotFound for a missing local file or object, kInvalidArgument
//    for a URL that is not a cloud URL or names no bucket, kIo for I/O failures.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace ff {

//! A cloud URL's parts: scheme as written ("s3a"), bucket (or container), key without '/'.
struct CloudLocation {
  std::string scheme;
  std::string bucket;
  std::string key;
};

//! True for "<scheme>://..." other than file://.
bool is_cloud_url(const std::string& text);
//! Splits a cloud URL; throws kInvalidArgument when it is not one or names no bucket.
CloudLocation parse_cloud_url(const std::string& url);

//! Uploads the regular file `local_path` to the object `url`; returns the bytes sent.
uint64_t upload_file(const std::string& connection_name, const std::string& local_path,
                     const std::string& url);
//! Downloads the object `url` to `local_path` (see the contract); returns the bytes written.
uint64_t download_file(const std::string& connection_name, const std::string& url,
                       const std::string& local_path);
//! Streams the object `url` to `sink`, chunk by chunk; returns the bytes passed.
uint64_t download_to(const std::string& connection_name, const std::string& url,
                     const std::function<void(std::string_view)>& sink);

}  // namespace ff
