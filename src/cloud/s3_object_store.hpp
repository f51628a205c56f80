// S3 (and S3-compatible endpoints) behind the ObjectStore interface.
#pragma once

#include "cloud/object_store.hpp"
#include "flowfile/connections.hpp"

namespace ff::cloud {

std::unique_ptr<ObjectStore> OpenS3ObjectStore(const CloudStorageConnectionInfo& info,
                                               CloudSecrets secrets);

}  // namespace ff::cloud
