// The factory: a connection's storage_type picks the provider.
#include "cloud/object_store.hpp"

#include "cloud/azure_object_store.hpp"
#include "cloud/gcs_object_store.hpp"
#include "cloud/local_file.hpp"
#include "cloud/s3_object_store.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"

namespace ff::cloud {

bool CreatedUnlessConflict(const std::function<void()>& create) {
  try {
    create();
    return true;
  } catch (const Error& e) {
    if (e.code() == ErrorCode::kConflict) return false;
    throw;
  }
}

uint64_t ObjectStore::DownloadToFile(const std::string& bucket, const std::string& key,
                                     const std::string& path,
                                     const std::function<void(uint64_t)>& on_bytes) {
  LocalFileWriter file(path);
  uint64_t size = 0;
  GetTo(bucket, key, [&](std::string_view chunk) {
    file.WriteAt(size, chunk);
    size += chunk.size();
    if (on_bytes) on_bytes(chunk.size());
  });
  file.Close();
  return size;
}

std::unique_ptr<ObjectStore> OpenObjectStore(const std::string& connection_name) {
  auto& connections = Workspace::Default()->connections();
  const CloudStorageConnectionInfo info = connections.GetCloud(connection_name);
  const bool needs_secrets = info.auth_method != "anonymous" && info.auth_method != "env_vars" &&
                             info.auth_method != "aws-cli" &&
                             info.auth_method != "managed_identity";
  CloudSecrets secrets;
  if (needs_secrets) secrets = connections.ResolveCloudSecrets(connection_name);
  if (info.storage_type == "s3") return OpenS3ObjectStore(info, std::move(secrets));
  if (info.storage_type == "adls" || info.storage_type == "azure")
    return OpenAzureObjectStore(info, std::move(secrets));
  if (info.storage_type == "gcs") return OpenGcsObjectStore(info, std::move(secrets));
  throw Error(ErrorCode::kUnsupported, "cloud connection '" + connection_name +
                                           "' has storage_type '" + info.storage_type +
                                           "'; frames read and write s3, adls (azure) and gcs");
}

}  // namespace ff::cloud
