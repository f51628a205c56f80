// A Google Cloud Storage client over HttpClient, speaking the JSON API
// (https://storage.googleapis.com/storage/v1 and /upload/storage/v1), so it also works with
// emulators such as fake-gcs-server through a custom endpoint.
//
// Contract:
//  - Addressing: <endpoint>/storage/v1/b/<bucket>/o/<object>, bucket and object percent-encoded
//    with '/' encoded too (the object is one path segment). The endpoint defaults to
//    https://storage.googleapis.com.
//  - Authorization: "Bearer <token>" from a provider on every request (service account), or
//    none (anonymous, emulators).
//  - Upload: one uploadType=media request below single_request_threshold, else a resumable
//    session: POST uploadType=resumable, then PUTs of chunk_size bytes (a multiple of 256 KiB)
//    to the session URI with "Content-Range: bytes a-b/total"; 308 means "continue from the
//    Range the server reports", 200/201 ends it. The object exists only once the last chunk
//    arrived (whole or not at all).
//  - Errors are ff::Error (HttpStatusError when the service answered): 404 -> kNotFound naming
//    the bucket/object, 401/403 -> kPermissionDenied, other statuses per ErrorCodeForStatus.
//    No message holds a token or the resumable session URI (it authorizes the upload).
//  - Thread-safe for concurrent calls (the token provider serializes its own refreshes).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cloud/http_client.hpp"

namespace ff::cloud {

inline constexpr std::string_view kDefaultGcsEndpoint = "https://storage.googleapis.com";
//! Resumable chunks (except the last) must be multiples of this.
inline constexpr uint64_t kGcsChunkQuantum = 256 * 1024;

//! Returns a current OAuth2 access token (cached by the provider).
using GcsTokenProvider = std::function<std::string()>;

struct GcsConfig {
  //! "http(s)://host[:port]"; empty means https://storage.googleapis.com.
  std::string endpoint;
  //! Empty: anonymous (no Authorization header).
  GcsTokenProvider token_provider;
  //! Who the requests run as, for permission hints ("service account 'x@y'"); never a secret.
  std::string principal;
  TransportOptions transport;
  RetryPolicy retry;
  uint64_t chunk_size = 8 * 1024 * 1024;  //!< rounded down to a multiple of 256 KiB
  uint64_t single_request_threshold = 8 * 1024 * 1024;
};

struct GcsObjectInfo {
  std::string name;
  uint64_t size = 0;
  std::string etag;
  std::string updated;  //!< RFC 3339
  std::string generation;
  std::string md5_hash;  //!< base64 MD5 of the content; absent for composite objects
};

struct GcsListPage {
  std::vector<GcsObjectInfo> objects;
  std::string next_page_token;  //!< empty on the last page
};

//! The base URL a config addresses (no trailing '/'). Throws kInvalidArgument for an endpoint
//! that is not http(s)://host[...] or that carries a query.
std::string GcsBaseUrl(const GcsConfig& config);

class GcsClient {
 public:
  //! `transport` defaults to libcurl; tests inject a fake one.
  explicit GcsClient(GcsConfig config, std::shared_ptr<HttpTransport> transport = nullptr);

  GcsObjectInfo GetObjectMetadata(const std::string& bucket, const std::string& object);
  //! Streams the object's bytes (alt=media) into `writer`.
  void DownloadTo(const std::string& bucket, const std::string& object, const BodyWriter& writer);
  //! The content of exactly `info.generation` (a replaced object is kNotFound rather than a
  //! mix), checked against `info.md5_hash` when GCS recorded one: a mismatch is kIo.
  void DownloadVerified(const std::string& bucket, const GcsObjectInfo& info,
                        const BodyWriter& writer);
  std::string Download(const std::string& bucket, const std::string& object);

  //! One page; `max_results` > 0 caps its size (else the service's default, 1000).
  GcsListPage ListPage(const std::string& bucket, const std::string& prefix,
                       const std::string& page_token, int max_results = 0);
  //! Every object under `prefix`, following nextPageToken, in name order.
  std::vector<GcsObjectInfo> List(const std::string& bucket, const std::string& prefix);

  //! One uploadType=media request. `if_absent` adds ifGenerationMatch=0, so an existing
  //! object is kConflict (412).
  GcsObjectInfo UploadMedia(const std::string& bucket, const std::string& object,
                            std::string_view data, bool if_absent = false);
  //! A resumable session in chunks (any size, 0 included).
  GcsObjectInfo UploadResumable(const std::string& bucket, const std::string& object,
                                const BodyReader& reader, uint64_t size);
  //! UploadMedia below single_request_threshold, else UploadResumable.
  GcsObjectInfo Upload(const std::string& bucket, const std::string& object,
                       const BodyReader& reader, uint64_t size);

  //! objects.delete (the live version). A missing object is kNotFound.
  void DeleteObject(const std::string& bucket, const std::string& object);

  const GcsConfig& config() const { return config_; }
  const std::string& base_url() const { return base_url_; }

 private:
  struct Operation {
    std::string name;  // "objects.get", for messages
    std::string bucket;
    std::string object;
  };

  void Authorize(HttpRequest& request) const;
  HttpResponse Execute(const Operation& operation, HttpRequest request);
  [[noreturn]] void ThrowFor(const Operation& operation, const HttpResponse& response) const;
  std::string ObjectUrl(const std::string& bucket, const std::string& object) const;

  GcsConfig config_;
  std::string base_url_;
  HttpClient http_;
};

//! The object resource fields Flowfile uses, from a JSON API object resource.
GcsObjectInfo ParseGcsObject(const std::string& json_text, const std::string& what);

}  // namespace ff::cloud
