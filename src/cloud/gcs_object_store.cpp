#include "cloud/gcs_object_store.hpp"

#include <openssl/crypto.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>

#include "cloud/digests.hpp"
#include "cloud/gcs_token.hpp"
#include "cloud/s3_object_store.hpp"
#include "cloud/url.hpp"
#include "flowfile/errors.hpp"
#include "util/secret_caches.hpp"

namespace ff::cloud {
namespace {

class GcsObjectStore : public ObjectStore {
 public:
  GcsObjectStore(GcsConfig config, std::shared_ptr<HttpTransport> transport)
      : client_(std::move(config), std::move(transport)) {}

  ObjectInfo Head(const std::string& bucket, const std::string& key) override {
    return Convert(client_.GetObjectMetadata(bucket, key));
  }
  std::vector<ObjectInfo> List(const std::string& bucket, const std::string& prefix) override {
    std::vector<ObjectInfo> out;
    for (const GcsObjectInfo& object : client_.List(bucket, prefix)) out.push_back(Convert(object));
    return out;
  }
  std::vector<ObjectInfo> ListFirst(const std::string& bucket, const std::string& prefix,
                                    int limit) override {
    std::vector<ObjectInfo> out;
    for (const GcsObjectInfo& object : client_.ListPage(bucket, prefix, "", limit).objects)
      out.push_back(Convert(object));
    return out;
  }
  void GetTo(const std::string& bucket, const std::string& key, const BodyWriter& writer) override {
    GcsObjectInfo info = client_.GetObjectMetadata(bucket, key);
    info.name = key;
    client_.DownloadVerified(bucket, info, writer);
  }
  void Upload(const std::string& bucket, const std::string& key, const BodyReader& reader,
              uint64_t size) override {
    client_.Upload(bucket, key, reader, size);
  }
  bool CreateIfAbsent(const std::string& bucket, const std::string& key,
                      std::string_view content) override {
    return CreatedUnlessConflict(
        [&] { client_.UploadMedia(bucket, key, content, /*if_absent=*/true); });
  }
  void Delete(const std::string& bucket, const std::string& key) override {
    try {
      client_.DeleteObject(bucket, key);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kNotFound) throw;
    }
  }
  std::string Identity() const override { return "gcs " + client_.base_url(); }

 private:
  static ObjectInfo Convert(const GcsObjectInfo& object) {
    return {object.name, object.size, object.etag, object.updated};
  }
  GcsClient client_;
};

bool IsLoopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]";
}

// The key as JSON text: a value that does not look like JSON is taken as the key file's path.
Secret KeyJson(Secret value, const std::string& connection, const std::string& source) {
  std::string_view text = value.Reveal();
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] == '{') return value;
  std::string path(text.substr(first));
  while (!path.empty() && (path.back() == '\n' || path.back() == '\r' || path.back() == ' '))
    path.pop_back();
  std::ifstream file(path, std::ios::binary);
  if (!file)
    throw Error(ErrorCode::kInvalidArgument,
                "cloud connection '" + connection + "': " + source +
                    " is neither a JSON service-account key nor a readable key file path");
  std::string contents((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  return Secret::Adopt(contents);
}

// One token source per service account (and endpoint) for the whole process: every frame
// operation opens its own store, and a token is good for an hour. Keyed by a digest of the
// account's fields and key, which is never stored. Emptied (tokens and keys released) on key
// rotation and at exit, with every other secret cache.
std::shared_ptr<GcsTokenSource> SharedTokenSource(GcsServiceAccount account,
                                                  const TransportOptions& transport) {
  using Sources = std::map<std::string, std::shared_ptr<GcsTokenSource>>;
  // Never destroyed: the exit-time clear may run after static destructors.
  static auto* mutex = new std::mutex();
  static auto* sources = new Sources();
  static const uint64_t registration = RegisterSecretCache([] {
    Sources dropped;
    {
      std::lock_guard lock(*mutex);
      dropped.swap(*sources);
    }  // released outside the lock: a source's cache unregisters as it dies
  });
  (void)registration;
  std::string material = account.client_email + '\n' + account.token_uri + '\n' + account.scope +
                         '\n' + std::string(account.private_key.Reveal());
  const std::string key = Sha256Hex(material);
  OPENSSL_cleanse(material.data(), material.size());
  {
    std::lock_guard lock(*mutex);
    if (auto found = sources->find(key); found != sources->end()) return found->second;
  }
  // Made outside the lock: a new source registers its token cache, and the clear above takes
  // this lock while the registry's is held.
  auto created = std::make_shared<GcsTokenSource>(std::move(account), MakeCurlTransport(transport));
  std::lock_guard lock(*mutex);
  auto& slot = (*sources)[key];
  if (!slot) slot = std::move(created);
  return slot;
}

}  // namespace

