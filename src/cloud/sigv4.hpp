// AWS Signature Version 4 (header and presigned-URL signing).
//
// Contract:
//  - The request path is given as it goes on the wire (percent-encoded). With
//    `double_encode_path` (every service but S3) it is URI-encoded once more for the canonical
//    request; without it (S3) it is decoded and encoded exactly once, so "/a$b" and "/a%24b"
//    both sign as "/a%24b".
//  - `normalize_path` resolves "." and ".." segments and collapses repeated '/' (not for S3).
//  - Query parameters are decoded, then encoded with the strict unreserved set, sorted by name
//    then value; a parameter without '=' signs as "name=".
//  - Every header passed in is signed (names lower-cased, values trimmed, inner runs of
//    spaces collapsed, repeated names joined with ',' in order), except hop-by-hop ones
//    (see kUnsignedHeaders).
//  - The payload hash is, in order: SigV4Options::payload_hash, the request's
//    x-amz-content-sha256 header, the SHA-256 of the body.
//  - Nothing here logs or returns the secret key; SigningKey wipes its bytes.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/aws_credentials.hpp"
#include "cloud/http_types.hpp"

namespace ff::cloud {

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view kStreamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";

struct SigV4Request {
  std::string method;
  std::string path;   //!< as on the wire, e.g. "/bucket/my%20key"
  std::string query;  //!< as on the wire, without '?'
  HttpHeaders headers;
  std::string_view body;  //!< hashed only when no payload hash is given
};

struct SigV4Options {
  std::string region;
  std::string service;
  std::string amz_date;  //!< "YYYYMMDDTHHMMSSZ" (see AmzDate)
  bool double_encode_path = true;
  bool normalize_path = true;
  //! Header signing: add and sign "x-amz-content-sha256" (S3 requires it).
  bool add_content_sha256_header = false;
  //! Sign the session token (true) or attach it after signing (false, some STS flows).
  bool sign_session_token = true;
  std::string payload_hash;    //!< hex, or kUnsignedPayload / kStreamingPayload; empty: derive
  int expires_seconds = 3600;  //!< presigned URLs only

  //! S3's rules: single encoding, no normalization, x-amz-content-sha256 signed.
  static SigV4Options ForS3(std::string region, std::string amz_date);
};

struct SigV4Result {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;  //!< lower-case hex
  //! Header signing: headers to add to the request, Authorization last.
  HttpHeaders added_headers;
  //! Query signing: the full query string to send (the request's own parameters first, then
  //! the X-Amz-* ones, X-Amz-Signature last).
  std::string signed_query;
};

//! Sign with an Authorization header.
SigV4Result SignV4Headers(const SigV4Request& request, const AwsCredentials& credentials,
                          const SigV4Options& options);
//! Sign as a presigned URL (query-string authentication).
SigV4Result SignV4Query(const SigV4Request& request, const AwsCredentials& credentials,
                        const SigV4Options& options);

//! "20150830T123600Z" for a point in time (UTC).
std::string AmzDate(std::chrono::system_clock::time_point when);

//! The derived signing key kSigning = HMAC chain over date, region, service, "aws4_request".
class SigningKey {
 public:
  SigningKey(const Secret& secret_access_key, std::string_view date, std::string_view region,
             std::string_view service);
  ~SigningKey();
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  //! Lower-case hex HMAC-SHA256 of `string_to_sign` under this key.
  std::string SignHex(std::string_view string_to_sign) const;

 private:
  std::string key_;
};

//! Canonical pieces, exposed for tests and for other signers.
std::string CanonicalUri(std::string_view wire_path, bool double_encode, bool normalize);
std::string CanonicalQuery(std::string_view wire_query);

//! Signature of one chunk of an aws-chunked (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) upload,
//! chained from the previous signature (the seed signature for the first chunk).
std::string SignV4Chunk(const SigningKey& key, std::string_view amz_date,
                        std::string_view credential_scope, std::string_view previous_signature,
                        std::string_view chunk_data);

}  // namespace ff::cloud
