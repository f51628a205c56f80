#include "cloud/s3_client.hpp"

#include <chrono>

#include "cloud/digests.hpp"
#include "cloud/list_xml.hpp"
#include "cloud/sigv4.hpp"
#include "cloud/url.hpp"
#include "cloud/xml_scan.hpp"
#include "crypto/base64.hpp"

namespace ff::cloud {
namespace {

void CheckBucketName(const std::string& bucket) {
  bool ok = bucket.size() >= 3 && bucket.size() <= 63;
  for (char c : bucket)
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.');
  if (!ok)
    throw Error(ErrorCode::kInvalidArgument,
                "'" + bucket +
                    "' is not a valid S3 bucket name (expected 3-63 characters: lower-case "
                    "letters, digits, '-' and '.')");
}

std::string ObjectName(const std::string& bucket, const std::string& key) {
  return key.empty() ? "s3://" + bucket : "s3://" + bucket + "/" + key;
}

uint64_t ParseUnsigned(const std::string& text, std::string_view what) {
  try {
    size_t used = 0;
    uint64_t value = std::stoull(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  throw Error(ErrorCode::kIo, "S3 returned a malformed " + std::string(what) + ": '" + text + "'");
}

}  // namespace

S3Client::S3Client(S3Config config, std::shared_ptr<HttpTransport> transport)
    : config_(std::move(config)),
      aws_endpoint_(config_.endpoint.empty()),
      http_(transport ? std::move(transport) : MakeCurlTransport(config_.transport),
            config_.retry) {
  if (config_.region.empty()) config_.region = "us-east-1";
  std::string endpoint =
      aws_endpoint_ ? "https://s3." + config_.region + ".amazonaws.com" : config_.endpoint;
  ParsedUrl parsed = ParseUrl(endpoint);
  if (parsed.scheme != "https" && parsed.scheme != "http")
    throw Error(ErrorCode::kInvalidArgument,
                "S3 endpoint '" + endpoint + "' must start with https:// (or http://)");
  if (parsed.scheme == "http" && !config_.allow_http)
    throw Error(ErrorCode::kInvalidArgument,
                "S3 endpoint '" + endpoint +
                    "' uses plain http; allow it explicitly (aws_allow_unsafe_html=True) or use "
                    "https://");
  if (parsed.path != "/" || !parsed.query.empty())
    throw Error(ErrorCode::kInvalidArgument,
                "S3 endpoint '" + endpoint + "' must be scheme://host[:port] with no path");
  scheme_ = parsed.scheme;
  endpoint_host_ = parsed.HostHeader();
  if (config_.part_size < kMinPartSize) config_.part_size = kMinPartSize;
  if (config_.parallelism == 0) config_.parallelism = 1;
}

S3Client::Target S3Client::Locate(const std::string& bucket, const std::string& key,
                                  const std::string& query) const {
  Target target;
  std::string encoded_key = UriEncode(key, /*keep_slash=*/true);
  // Dotted bucket names break the wildcard TLS certificate of virtual-host addressing.
  bool path_style = config_.path_style || bucket.empty() || bucket.find('.') != std::string::npos;
  if (path_style) {
    target.host_header = endpoint_host_;
    target.path = bucket.empty() ? "/" : "/" + bucket + "/" + encoded_key;
    if (!bucket.empty() && key.empty()) target.path = "/" + bucket;
  } else {
    target.host_header = bucket + "." + endpoint_host_;
    target.path = "/" + encoded_key;
  }
  target.url = scheme_ + "://" + target.host_header + target.path;
  if (!query.empty()) target.url += "?" + query;
  return target;
}

std::string S3Crc32Checksum(std::string_view data) {
  const uint32_t crc = Crc32(data);
  const char bytes[4] = {static_cast<char>(crc >> 24), static_cast<char>(crc >> 16),
                         static_cast<char>(crc >> 8), static_cast<char>(crc)};
  return crypto::Base64Encode(std::string_view(bytes, 4));
}

HttpRequest S3Client::Build(const Operation& operation) const {
  Target target = Locate(operation.bucket, operation.key, operation.query);
  HttpRequest request;
  request.method = operation.method;
  request.url = target.url;
  request.headers = operation.headers;
  request.headers.push_back({"Host", target.host_header});
  request.body = operation.body;
  request.body_reader = operation.body_reader;
  request.body_size = operation.body_size;
  request.response_writer = operation.response_writer;
  if (!operation.body_reader && !operation.body.empty())
    request.headers.push_back({"Content-MD5", crypto::Base64Encode(Md5(operation.body))});
  if (config_.credentials.anonymous()) return request;

  SigV4Options options =
      SigV4Options::ForS3(config_.region, AmzDate(std::chrono::system_clock::now()));
  options.payload_hash =
      operation.body_reader ? std::string(kUnsignedPayload) : Sha256Hex(operation.body);
  SigV4Request to_sign{request.method, target.path, operation.query, request.headers, {}};
  SigV4Result signed_request = SignV4Headers(to_sign, config_.credentials, options);
  for (HttpHeader& header : signed_request.added_headers)
    request.headers.push_back(std::move(header));
  return request;
}

HttpResponse S3Client::Execute(const Operation& operation) {
  if (!operation.bucket.empty()) CheckBucketName(operation.bucket);
  HttpResponse response = http_.Send(Build(operation));
  if (response.status < 200 || response.status >= 300) ThrowFor(operation, response);
  return response;
}

void S3Client::ThrowFor(const Operation& operation, const HttpResponse& response) const {
  ServiceError service = ParseServiceError(response.body);
  std::string object = ObjectName(operation.bucket, operation.key);
  std::string where = "S3 " + operation.name + " " + object;
  std::string detail = service.code.empty()
                           ? "HTTP " + std::to_string(response.status)
                           : service.code + " (HTTP " + std::to_string(response.status) + ")";
  if (!service.message.empty()) detail += ": " + service.message;
  const std::string& code = service.code;
  ErrorCode error_code = ErrorCodeForStatus(response.status);
  std::string message;
  if (code == "NoSuchBucket") {
    error_code = ErrorCode::kNotFound;
    message = "S3 bucket '" + operation.bucket + "' does not exist (" + operation.name + " " +
              object + ")";
  } else if (code == "NoSuchKey" || (response.status == 404 && code.empty())) {
    error_code = ErrorCode::kNotFound;
    message = "S3 object " + object + " not found (" + operation.name + ": " + detail + ")";
  } else if (code == "NoSuchUpload") {
    error_code = ErrorCode::kNotFound;
    message = where + ": the multipart upload no longer exists (" + detail + ")";
  } else if (code == "ExpiredToken" || code == "TokenRefreshRequired" || code == "RequestExpired") {
    error_code = ErrorCode::kPermissionDenied;
    message = where + ": the AWS credentials expired (" + code +
              "); refresh the session token or the connection's credentials";
  } else if (code == "SignatureDoesNotMatch") {
    error_code = ErrorCode::kPermissionDenied;
    message = where +
              ": the request signature was rejected (SignatureDoesNotMatch); check the "
              "secret access key of the connection";
  } else if (code == "InvalidAccessKeyId") {
    error_code = ErrorCode::kPermissionDenied;
    message = where + ": the access key id '" + config_.credentials.access_key_id +
              "' is not known to the server (InvalidAccessKeyId)";
  } else if (code == "AccessDenied" || response.status == 403 || response.status == 401) {
    error_code = ErrorCode::kPermissionDenied;
    message = where + ": access denied (" + detail + ")";
  } else if (code == "PreconditionFailed" || response.status == 412) {
    error_code = ErrorCode::kConflict;
    message = where + ": a precondition failed (" + detail +
              "); the object exists already or changed meanwhile";
  } else if (code == "ConditionalRequestConflict" || response.status == 409) {
    error_code = ErrorCode::kConflict;
    message = where + ": conflicting concurrent write (" + detail + ")";
  } else if (code == "SlowDown" || response.status >= 500) {
    message = where + ": the server kept failing after " +
              std::to_string(http_.policy().max_attempts) + " attempts (" + detail + ")";
  } else {
    message = where + ": " + detail;
  }
  throw HttpStatusError(error_code, message, response.status, std::move(service));
}

std::string S3Client::GetObjectRange(const std::string& bucket, const std::string& key,
                                     uint64_t offset, uint64_t length) {
  if (length == 0) return {};
  Operation operation{.name = "GetObject", .method = "GET", .bucket = bucket, .key = key};
  operation.headers.push_back(
      {"Range", "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1)});
  return Execute(operation).body;
}

void S3Client::GetObjectTo(const std::string& bucket, const std::string& key,
                           const BodyWriter& writer) {
  Operation operation{.name = "GetObject", .method = "GET", .bucket = bucket, .key = key};
  operation.response_writer = writer;
  Execute(operation);
}

S3ObjectInfo S3Client::HeadObject(const std::string& bucket, const std::string& key) {
  Operation operation{.name = "HeadObject", .method = "HEAD", .bucket = bucket, .key = key};
  HttpResponse response = Execute(operation);
  S3ObjectInfo info;
  info.key = key;
  info.size = ParseUnsigned(response.Header("Content-Length").value_or("0"), "Content-Length");
  info.etag = response.Header("ETag").value_or("");
  info.last_modified = IsoFromHttpDate(response.Header("Last-Modified").value_or(""));
  return info;
}

std::string S3Client::PutObject(const std::string& bucket, const std::string& key,
                                std::string_view data, const S3PutOptions& options) {
  Operation operation{.name = "PutObject", .method = "PUT", .bucket = bucket, .key = key};
  operation.body = std::string(data);
  if (!options.content_type.empty())
    operation.headers.push_back({"Content-Type", options.content_type});
  if (options.if_none_match) operation.headers.push_back({"If-None-Match", "*"});
  if (config_.checksums)
    operation.headers.push_back({"x-amz-checksum-crc32", S3Crc32Checksum(operation.body)});
  return Execute(operation).Header("ETag").value_or("");
}

std::string S3Client::UploadObject(const std::string& bucket, const std::string& key,
                                   const BodyReader& reader, uint64_t size,
                                   const S3PutOptions& options) {
  if (size >= config_.multipart_threshold)
    return UploadMultipart(bucket, key, reader, size, options);
  std::string data(size, '\0');
  uint64_t filled = 0;
  while (filled < size) {
    size_t got = reader(filled, data.data() + filled, size - filled);
    if (got == 0)
      throw Error(ErrorCode::kIo, "upload source for " + ObjectName(bucket, key) + " ended after " +
                                      std::to_string(filled) + " of " + std::to_string(size) +
                                      " bytes");
    filled += got;
  }
  return PutObject(bucket, key, data, options);
}

S3ListPage S3Client::ListObjectsPage(const std::string& bucket, const S3ListRequest& request) {
  std::string query = "list-type=2";
  if (!request.continuation_token.empty())
    query += "&continuation-token=" + UriEncode(request.continuation_token, false);
  if (!request.delimiter.empty()) query += "&delimiter=" + UriEncode(request.delimiter, false);
  query += "&max-keys=" + std::to_string(request.max_keys);
  if (!request.prefix.empty()) query += "&prefix=" + UriEncode(request.prefix, false);
  Operation operation{.name = "ListObjectsV2", .method = "GET", .bucket = bucket};
  operation.query = query;
  HttpResponse response = Execute(operation);

  return ParseS3ListPage(response.body, ObjectName(bucket, request.prefix));
}

std::vector<S3ObjectInfo> S3Client::ListObjects(const std::string& bucket,
                                                const std::string& prefix) {
  std::vector<S3ObjectInfo> all;
  S3ListRequest request{.prefix = prefix};
  do {
    S3ListPage page = ListObjectsPage(bucket, request);
    for (S3ObjectInfo& info : page.objects) all.push_back(std::move(info));
    request.continuation_token = page.next_continuation_token;
  } while (!request.continuation_token.empty());
  return all;
}

void S3Client::DeleteObject(const std::string& bucket, const std::string& key) {
  Execute({.name = "DeleteObject", .method = "DELETE", .bucket = bucket, .key = key});
}

void S3Client::CreateBucket(const std::string& bucket) {
  Operation operation{.name = "CreateBucket", .method = "PUT", .bucket = bucket};
  if (config_.region != "us-east-1")
    operation.body =
        "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<LocationConstraint>" +
        XmlEscape(config_.region) + "</LocationConstraint></CreateBucketConfiguration>";
  Execute(operation);
}

std::string S3Client::PresignGet(const std::string& bucket, const std::string& key,
                                 int expires_seconds) {
  CheckBucketName(bucket);
  Target target = Locate(bucket, key, "");
  if (config_.credentials.anonymous()) return target.url;
  SigV4Options options =
      SigV4Options::ForS3(config_.region, AmzDate(std::chrono::system_clock::now()));
  options.payload_hash = std::string(kUnsignedPayload);
  options.expires_seconds = expires_seconds;
  SigV4Request to_sign{"GET", target.path, "", {{"Host", target.host_header}}, {}};
  return target.url + "?" + SignV4Query(to_sign, config_.credentials, options).signed_query;
}

}  // namespace ff::cloud
