// HttpClient's retry policy (backoff with full jitter, bounded attempts and resets), error
// parsing and credential scrubbing; plus the libcurl transport's failure path.
#include "cloud/http_client.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>

#include "cloud/list_xml.hpp"
#include "fake_transport.hpp"

namespace ff::cloud {
namespace {

using testing_support::FakeTransport;
using testing_support::Respond;
using testing_support::S3ErrorXml;

RetryPolicy RecordingPolicy(std::vector<std::chrono::milliseconds>& delays) {
  RetryPolicy policy;
  policy.max_attempts = 4;
  policy.max_connection_resets = 2;
  policy.base_delay = std::chrono::milliseconds(100);
  policy.max_delay = std::chrono::milliseconds(250);
  policy.sleep = [&delays](std::chrono::milliseconds delay) { delays.push_back(delay); };
  return policy;
}

TEST(HttpClientRetry, RetriesServerErrorsAndSlowDownThenSucceeds) {
  std::atomic<int> calls{0};
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) {
    int call = calls++;
    if (call == 0) return Respond(500, S3ErrorXml("InternalError", "boom"));
    if (call == 1) return Respond(503, S3ErrorXml("SlowDown", "Please reduce your request rate."));
    return Respond(200, "payload");
  });
  std::vector<std::chrono::milliseconds> delays;
  HttpClient client(transport, RecordingPolicy(delays));
  HttpResponse response = client.Send({.method = "GET", .url = "http://127.0.0.1:1/b/k"});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "payload");
  EXPECT_EQ(calls.load(), 3);
  ASSERT_EQ(delays.size(), 2u);
  // Full jitter: each wait is drawn from [0, min(cap, base * 2^retry)].
  EXPECT_LE(delays[0].count(), 100);
  EXPECT_LE(delays[1].count(), 200);
}

TEST(HttpClientRetry, StopsAfterMaxAttemptsAndReturnsTheLastResponse) {
  std::atomic<int> calls{0};
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) {
    ++calls;
    return Respond(503, S3ErrorXml("SlowDown", "slow"));
  });
  std::vector<std::chrono::milliseconds> delays;
  HttpClient client(transport, RecordingPolicy(delays));
  EXPECT_EQ(client.Send({.url = "http://h/"}).status, 503);
  EXPECT_EQ(calls.load(), 4);
  ASSERT_EQ(delays.size(), 3u);
  for (auto delay : delays) EXPECT_LE(delay.count(), 250);  // capped
  try {
    client.SendChecked({.url = "http://h/"}, "GET s3://b/k");
    FAIL() << "expected HttpStatusError";
  } catch (const HttpStatusError& error) {
    EXPECT_EQ(error.status(), 503);
    EXPECT_EQ(error.service_code(), "SlowDown");
    EXPECT_EQ(error.code(), ErrorCode::kIo);
    EXPECT_NE(std::string(error.what()).find("SlowDown"), std::string::npos);
  }
}

TEST(HttpClientRetry, RetryAfterIsHonouredAndBounded) {
  std::atomic<int> calls{0};
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) {
    int call = calls++;
    HttpResponse response = Respond(call == 0 ? 429 : (call == 1 ? 503 : 200), "{}");
    if (call == 0) response.headers.push_back({"Retry-After", "2"});
    if (call == 1) response.headers.push_back({"retry-after", "3600"});
    return response;
  });
  std::vector<std::chrono::milliseconds> delays;
  RetryPolicy policy = RecordingPolicy(delays);
  policy.max_retry_after = std::chrono::milliseconds(10'000);
  HttpClient client(transport, policy);
  EXPECT_EQ(client.Send({.url = "http://h/"}).status, 200);
  ASSERT_EQ(delays.size(), 2u);
  EXPECT_EQ(delays[0].count(), 2000);   // the server's wait, longer than the backoff
  EXPECT_EQ(delays[1].count(), 10000);  // an hour asked, the bound given
}

TEST(HttpDates, LastModifiedReadsAsIsoLikeS3Listings) {
  EXPECT_EQ(IsoFromHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), "1994-11-06T08:49:37.000Z");
  EXPECT_EQ(IsoFromHttpDate("2024-01-31T09:30:00.000Z"), "2024-01-31T09:30:00.000Z");
  EXPECT_EQ(IsoFromHttpDate(""), "");
  EXPECT_EQ(IsoFromHttpDate("Sun, 06 Nov 1994 08:49:37 GMT trailing"),
            "Sun, 06 Nov 1994 08:49:37 GMT trailing");
}

TEST(HttpClientRetry, ParseRetryAfterReadsSecondsAndDates) {
  EXPECT_EQ(ParseRetryAfter(" 7 ")->count(), 7000);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT")->count(), 0);  // past
  EXPECT_FALSE(ParseRetryAfter("soon").has_value());
  EXPECT_FALSE(ParseRetryAfter("").has_value());
}

TEST(HttpClientRetry, ClientErrorsAreNotRetried) {
  std::atomic<int> calls{0};
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) {
    ++calls;
    return Respond(404, S3ErrorXml("NoSuchKey", "The specified key does not exist."));
  });
  std::vector<std::chrono::milliseconds> delays;
  HttpClient client(transport, RecordingPolicy(delays));
  EXPECT_EQ(client.Send({.url = "http://h/"}).status, 404);
  EXPECT_EQ(calls.load(), 1);
  EXPECT_TRUE(delays.empty());
}

