#include "cloud/s3_object_store.hpp"

#include <cstdlib>

#include "cloud/s3_client.hpp"
#include "flowfile/errors.hpp"

namespace ff::cloud {

namespace {

class S3ObjectStore : public ObjectStore {
 public:
  explicit S3ObjectStore(S3Config config) : client_(std::move(config)) {}

  ObjectInfo Head(const std::string& bucket, const std::string& key) override {
    return Convert(client_.HeadObject(bucket, key), key);
  }
  std::vector<ObjectInfo> List(const std::string& bucket, const std::string& prefix) override {
    std::vector<ObjectInfo> out;
    for (auto& o : client_.ListObjects(bucket, prefix)) out.push_back(Convert(o, o.key));
    return out;
  }
  void GetTo(const std::string& bucket, const std::string& key, const BodyWriter& writer) override {
    client_.GetObjectTo(bucket, key, writer);
  }
  void Upload(const std::string& bucket, const std::string& key, const BodyReader& reader,
              uint64_t size) override {
    client_.UploadObject(bucket, key, reader, size);
  }
  std::string Identity() const override { return "s3 " + client_.config().endpoint; }

 private:
  static ObjectInfo Convert(const S3ObjectInfo& o, const std::string& key) {
    return {key, o.size, o.etag, o.last_modified};
  }
  S3Client client_;
};

}  // namespace

std::unique_ptr<ObjectStore> OpenS3ObjectStore(const CloudStorageConnectionInfo& info,
                                               CloudSecrets secrets) {
  const std::string& name = info.connection_name;
  S3Config config;
  if (!info.aws_region.empty()) config.region = info.aws_region;
  if (!info.endpoint_url.empty()) {
    config.endpoint = info.endpoint_url;
    config.path_style = true;  // custom endpoints (MinIO, R2, test servers) expect it
    while (!config.endpoint.empty() && config.endpoint.back() == '/') config.endpoint.pop_back();
  }
  config.allow_http = info.aws_allow_unsafe_html;
  if (info.auth_method == "access_key") {
    config.credentials.access_key_id = info.aws_access_key_id;
    if (auto it = secrets.find("aws_secret_access_key"); it != secrets.end()) {
      config.credentials.secret_access_key = std::move(it->second);
    }
    if (auto it = secrets.find("aws_session_token"); it != secrets.end()) {
      config.credentials.session_token = std::move(it->second);
    }
  } else if (info.auth_method == "env_vars") {
    const char* id = std::getenv("AWS_ACCESS_KEY_ID");
    const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
    const char* token = std::getenv("AWS_SESSION_TOKEN");
    if (!id || !secret) {
      throw Error(ErrorCode::kPermissionDenied,
                  "cloud connection '" + name +
                      "' uses env_vars, but AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set");
    }
    config.credentials.access_key_id = id;
    config.credentials.secret_access_key = Secret(secret);
    if (token) config.credentials.session_token = Secret(token);
    if (const char* region = std::getenv("AWS_REGION"); region && info.aws_region.empty()) {
      config.region = region;
    }
  } else if (info.auth_method != "anonymous") {
    throw Error(ErrorCode::kUnsupported, "cloud connection '" + name + "' uses auth_method '" +
                                             info.auth_method +
                                             "'; S3 supports access_key, env_vars and anonymous "
                                             "so far");
  }
  return std::make_unique<S3ObjectStore>(std::move(config));
}

}  // namespace ff::cloud
