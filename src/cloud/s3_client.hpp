// An S3 client over HttpClient + SigV4: AWS S3 and S3-compatible servers (MinIO, R2, moto).
//
// Contract:
//  - Addressing: virtual-host style (https://bucket.host/key) unless `path_style` is set or the
//    bucket name holds a '.', then path style (https://host/bucket/key). Keys are URI-encoded
//    once, '/' kept. An endpoint with plain http is refused unless `allow_http`.
//  - Requests are signed with SigV4 (S3 rules) unless the credentials are anonymous. In-memory
//    bodies are hashed into x-amz-content-sha256 and carry Content-MD5, so the server checks
//    them; streamed bodies are sent as UNSIGNED-PAYLOAD.
//  - Errors are ff::Error (HttpStatusError when the server answered): NoSuchBucket and
//    NoSuchKey -> kNotFound naming the bucket/key; AccessDenied, SignatureDoesNotMatch,
//    InvalidAccessKeyId -> kPermissionDenied; ExpiredToken -> kPermissionDenied saying the
//    credentials expired; a failed If-None-Match/If-Match -> kConflict. Messages never hold the
//    secret key, the session token or a signature.
//  - Thread-safe: one client may serve many threads; transfers use `parallelism` threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/aws_credentials.hpp"
#include "cloud/http_client.hpp"

namespace ff::cloud {

inline constexpr uint64_t kMiB = 1024 * 1024;
inline constexpr uint64_t kMinPartSize = 5 * kMiB;  //!< S3's floor for all parts but the last
inline constexpr int kMaxParts = 10'000;

struct S3Config {
  std::string region = "us-east-1";
  //! "https://host[:port]"; empty means AWS (https://s3.<region>.amazonaws.com).
  std::string endpoint;
  bool path_style = false;
  bool allow_http = false;  //!< Flowfile's aws_allow_unsafe_html
  AwsCredentials credentials;
  TransportOptions transport;
  RetryPolicy retry;
  uint64_t part_size = 8 * kMiB;             //!< multipart part and ranged-GET piece size
  uint64_t multipart_threshold = 16 * kMiB;  //!< UploadObject switches to multipart at this size
  unsigned parallelism = 8;                  //!< threads per transfer
  //! CRC32 checksums on uploads (x-amz-checksum-crc32 per PutObject and UploadPart, as the
  //! AWS CLI sends them): the server verifies and records them. Off for servers that refuse
  //! the headers.
  bool checksums = true;
};

//! The x-amz-checksum-crc32 value of `data`: base64 of the big-endian CRC-32.
std::string S3Crc32Checksum(std::string_view data);

struct S3ObjectInfo {
  std::string key;
  uint64_t size = 0;
  std::string etag;  //!< as the server quotes it, e.g. "\"9b2cf535f27731c974343645a3985328\""
  std::string last_modified;
};

struct S3ListRequest {
  std::string prefix;
  std::string delimiter;           //!< "/" to list one level
  std::string continuation_token;  //!< from the previous page
  int max_keys = 1000;
};

struct S3ListPage {
  std::vector<S3ObjectInfo> objects;
  std::vector<std::string> common_prefixes;
  std::string next_continuation_token;  //!< empty on the last page
};

struct S3PutOptions {
  std::string content_type;
  //! Conditional create (If-None-Match: *): kConflict when the key already exists.
  bool if_none_match = false;
};

class S3Client {
 public:
  //! `transport` defaults to libcurl; tests inject a fake one.
  explicit S3Client(S3Config config, std::shared_ptr<HttpTransport> transport = nullptr);

  std::string GetObject(const std::string& bucket, const std::string& key);
  //! Bytes [offset, offset + length) (fewer at the end of the object).
  std::string GetObjectRange(const std::string& bucket, const std::string& key, uint64_t offset,
                             uint64_t length);
  //! Streams the object into `writer` over one connection.
  void GetObjectTo(const std::string& bucket, const std::string& key, const BodyWriter& writer);
  //! The whole object as pieces of up to part_size bytes handed to `write_at(offset, bytes)`
  //! from `parallelism` threads, in no particular order: a first ranged GET gives the size,
  //! the rest are ranged GETs pinned by If-Match (an object replaced mid-download fails with
  //! kConflict instead of mixing versions). Returns the object's size.
  uint64_t GetObjectAt(const std::string& bucket, const std::string& key,
                       const std::function<void(uint64_t, std::string_view)>& write_at);
  S3ObjectInfo HeadObject(const std::string& bucket, const std::string& key);

  //! Single PUT. Returns the ETag.
  std::string PutObject(const std::string& bucket, const std::string& key, std::string_view data,
                        const S3PutOptions& options = {});
  //! PUT, or a multipart upload once `size` reaches multipart_threshold. Returns the ETag.
  std::string UploadObject(const std::string& bucket, const std::string& key,
                           const BodyReader& reader, uint64_t size,
                           const S3PutOptions& options = {});
  //! Multipart upload with parallel parts; aborted on failure. Returns the ETag.
  std::string UploadMultipart(const std::string& bucket, const std::string& key,
                              const BodyReader& reader, uint64_t size,
                              const S3PutOptions& options = {});

  S3ListPage ListObjectsPage(const std::string& bucket, const S3ListRequest& request);
  //! Every object under `prefix`, following continuation tokens.
  std::vector<S3ObjectInfo> ListObjects(const std::string& bucket, const std::string& prefix);
  void DeleteObject(const std::string& bucket, const std::string& key);
  void CreateBucket(const std::string& bucket);

  //! A presigned GET URL valid for `expires_seconds`.
  std::string PresignGet(const std::string& bucket, const std::string& key, int expires_seconds);

  const S3Config& config() const { return config_; }

 private:
  struct Operation {
    std::string name;  // "GetObject", for messages
    std::string method;
    std::string bucket;
    std::string key;
    std::string query;  // encoded
    HttpHeaders headers;
    std::string body;
    BodyReader body_reader;
    uint64_t body_size = 0;
    BodyWriter response_writer;
  };
  struct Target {
    std::string url;
    std::string host_header;
    std::string path;
  };

  Target Locate(const std::string& bucket, const std::string& key, const std::string& query) const;
  HttpRequest Build(const Operation& operation) const;
  //! Send with retries; throws the mapped error unless 2xx.
  HttpResponse Execute(const Operation& operation);
  [[noreturn]] void ThrowFor(const Operation& operation, const HttpResponse& response) const;
  S3Config config_;
  std::string scheme_;
  std::string endpoint_host_;  // host[:port]
  bool aws_endpoint_;
  HttpClient http_;
};

}  // namespace ff::cloud
