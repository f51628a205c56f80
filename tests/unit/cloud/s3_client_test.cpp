// S3Client against a scripted transport: addressing, signing headers, error mapping, ranged
// parallel GET and multipart abort. The real-server round trips are in s3_integration_test.cpp.
#include "cloud/s3_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <set>

#include "expect_error.hpp"
#include "fake_transport.hpp"

namespace ff::cloud {
namespace {

using testing_support::FakeTransport;
using testing_support::Respond;
using testing_support::S3ErrorXml;

constexpr std::string_view kSecret = "SuperSecretKeyValue/xyz+123";

S3Config TestConfig() {
  S3Config config;
  config.endpoint = "http://127.0.0.1:9000";
  config.allow_http = true;
  config.path_style = true;
  config.credentials = {"AKIDTEST", Secret(kSecret), Secret()};
  config.retry.sleep = [](std::chrono::milliseconds) {};
  return config;
}

using ff::test_support::CaughtFrom;

TEST(S3Client, PathStyleRequestIsSignedForS3) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(200, "hello", {{"ETag", "\"e\""}});
  });
  S3Client client(TestConfig(), transport);
  client.PutObject("my-bucket", "dir/a b.txt", "hello");
  HttpRequest sent = transport->requests().at(0);
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(sent.url, "http://127.0.0.1:9000/my-bucket/dir/a%20b.txt");
  EXPECT_EQ(FindHeader(sent.headers, "Host").value_or(""), "127.0.0.1:9000");
  std::string authorization = FindHeader(sent.headers, "Authorization").value_or("");
  EXPECT_EQ(authorization.rfind("AWS4-HMAC-SHA256 Credential=AKIDTEST/", 0), 0u) << authorization;
  EXPECT_NE(authorization.find("/us-east-1/s3/aws4_request"), std::string::npos);
  EXPECT_NE(
      authorization.find("content-md5;host;x-amz-checksum-crc32;x-amz-content-sha256;x-amz-date"),
      std::string::npos)
      << authorization;
  // CRC-32 of "hello" is 0x3610a686, sent big-endian in base64.
  EXPECT_EQ(FindHeader(sent.headers, "x-amz-checksum-crc32").value_or(""), "NhCmhg==");
  EXPECT_EQ(FindHeader(sent.headers, "x-amz-content-sha256").value_or(""),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_EQ(FindHeader(sent.headers, "Content-MD5").value_or(""), "XUFAKrxLKna5cZ2REBfFkg==");
}

TEST(S3Client, VirtualHostStyleAndAwsDefaultEndpoint) {
  auto transport =
      std::make_shared<FakeTransport>([](const HttpRequest&) { return Respond(200, "x"); });
  S3Config config = TestConfig();
  config.endpoint.clear();
  config.path_style = false;
  config.region = "eu-west-1";
  S3Client client(std::move(config), transport);
  client.GetObjectRange("my-bucket", "k/v.parquet", 10, 5);
  client.GetObjectRange("dotted.bucket", "k", 0, 1);
  std::vector<HttpRequest> sent = transport->requests();
  EXPECT_EQ(sent[0].url, "https://my-bucket.s3.eu-west-1.amazonaws.com/k/v.parquet");
  EXPECT_EQ(FindHeader(sent[0].headers, "Range").value_or(""), "bytes=10-14");
  // A dotted bucket cannot match the wildcard certificate: path style.
  EXPECT_EQ(sent[1].url, "https://s3.eu-west-1.amazonaws.com/dotted.bucket/k");
}

TEST(S3Client, PlainHttpNeedsExplicitPermission) {
  S3Config config = TestConfig();
  config.allow_http = false;
  Error error = CaughtFrom([&] { S3Client client(std::move(config)); });
  EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(std::string(error.what()).find("plain http"), std::string::npos);
}

TEST(S3Client, RejectsBadBucketNames) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) { return Respond(200); });
  S3Client client(TestConfig(), transport);
  EXPECT_EQ(CaughtFrom([&] { client.DeleteObject("Bad_Bucket", "k"); }).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_TRUE(transport->requests().empty());
}