std::unique_ptr<ObjectStore> MakeGcsObjectStore(GcsConfig config,
                                                std::shared_ptr<HttpTransport> transport) {
  return std::make_unique<GcsObjectStore>(std::move(config), std::move(transport));
}

std::unique_ptr<ObjectStore> OpenGcsObjectStore(const CloudStorageConnectionInfo& info,
                                                CloudSecrets secrets) {
  const std::string& name = info.connection_name;
  const std::string method = info.auth_method.empty() ? "service_account" : info.auth_method;
  if (method == "access_key") {
    // HMAC keys: GCS's XML API speaks S3 (SigV4 with region "auto").
    // storage_type stays "gcs": the S3 store then sends no x-amz-checksum-* headers.
    CloudStorageConnectionInfo s3 = info;
    if (s3.endpoint_url.empty()) s3.endpoint_url = std::string(kDefaultGcsEndpoint);
    if (s3.aws_region.empty()) s3.aws_region = "auto";
    return OpenS3ObjectStore(s3, std::move(secrets));
  }
  GcsConfig config;
  config.endpoint = info.endpoint_url;
  config.transport.verify_ssl = info.verify_ssl;
  if (method == "service_account" || method == "env_vars") {
    // Bearer tokens in clear text only to a local emulator, or when asked for explicitly.
    if (!info.endpoint_url.empty() && !info.aws_allow_unsafe_html &&
        ParseUrl(info.endpoint_url).scheme == "http" &&
        !IsLoopback(ParseUrl(info.endpoint_url).host))
      throw Error(ErrorCode::kInvalidArgument,
                  "cloud connection '" + name +
                      "' would send its access token over plain http to '" + info.endpoint_url +
                      "'; use https://, a loopback emulator, or allow it (aws_allow_unsafe_html)");
    Secret key;
    std::string source;
    if (method == "service_account") {
      source = "gcs_service_account_key";
      key = TakeSecret(secrets, "gcs_service_account_key");
      if (key.empty())
        throw Error(ErrorCode::kInvalidArgument,
                    "cloud connection '" + name +
                        "' uses service_account, but gcs_service_account_key is empty");
    } else {
      source = "GOOGLE_APPLICATION_CREDENTIALS";
      const char* path = std::getenv("GOOGLE_APPLICATION_CREDENTIALS");
      if (!path || !*path)
        throw Error(ErrorCode::kPermissionDenied,
                    "cloud connection '" + name +
                        "' uses env_vars, but GOOGLE_APPLICATION_CREDENTIALS is not set");
      key = Secret(path);
    }
    GcsServiceAccount account =
        ParseGcsServiceAccountKey(KeyJson(std::move(key), name, source), name);
    config.principal = "service account '" + account.client_email + "'";
    auto source_ptr = SharedTokenSource(std::move(account), config.transport);
    config.token_provider = [source_ptr] { return source_ptr->Token(); };
  } else if (method != "anonymous") {
    throw Error(ErrorCode::kUnsupported,
                "cloud connection '" + name + "' uses auth_method '" + method +
                    "'; GCS supports service_account, env_vars, access_key (HMAC) and anonymous");
  }
  return MakeGcsObjectStore(std::move(config));
}

}  // namespace ff::cloud
