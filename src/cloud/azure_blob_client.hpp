// An Azure Blob Storage client over HttpClient: Azure Storage accounts (ADLS Gen2 included,
// through their Blob endpoint) and the Azurite emulator.
//
// Contract:
//  - Addressing: the account's service URL is https://<account>.blob.core.windows.net unless
//    `endpoint` is set. A custom endpoint is used as given (a ".dfs." host is mapped to its
//    ".blob." twin); an emulator endpoint on a loopback host without a path gets "/<account>"
//    appended (path style, as Azurite expects). Blobs live at <service>/<container>/<blob>,
//    the blob name URI-encoded once with '/' kept. Plain http is accepted only when the endpoint
//    itself says http:// (emulators); the default endpoint is always https.
//  - Authorization: Shared Key (x-ms-date + Authorization per request), SAS token (appended to
//    every query; a leading '?' is dropped), a bearer token from a provider (service principal,
//    managed identity), or anonymous.
//  - Errors are ff::Error (HttpStatusError when the service answered): ContainerNotFound ->
//    kNotFound naming the container, BlobNotFound (or any other 404) -> kNotFound naming the
//    blob; 401/403 -> kPermissionDenied naming the operation and the service's error code only.
//    No message ever holds the account key, the SAS token, a bearer token or a signature.
//  - Thread-safe: one client may serve many threads; block uploads use `parallelism` threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/http_client.hpp"
#include "flowfile/secret.hpp"

namespace ff::cloud {

//! The x-ms-version every request sends (Azurite 3.x and the cloud service accept it).
inline constexpr std::string_view kAzureApiVersion = "2021-12-02";

//! Returns a current OAuth2 access token for https://storage.azure.com (cached by the provider).
using AzureTokenProvider = std::function<std::string()>;

struct AzureCredentials {
  enum class Kind { kAnonymous, kSharedKey, kSasToken, kBearer };
  Kind kind = Kind::kAnonymous;
  Secret account_key;                 //!< kSharedKey: base64 key from the portal
  Secret sas_token;                   //!< kSasToken: "sv=...&sig=..." (a leading '?' is accepted)
  AzureTokenProvider token_provider;  //!< kBearer
};

struct AzureBlobConfig {
  std::string account;
  //! "https://host[:port][/path]"; empty means https://<account>.blob.core.windows.net.
  std::string endpoint;
  AzureCredentials credentials;
  TransportOptions transport;
  RetryPolicy retry;
  uint64_t block_size = 8 * 1024 * 1024;             //!< Put Block size for large uploads
  uint64_t single_put_threshold = 16 * 1024 * 1024;  //!< Upload uses Put Blob below this
  unsigned parallelism = 4;                          //!< threads per block upload
};

struct AzureBlobInfo {
  std::string name;
  uint64_t size = 0;
  std::string etag;
  std::string last_modified;
};

struct AzureListPage {
  std::vector<AzureBlobInfo> blobs;
  std::string next_marker;  //!< empty on the last page
};

//! The service URL a config addresses (no trailing '/'). Throws kInvalidArgument for an
//! endpoint that is not http(s)://host[...] or an empty account.
std::string AzureServiceUrl(const AzureBlobConfig& config);
//! `query` with the SAS token appended ("a=1" + "sv=..&sig=.." -> "a=1&sv=..&sig=..").
std::string AppendSasToken(std::string_view query, std::string_view sas_token);
//! A Put Block id: base64 of a fixed-width block number, so every id of a blob has one length.
std::string AzureBlockId(size_t index);

class AzureBlobClient {
 public:
  //! `transport` defaults to libcurl; tests inject a fake one.
  explicit AzureBlobClient(AzureBlobConfig config,
                           std::shared_ptr<HttpTransport> transport = nullptr);

  //! Streams the blob into `writer`.
  void GetBlobTo(const std::string& container, const std::string& blob, const BodyWriter& writer);
  std::string GetBlob(const std::string& container, const std::string& blob);
  AzureBlobInfo GetBlobProperties(const std::string& container, const std::string& blob);

  //! One Put Blob request (block blob). Returns the ETag. `if_absent` sends If-None-Match: *,
  //! so an existing blob is kConflict.
  std::string PutBlob(const std::string& container, const std::string& blob, std::string_view data,
                      bool if_absent = false);
  //! Put Blob below single_put_threshold, else parallel Put Block + Put Block List.
  std::string UploadBlob(const std::string& container, const std::string& blob,
                         const BodyReader& reader, uint64_t size);
  //! Always in blocks (parallel), committed with one Put Block List. Returns the ETag.
  std::string UploadBlocks(const std::string& container, const std::string& blob,
                           const BodyReader& reader, uint64_t size);

  AzureListPage ListBlobsPage(const std::string& container, const std::string& prefix,
                              const std::string& marker, int max_results = 5000);
  //! Every blob under `prefix`, following markers, in name order.
  std::vector<AzureBlobInfo> ListBlobs(const std::string& container, const std::string& prefix);

  void DeleteBlob(const std::string& container, const std::string& blob);
  void CreateContainer(const std::string& container);
  void DeleteContainer(const std::string& container);

  const AzureBlobConfig& config() const { return config_; }
  const std::string& service_url() const { return service_url_; }

 private:
  struct Operation {
    std::string name;  // "GetBlob", for messages
    std::string method;
    std::string container;
    std::string blob;
    std::string query;  // encoded, without the SAS token
    HttpHeaders headers;
    std::string body;
    BodyReader body_reader;
    uint64_t body_size = 0;
    BodyWriter response_writer;
  };

  HttpRequest Build(const Operation& operation) const;
  HttpResponse Execute(const Operation& operation);
  [[noreturn]] void ThrowFor(const Operation& operation, const HttpResponse& response) const;

  AzureBlobConfig config_;
  std::string service_url_;
  HttpClient http_;
};

}  // namespace ff::cloud