TEST(HttpClientRetry, ConnectionResetsAreRetriedAtMostTheConfiguredCount) {
  std::atomic<int> calls{0};
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) -> HttpResponse {
    ++calls;
    throw TransportError("connection reset by peer", /*retryable=*/true);
  });
  std::vector<std::chrono::milliseconds> delays;
  HttpClient client(transport, RecordingPolicy(delays));
  EXPECT_THROW(client.Send({.url = "http://h/"}), TransportError);
  EXPECT_EQ(calls.load(), 3);  // the first try plus max_connection_resets = 2
}

TEST(HttpClientRetry, ResetThenSuccess) {
  std::atomic<int> calls{0};
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) -> HttpResponse {
    if (calls++ == 0) throw TransportError("reset", true);
    return Respond(200, "ok");
  });
  std::vector<std::chrono::milliseconds> delays;
  HttpClient client(transport, RecordingPolicy(delays));
  EXPECT_EQ(client.Send({.url = "http://h/"}).body, "ok");
  EXPECT_EQ(calls.load(), 2);
}

TEST(HttpClientRetry, NonRetryableAndStartedStreamsAreNotRetried) {
  std::atomic<int> calls{0};
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) -> HttpResponse {
    ++calls;
    throw TransportError("certificate problem", false);
  });
  std::vector<std::chrono::milliseconds> delays;
  HttpClient client(transport, RecordingPolicy(delays));
  EXPECT_THROW(client.Send({.url = "https://h/"}), TransportError);
  EXPECT_EQ(calls.load(), 1);

  std::atomic<int> stream_calls{0};
  auto streaming = std::make_shared<FakeTransport>([&](const HttpRequest&) -> HttpResponse {
    ++stream_calls;
    throw TransportError("reset mid-body", true, /*body_started=*/true);
  });
  HttpClient stream_client(streaming, RecordingPolicy(delays));
  HttpRequest request{.url = "http://h/"};
  request.response_writer = [](std::string_view) {};
  EXPECT_THROW(stream_client.Send(request), TransportError);
  EXPECT_EQ(stream_calls.load(), 1);
}

TEST(ServiceErrors, ParsesXmlAndJsonBodies) {
  ServiceError xml = ParseServiceError(S3ErrorXml("NoSuchBucket", "The bucket &amp; co"));
  EXPECT_EQ(xml.code, "NoSuchBucket");
  EXPECT_EQ(xml.message, "The bucket & co");
  ServiceError azure_json =
      ParseServiceError(R"({"error":{"code":"PathNotFound","message":"The path does not exist"}})");
  EXPECT_EQ(azure_json.code, "PathNotFound");
  EXPECT_EQ(azure_json.message, "The path does not exist");
  ServiceError gcs = ParseServiceError(
      R"({"error":{"code":404,"message":"No such object","errors":[{"reason":"notFound"}]}})");
  EXPECT_EQ(gcs.code, "notFound");
  EXPECT_EQ(gcs.message, "No such object");
  ServiceError oauth =
      ParseServiceError(R"({"error":"invalid_client","error_description":"bad secret"})");
  EXPECT_EQ(oauth.code, "invalid_client");
  EXPECT_EQ(oauth.message, "bad secret");
  EXPECT_TRUE(ParseServiceError("not a body").code.empty());
  EXPECT_TRUE(ParseServiceError("{broken json").code.empty());
}

TEST(ServiceErrors, StatusMapsToErrorCodes) {
  EXPECT_EQ(ErrorCodeForStatus(404), ErrorCode::kNotFound);
  EXPECT_EQ(ErrorCodeForStatus(403), ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorCodeForStatus(412), ErrorCode::kConflict);
  EXPECT_EQ(ErrorCodeForStatus(400), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorCodeForStatus(503), ErrorCode::kIo);
}

TEST(ScrubUrl, RedactsSignaturesCredentialsAndTokens) {
  std::string sas =
      "https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=abc%2Bdef%3D&se=2030";
  EXPECT_EQ(ScrubUrl(sas),
            "https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=REDACTED&se=2030");
  std::string presigned =
      "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F2024"
      "&X-Amz-Security-Token=tok&X-Amz-Signature=deadbeef&X-Amz-Expires=60";
  std::string scrubbed = ScrubUrl(presigned);
  for (std::string_view secret : {"AKID", "tok", "deadbeef"})
    EXPECT_EQ(scrubbed.find(secret), std::string::npos) << secret;
  EXPECT_NE(scrubbed.find("X-Amz-Expires=60"), std::string::npos);
  EXPECT_EQ(ScrubUrl("https://h/k"), "https://h/k");
}

// A port nobody listens on: the real transport reports a retryable failure whose message
// names the URL without its signature.
TEST(CurlTransport, RefusedConnectionIsATransportErrorWithAScrubbedUrl) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  int port = ntohs(address.sin_port);
  close(fd);

  auto transport = MakeCurlTransport({.connect_timeout = std::chrono::milliseconds(2000)});
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(port) + "/b/k?X-Amz-Signature=s3cr3tsig";
  try {
    transport->Send(request);
    FAIL() << "expected a TransportError";
  } catch (const TransportError& error) {
    EXPECT_TRUE(error.retryable());
    EXPECT_EQ(error.code(), ErrorCode::kIo);
    std::string message = error.what();
    EXPECT_EQ(message.find("s3cr3tsig"), std::string::npos) << message;
    EXPECT_NE(message.find("127.0.0.1"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace ff::cloud
