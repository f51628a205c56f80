// One interface over the object stores frames read and write (S3, Azure Blob/ADLS, GCS), so
// the frame layer never branches on the provider.
//
// Contract:
//  - "bucket" is the S3 bucket, the Azure container, the GCS bucket; "key" the object path.
//  - Failures are ff::Error: kNotFound (no such bucket/object), kPermissionDenied (refused
//    credentials; the message never contains a secret), kIo (network, 5xx after retries).
//  - OpenObjectStore resolves the connection's secrets itself (audited reads) and throws
//    kUnsupported naming the storage type or auth method it cannot serve.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/http_types.hpp"
#include "flowfile/connections.hpp"

namespace ff::cloud {

struct ObjectInfo {
  std::string key;
  uint64_t size = 0;
  std::string etag;  //!< changes whenever the content does: the cache key
  std::string last_modified;
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  virtual ObjectInfo Head(const std::string& bucket, const std::string& key) = 0;
  //! Every object under `prefix` (all pages), in key order.
  virtual std::vector<ObjectInfo> List(const std::string& bucket, const std::string& prefix) = 0;
  //! At most `limit` objects under `prefix`, from one request (for probes such as
  //! `connections test`, which must not walk a whole bucket).
  virtual std::vector<ObjectInfo> ListFirst(const std::string& bucket, const std::string& prefix,
                                            int limit) = 0;
  virtual void GetTo(const std::string& bucket, const std::string& key,
                     const BodyWriter& writer) = 0;
  //! Downloads the whole object into the local file `path` (created or truncated), with
  //! parallel ranged reads where the store has them. Returns its size. On failure the file's
  //! content is unspecified (callers download to a temporary name).
  //! `on_bytes`, when given, is told of every piece written (from several threads).
  virtual uint64_t DownloadToFile(const std::string& bucket, const std::string& key,
                                  const std::string& path,
                                  const std::function<void(uint64_t)>& on_bytes = {});
  //! Creates or replaces the object with `size` bytes from `reader` (whole or not at all).
  virtual void Upload(const std::string& bucket, const std::string& key, const BodyReader& reader,
                      uint64_t size) = 0;
  //! Creates the object holding `content` only if no object has that key (S3 and Azure
  //! `If-None-Match: *`, GCS `ifGenerationMatch=0`). Returns false when one exists: Delta
  //! commits on object stores rely on this to never overwrite a version.
  virtual bool CreateIfAbsent(const std::string& bucket, const std::string& key,
                              std::string_view content) = 0;
  //! Removes the object. A missing object is not an error (S3 answers the same either way;
  //! Azure's and GCS's "not found" is ignored), so a retried delete succeeds.
  virtual void Delete(const std::string& bucket, const std::string& key) = 0;
  //! Distinguishes stores in the local cache's keys (endpoint + account), never a secret.
  virtual std::string Identity() const = 0;
};

//! Runs a conditional create; kConflict from it (the key exists) becomes false.
bool CreatedUnlessConflict(const std::function<void()>& create);

//! The store for a stored cloud connection (by name).
std::unique_ptr<ObjectStore> OpenObjectStore(const std::string& connection_name);

//! Moves one resolved secret field out of `secrets` (an empty Secret when it is not set), so
//! each value has a single owner that wipes it.
inline Secret TakeSecret(CloudSecrets& secrets, const std::string& field) {
  auto it = secrets.find(field);
  return it == secrets.end() ? Secret() : std::move(it->second);
}

}  // namespace ff::cloud