TEST(S3Client, ErrorCodesMapToFlowfileErrors) {
  std::string next_code;
  long next_status = 0;
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) {
    return Respond(next_status, S3ErrorXml(next_code, "service says no"));
  });
  S3Client client(TestConfig(), transport);
  auto attempt = [&](long status, const std::string& code) {
    next_status = status;
    next_code = code;
    return CaughtFrom([&] { client.GetObjectRange("data-bucket", "path/file.csv", 0, 10); });
  };

  Error missing_bucket = attempt(404, "NoSuchBucket");
  EXPECT_EQ(missing_bucket.code(), ErrorCode::kNotFound);
  EXPECT_NE(std::string(missing_bucket.what()).find("'data-bucket' does not exist"),
            std::string::npos);
  Error missing_key = attempt(404, "NoSuchKey");
  EXPECT_EQ(missing_key.code(), ErrorCode::kNotFound);
  EXPECT_NE(std::string(missing_key.what()).find("s3://data-bucket/path/file.csv"),
            std::string::npos);
  for (const char* code : {"AccessDenied", "SignatureDoesNotMatch", "InvalidAccessKeyId"}) {
    Error denied = attempt(403, code);
    EXPECT_EQ(denied.code(), ErrorCode::kPermissionDenied) << code;
    EXPECT_EQ(std::string(denied.what()).find(kSecret), std::string::npos) << code;
  }
  Error expired = attempt(400, "ExpiredToken");
  EXPECT_EQ(expired.code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(std::string(expired.what()).find("credentials expired"), std::string::npos);
  EXPECT_EQ(attempt(412, "PreconditionFailed").code(), ErrorCode::kConflict);
}

TEST(S3Client, ConditionalPutSendsIfNoneMatchAndMaps412ToConflict) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& request) {
    if (FindHeader(request.headers, "If-None-Match") == "*")
      return Respond(412, S3ErrorXml("PreconditionFailed", "At least one precondition failed"));
    return Respond(200);
  });
  S3Client client(TestConfig(), transport);
  Error error = CaughtFrom([&] {
    client.PutObject("bucket-a", "_delta_log/00000.json", "{}", {.if_none_match = true});
  });
  EXPECT_EQ(error.code(), ErrorCode::kConflict);
  std::string authorization =
      FindHeader(transport->requests().at(0).headers, "Authorization").value_or("");
  EXPECT_NE(authorization.find("if-none-match"), std::string::npos);
}

TEST(S3Client, RetriesServerErrorsAndSlowDown) {
  std::atomic<int> calls{0};
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) {
    int call = calls++;
    if (call == 0) return Respond(500, S3ErrorXml("InternalError", "We encountered an error"));
    if (call == 1) return Respond(503, S3ErrorXml("SlowDown", "Please reduce your request rate"));
    return Respond(206, "0123", {{"Content-Range", "bytes 0-3/4"}});
  });
  S3Client client(TestConfig(), transport);
  EXPECT_EQ(client.GetObject("bucket-a", "k"), "0123");
  EXPECT_EQ(calls.load(), 3);
}

// Serves one object by Range, as S3 does.
HttpResponse ServeRange(const std::string& object, const std::string& etag,
                        const HttpRequest& request) {
  std::string range = FindHeader(request.headers, "Range").value_or("");
  if (range.empty()) return Respond(200, object, {{"ETag", etag}});
  size_t dash = range.find('-');
  uint64_t first = std::stoull(range.substr(6, dash - 6));
  uint64_t last = std::min<uint64_t>(std::stoull(range.substr(dash + 1)), object.size() - 1);
  return Respond(206, object.substr(first, last - first + 1),
                 {{"ETag", etag},
                  {"Content-Range", "bytes " + std::to_string(first) + "-" + std::to_string(last) +
                                        "/" + std::to_string(object.size())}});
}

TEST(S3Client, LargeGetsRunAsParallelRangedRequestsPinnedToTheETag) {
  std::string object(23 * kMiB + 17, '\0');
  for (size_t i = 0; i < object.size(); ++i) object[i] = static_cast<char>((i * 131) % 251);
  auto transport = std::make_shared<FakeTransport>(
      [&](const HttpRequest& request) { return ServeRange(object, "\"etag-1\"", request); });
  S3Config config = TestConfig();
  config.part_size = 5 * kMiB;
  config.parallelism = 3;
  S3Client client(std::move(config), transport);
  EXPECT_TRUE(client.GetObject("bucket-a", "big.bin") == object);
  std::vector<HttpRequest> sent = transport->requests();
  // A first 5 MiB range, then the other 18 MiB + 17 bytes as one range per thread.
  EXPECT_EQ(sent.size(), 4u);
  for (size_t i = 1; i < sent.size(); ++i)
    EXPECT_EQ(FindHeader(sent[i].headers, "If-Match").value_or(""), "\"etag-1\"");
}

