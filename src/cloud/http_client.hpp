// HTTP for the cloud clients: a transport interface (one attempt per call), a libcurl
// implementation, and HttpClient, which adds retries with exponential backoff and full jitter.
//
// Contract:
//  - HttpTransport::Send makes exactly one attempt. It returns any HTTP status as a response and
//    throws TransportError when no complete response arrived (reset, timeout, refused).
//  - HttpClient::Send retries 5xx and 429 (S3's 503 SlowDown included) up to
//    RetryPolicy::max_attempts attempts in all, and transport failures marked retryable up to
//    max_connection_resets times; it then returns the last response or rethrows.
//    A retryable response with a Retry-After header (delta-seconds or an HTTP date) waits at
//    least that long, up to RetryPolicy::max_retry_after.
//    A streamed download that already delivered bytes is never retried (the writer saw them).
//  - No message produced here contains credentials: URLs are passed through ScrubUrl and
//    headers are never quoted.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/http_types.hpp"
#include "flowfile/errors.hpp"

namespace ff::cloud {

//! A request that got no complete HTTP response.
class TransportError : public Error {
 public:
  TransportError(const std::string& message, bool retryable, bool body_started = false)
      : Error(ErrorCode::kIo, message), retryable_(retryable), body_started_(body_started) {}
  bool retryable() const noexcept { return retryable_; }
  //! Part of a 2xx body already reached HttpRequest::response_writer.
  bool body_started() const noexcept { return body_started_; }

 private:
  bool retryable_;
  bool body_started_;
};

//! The code and message a service put in an error body (XML <Code>/<Message>, or JSON).
struct ServiceError {
  std::string code;
  std::string message;
};
ServiceError ParseServiceError(std::string_view body);

//! A non-2xx response turned into an ff::Error (the code follows the status).
class HttpStatusError : public Error {
 public:
  HttpStatusError(ErrorCode code, const std::string& message, long status, ServiceError service)
      : Error(code, message), status_(status), service_(std::move(service)) {}
  long status() const noexcept { return status_; }
  const std::string& service_code() const noexcept { return service_.code; }
  const std::string& service_message() const noexcept { return service_.message; }

 private:
  long status_;
  ServiceError service_;
};

//! kNotFound for 404, kPermissionDenied for 401/403, kConflict for 409/412, kInvalidArgument
//! for other 4xx, kIo for the rest.
ErrorCode ErrorCodeForStatus(long status);
//! Throw HttpStatusError for `response`: "<what>: HTTP <status> <Code>: <Message>".
[[noreturn]] void ThrowHttpStatus(const HttpResponse& response, std::string_view what);

//! `url` with the values of credential-bearing query parameters (sig, X-Amz-Signature,
//! X-Amz-Credential, X-Amz-Security-Token, ...) replaced by "REDACTED".
std::string ScrubUrl(std::string_view url);

struct TransportOptions {
  bool verify_ssl = true;
  std::chrono::milliseconds connect_timeout{10'000};
  //! Whole-request limit; 0 means none (large transfers are bounded by the stall limit).
  std::chrono::milliseconds request_timeout{0};
  //! Abort when fewer than 1 byte/s moved for this long.
  std::chrono::seconds stall_timeout{60};
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual HttpResponse Send(const HttpRequest& request) = 0;
};

//! libcurl transport. Thread-safe: each call borrows an easy handle from a pool, so parallel
//! calls run on separate connections and later calls reuse kept-alive ones.
std::shared_ptr<HttpTransport> MakeCurlTransport(const TransportOptions& options = {});

struct RetryPolicy {
  int max_attempts = 5;           //!< attempts in all for a retryable status
  int max_connection_resets = 3;  //!< retries after a retryable transport failure
  std::chrono::milliseconds base_delay{100};
  std::chrono::milliseconds max_delay{5'000};
  //! The longest a server's Retry-After is honoured (a longer one waits this long).
  std::chrono::milliseconds max_retry_after{60'000};
  //! How to wait between attempts; tests record the delays instead of sleeping.
  std::function<void(std::chrono::milliseconds)> sleep;
};

bool IsRetryableStatus(long status);

//! A Retry-After header's wait: delta-seconds ("120") or an HTTP date (RFC 9110), measured
//! from now. nullopt when absent or unreadable; a date in the past gives 0.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value);

class HttpClient {
 public:
  explicit HttpClient(std::shared_ptr<HttpTransport> transport, RetryPolicy policy = {});

  //! Send with retries; the final response is returned whatever its status.
  HttpResponse Send(const HttpRequest& request);
  //! Send, and throw HttpStatusError (via ThrowHttpStatus) unless the status is 2xx.
  HttpResponse SendChecked(const HttpRequest& request, std::string_view what);

  HttpTransport& transport() { return *transport_; }
  const RetryPolicy& policy() const { return policy_; }

 private:
  //! Full jitter: uniform in [0, min(max_delay, base_delay * 2^retry)].
  std::chrono::milliseconds Backoff(int retry);

  std::shared_ptr<HttpTransport> transport_;
  RetryPolicy policy_;
  std::mutex random_mutex_;
  std::mt19937_64 random_;
};

}  // namespace ff::cloud
