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
//  - Tree copies (upload_directory, download_prefix) open the store once. A prefix names a
//    folder: "s3://b/dir" means every key starting with "dir/" (never "dir2/..."); the bucket
//    root means every object. Keys keep the files' paths relative to the folder, with '/'.
//  - download_prefix checks every key before writing anything: a key whose path below the
//    prefix is absolute, empty or has a "." or ".." segment is refused (kInvalidArgument), and
//    no file is written outside `local_dir` (not through a symbolic link either).
//  - Deletes: delete_cloud_object needs the object to exist; delete_cloud_objects takes
//    objects already gone as deleted (a retried delete succeeds).
//  - Failures are ff::Error: kNotFound for a missing local file or object, kInvalidArgument
//    for a URL that is not a cloud URL or names no bucket, kIo for I/O failures.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

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

//! One file of a tree copy, reported as it completes.
struct CopiedFile {
  std::string source, destination;
  uint64_t bytes = 0;
};
struct TreeCopyReport {
  uint64_t files = 0, bytes = 0;
};
using CopiedFileCallback = std::function<void(const CopiedFile&)>;

//! The key prefix a folder URL stands for: "" (bucket root) or a key ending in '/'.
std::string cloud_folder_prefix(const std::string& url);

//! Uploads every regular file under the directory `local_dir` (following symbolic links to
//! files, not to directories) to `url` + its relative path, in path order.
TreeCopyReport upload_directory(const std::string& connection_name, const std::string& local_dir,
                                const std::string& url, const CopiedFileCallback& on_file = {});
//! Downloads every object under the folder `url` into `local_dir` (created as needed), each
//! file as download_file does. kNotFound when the folder holds no object.
TreeCopyReport download_prefix(const std::string& connection_name, const std::string& url,
                               const std::string& local_dir,
                               const CopiedFileCallback& on_file = {});

//! Deletes the object `url`; kNotFound when there is none.
void delete_cloud_object(const std::string& connection_name, const std::string& url);
//! Deletes each object URL through one store, in order, calling `on_deleted` after each;
//! returns how many were deleted.
size_t delete_cloud_objects(const std::string& connection_name,
                            const std::vector<std::string>& urls,
                            const std::function<void(const std::string&)>& on_deleted = {});

}  // namespace ff