TEST(S3Client, ARangeCutOffMidBodyResumesWhereItStopped) {
  std::string object(23 * kMiB + 17, '\0');
  for (size_t i = 0; i < object.size(); ++i) object[i] = static_cast<char>((i * 131) % 251);
  std::mutex mutex;
  std::set<std::string> cut;  // range ends already cut once (a resumed range keeps its end)
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest& request) {
    const std::string range = FindHeader(request.headers, "Range").value_or("");
    HttpResponse full = ServeRange(object, "\"etag-1\"", request);
    if (!request.response_writer || range.rfind("bytes=0-", 0) == 0) return full;
    {
      std::lock_guard lock(mutex);
      if (!cut.insert(range.substr(range.find('-'))).second) return full;
    }
    // Half the range arrives, then the connection resets.
    request.response_writer(std::string_view(full.body).substr(0, full.body.size() / 2));
    throw TransportError("connection reset by peer", /*retryable=*/true, /*body_started=*/true);
  });
  S3Config config = TestConfig();
  config.part_size = 5 * kMiB;
  config.parallelism = 3;
  S3Client client(std::move(config), transport);
  EXPECT_TRUE(client.GetObject("bucket-a", "big.bin") == object);
  std::map<std::string, int> requests_per_end;
  for (const HttpRequest& request : transport->requests()) {
    const std::string range = FindHeader(request.headers, "Range").value_or("");
    ++requests_per_end[range.substr(range.find('-'))];
    EXPECT_TRUE(range.rfind("bytes=0-", 0) == 0 ||
                FindHeader(request.headers, "If-Match").value_or("") == "\"etag-1\"");
  }
  EXPECT_EQ(cut.size(), 3u);
  for (const std::string& end : cut) EXPECT_EQ(requests_per_end[end], 2) << end;  // cut, resumed
}

TEST(S3Client, FailedMultipartUploadIsAborted) {
  std::string object(11 * kMiB, 'z');
  std::atomic<bool> aborted{false};
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest& request) {
    if (request.method == "POST" && request.url.find("?uploads") != std::string::npos)
      return Respond(200,
                     "<InitiateMultipartUploadResult><UploadId>up/1+2</UploadId>"
                     "</InitiateMultipartUploadResult>");
    if (request.method == "PUT" && request.url.find("partNumber=2") != std::string::npos)
      return Respond(403, S3ErrorXml("AccessDenied", "no"));
    if (request.method == "PUT") return Respond(200, "", {{"ETag", "\"p\""}});
    if (request.method == "DELETE" && request.url.find("uploadId=up%2F1%2B2") != std::string::npos)
      aborted = true;
    return Respond(204);
  });
  S3Config config = TestConfig();
  config.part_size = 5 * kMiB;
  S3Client client(std::move(config), transport);
  BodyReader reader = [&](uint64_t offset, char* buffer, size_t size) {
    size_t n = std::min<uint64_t>(size, object.size() - offset);
    std::memcpy(buffer, object.data() + offset, n);
    return n;
  };
  Error error =
      CaughtFrom([&] { client.UploadMultipart("bucket-a", "big", reader, object.size()); });
  EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(aborted.load());
}

TEST(S3Client, ListFollowsContinuationTokens) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& request) {
    if (request.url.find("continuation-token=t%2F2") == std::string::npos)
      return Respond(200,
                     "<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>a&amp;1"
                     "</Key><Size>3</Size><ETag>&quot;x&quot;</ETag></Contents>"
                     "<NextContinuationToken>t/2</NextContinuationToken></ListBucketResult>");
    return Respond(200,
                   "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>b</Key>"
                   "<Size>5</Size></Contents></ListBucketResult>");
  });
  S3Client client(TestConfig(), transport);
  std::vector<S3ObjectInfo> objects = client.ListObjects("bucket-a", "pre/");
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0].key, "a&1");
  EXPECT_EQ(objects[0].etag, "\"x\"");
  EXPECT_EQ(objects[1].size, 5u);
  EXPECT_NE(transport->requests()[0].url.find("prefix=pre%2F"), std::string::npos);
}

}  // namespace
}  // namespace ff::cloud
