#include "cloud/azure_object_store.hpp"

#include <cstdlib>

#include "cloud/azure_blob_client.hpp"
#include "cloud/azure_token.hpp"
#include "flowfile/errors.hpp"

namespace ff::cloud {
namespace {

class AzureObjectStore : public ObjectStore {
 public:
  explicit AzureObjectStore(AzureBlobConfig config) : client_(std::move(config)) {}

  ObjectInfo Head(const std::string& bucket, const std::string& key) override {
    return Convert(client_.GetBlobProperties(bucket, key));
  }
  std::vector<ObjectInfo> List(const std::string& bucket, const std::string& prefix) override {
    std::vector<ObjectInfo> out;
    for (AzureBlobInfo& blob : client_.ListBlobs(bucket, prefix)) out.push_back(Convert(blob));
    return out;
  }
  std::vector<ObjectInfo> ListFirst(const std::string& bucket, const std::string& prefix,
                                    int limit) override {
    std::vector<ObjectInfo> out;
    for (AzureBlobInfo& blob : client_.ListBlobsPage(bucket, prefix, "", limit).blobs)
      out.push_back(Convert(blob));
    return out;
  }
  void GetTo(const std::string& bucket, const std::string& key, const BodyWriter& writer) override {
    client_.GetBlobTo(bucket, key, writer);
  }
  void Upload(const std::string& bucket, const std::string& key, const BodyReader& reader,
              uint64_t size) override {
    client_.UploadBlob(bucket, key, reader, size);
  }
  bool CreateIfAbsent(const std::string& bucket, const std::string& key,
                      std::string_view content) override {
    return CreatedUnlessConflict(
        [&] { client_.PutBlob(bucket, key, content, /*if_absent=*/true); });
  }
  void Delete(const std::string& bucket, const std::string& key) override {
    try {
      client_.DeleteBlob(bucket, key);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kNotFound) throw;
    }
  }
  std::string Identity() const override { return "azure " + client_.service_url(); }

 private:
  static ObjectInfo Convert(const AzureBlobInfo& blob) {
    return {blob.name, blob.size, blob.etag, blob.last_modified};
  }
  AzureBlobClient client_;
};

std::string EnvOr(const char* name, std::string_view fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : std::string(fallback);
}

AzureTokenProvider ProviderFor(std::shared_ptr<AzureTokenSource> source) {
  return [source = std::move(source)] { return source->Token(); };
}

AzureTokenProvider ServicePrincipalProvider(AzureServicePrincipal principal,
                                            const TransportOptions& transport) {
  principal.authority = EnvOr("AZURE_AUTHORITY_HOST", kDefaultAzureAuthority);
  return ProviderFor(
      std::make_shared<AzureTokenSource>(std::move(principal), MakeCurlTransport(transport)));
}

}  // namespace

std::unique_ptr<ObjectStore> OpenAzureObjectStore(const CloudStorageConnectionInfo& info,
                                                  CloudSecrets secrets) {
  const std::string& name = info.connection_name;
  AzureBlobConfig config;
  config.account = info.azure_account_name;
  config.endpoint = info.endpoint_url;
  config.transport.verify_ssl = info.verify_ssl;
  AzureCredentials& credentials = config.credentials;
  using Kind = AzureCredentials::Kind;
  const std::string& method = info.auth_method;
  if (method == "access_key") {
    credentials.kind = Kind::kSharedKey;
    credentials.account_key = TakeSecret(secrets, "azure_account_key");
  } else if (method == "sas_token") {
    credentials.kind = Kind::kSasToken;
    credentials.sas_token = TakeSecret(secrets, "azure_sas_token");
  } else if (method == "service_principal") {
    credentials.kind = Kind::kBearer;
    AzureServicePrincipal principal;
    principal.tenant_id = info.azure_tenant_id;
    principal.client_id = info.azure_client_id;
    principal.client_secret = TakeSecret(secrets, "azure_client_secret");
    credentials.token_provider = ServicePrincipalProvider(std::move(principal), config.transport);
  } else if (method == "managed_identity") {
    credentials.kind = Kind::kBearer;
    AzureManagedIdentity identity;
    identity.imds_endpoint = EnvOr("AZURE_POD_IDENTITY_AUTHORITY_HOST", kDefaultAzureImds);
    identity.client_id = info.azure_client_id;
    credentials.token_provider = ProviderFor(std::make_shared<AzureTokenSource>(
        std::move(identity), MakeCurlTransport(config.transport)));
  } else if (method == "env_vars") {
    if (const char* key = std::getenv("AZURE_STORAGE_KEY"); key && *key) {
      credentials.kind = Kind::kSharedKey;
      credentials.account_key = Secret(key);
    } else if (const char* sas = std::getenv("AZURE_STORAGE_SAS_TOKEN"); sas && *sas) {
      credentials.kind = Kind::kSasToken;
      credentials.sas_token = Secret(sas);
    } else if (std::getenv("AZURE_CLIENT_SECRET")) {
      credentials.kind = Kind::kBearer;
      AzureServicePrincipal principal;
      principal.tenant_id = EnvOr("AZURE_TENANT_ID", "");
      principal.client_id = EnvOr("AZURE_CLIENT_ID", "");
      principal.client_secret = Secret(std::getenv("AZURE_CLIENT_SECRET"));
      credentials.token_provider = ServicePrincipalProvider(std::move(principal), config.transport);
    } else {
      throw Error(ErrorCode::kPermissionDenied,
                  "cloud connection '" + name +
                      "' uses env_vars, but none of AZURE_STORAGE_KEY, AZURE_STORAGE_SAS_TOKEN or "
                      "AZURE_CLIENT_SECRET (with AZURE_TENANT_ID, AZURE_CLIENT_ID) is set");
    }
  } else if (method != "anonymous") {
    throw Error(ErrorCode::kUnsupported,
                "cloud connection '" + name + "' uses auth_method '" + method +
                    "'; Azure supports access_key, sas_token, service_principal, "
                    "managed_identity, env_vars and anonymous");
  }
  return std::make_unique<AzureObjectStore>(std::move(config));
}

}  // namespace ff::cloud
