#include "cloud/s3_object_store.hpp"

#include <mutex>

#include "cloud/aws_auth.hpp"
#include "cloud/local_file.hpp"
#include "cloud/s3_client.hpp"
#include "flowfile/errors.hpp"

namespace ff::cloud {

namespace {

//! An S3Client per set of credentials: when the provider hands out new (refreshed temporary)
//! credentials, the next call builds a new client over the same transport.
class S3ObjectStore : public ObjectStore {
 public:
  S3ObjectStore(CloudStorageConnectionInfo info, S3Auth auth, RetryPolicy retry,
                std::shared_ptr<HttpTransport> transport)
      : info_(std::move(info)),
        auth_(std::move(auth)),
        retry_(std::move(retry)),
        transport_(std::move(transport)) {
    Client();  // resolve the credentials now, so a bad profile or role fails at open time
  }

  ObjectInfo Head(const std::string& bucket, const std::string& key) override {
    return Convert(Client()->HeadObject(bucket, key), key);
  }
  std::vector<ObjectInfo> List(const std::string& bucket, const std::string& prefix) override {
    std::vector<ObjectInfo> out;
    for (auto& o : Client()->ListObjects(bucket, prefix)) out.push_back(Convert(o, o.key));
    return out;
  }
  std::vector<ObjectInfo> ListFirst(const std::string& bucket, const std::string& prefix,
                                    int limit) override {
    S3ListRequest request;
    request.prefix = prefix;
    request.max_keys = limit;
    std::vector<ObjectInfo> out;
    for (auto& o : Client()->ListObjectsPage(bucket, request).objects)
      out.push_back(Convert(o, o.key));
    return out;
  }
  void GetTo(const std::string& bucket, const std::string& key, const BodyWriter& writer) override {
    Client()->GetObjectTo(bucket, key, writer);
  }
  uint64_t DownloadToFile(const std::string& bucket, const std::string& key,
                          const std::string& path,
                          const std::function<void(uint64_t)>& on_bytes) override {
    LocalFileWriter file(path);
    const uint64_t size =
        Client()->GetObjectAt(bucket, key, [&](uint64_t offset, std::string_view data) {
          file.WriteAt(offset, data);
          if (on_bytes) on_bytes(data.size());
        });
    file.Close();
    return size;
  }
  void Upload(const std::string& bucket, const std::string& key, const BodyReader& reader,
              uint64_t size) override {
    Client()->UploadObject(bucket, key, reader, size);
  }
  bool CreateIfAbsent(const std::string& bucket, const std::string& key,
                      std::string_view content) override {
    S3PutOptions options;
    options.if_none_match = true;
    return CreatedUnlessConflict([&] { Client()->PutObject(bucket, key, content, options); });
  }
  void Delete(const std::string& bucket, const std::string& key) override {
    Client()->DeleteObject(bucket, key);
  }
  std::string Identity() const override {
    std::lock_guard lock(mutex_);
    return "s3 " + client_->config().endpoint;
  }

 private:
  static ObjectInfo Convert(const S3ObjectInfo& o, const std::string& key) {
    return {key, o.size, o.etag, o.last_modified};
  }

  S3Config Config(const AwsCredentials& credentials) const {
    S3Config config;
    config.region = auth_.region;
    if (!info_.endpoint_url.empty()) {
      config.endpoint = info_.endpoint_url;
      config.path_style = true;  // custom endpoints (MinIO, R2, test servers) expect it
      while (!config.endpoint.empty() && config.endpoint.back() == '/') config.endpoint.pop_back();
    }
    config.allow_http = info_.aws_allow_unsafe_html;
    config.checksums = info_.storage_type != "gcs";  // GCS's XML API has its own (x-goog-hash)
    config.retry = retry_;
    config.credentials = credentials.Clone();
    return config;
  }

  std::shared_ptr<S3Client> Client() {
    std::shared_ptr<const AwsSessionCredentials> current = auth_.provider->Current();
    std::lock_guard lock(mutex_);
    if (!client_ || current != credentials_) {
      if (!transport_) transport_ = MakeCurlTransport(S3Config().transport);
      client_ = std::make_shared<S3Client>(Config(current->credentials), transport_);
      credentials_ = std::move(current);
    }
    return client_;
  }

  const CloudStorageConnectionInfo info_;
  const S3Auth auth_;
  const RetryPolicy retry_;
  mutable std::mutex mutex_;
  std::shared_ptr<HttpTransport> transport_;
  std::shared_ptr<const AwsSessionCredentials> credentials_;
  std::shared_ptr<S3Client> client_;
};

}  // namespace

std::unique_ptr<ObjectStore> OpenS3ObjectStoreWith(const CloudStorageConnectionInfo& info,
                                                   CloudSecrets secrets, AwsAuthContext context) {
  std::shared_ptr<HttpTransport> transport = context.transport;
  if (!transport) transport = MakeCurlTransport(S3Config().transport);
  context.transport = transport;  // STS shares the S3 connection pool
  RetryPolicy retry = context.retry;
  S3Auth auth = MakeS3Auth(info, secrets, std::move(context));
  return std::make_unique<S3ObjectStore>(info, std::move(auth), std::move(retry),
                                         std::move(transport));
}

std::unique_ptr<ObjectStore> OpenS3ObjectStore(const CloudStorageConnectionInfo& info,
                                               CloudSecrets secrets) {
  return OpenS3ObjectStoreWith(info, std::move(secrets), AwsAuthContext{});
}

}  // namespace ff::cloud
