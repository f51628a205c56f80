#include "cloud/http_client.hpp"

#include <strings.h>

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>
#include <thread>

#include "cloud/url.hpp"
#include "cloud/xml_scan.hpp"

namespace ff::cloud {
namespace {

constexpr size_t kMaxServiceMessage = 400;

// Query parameters whose values are credentials or derived from them.
constexpr std::string_view kSecretQueryNames[] = {
    "sig",       "x-amz-signature",  "x-amz-credential",  "x-amz-security-token",
    "signature", "x-goog-signature", "x-goog-credential", "access_token",
    "code",      "client_secret"};

bool IsSecretQueryName(std::string_view name) {
  std::string decoded = PercentDecode(name);
  for (std::string_view secret : kSecretQueryNames)
    if (decoded.size() == secret.size() &&
        strncasecmp(decoded.data(), secret.data(), secret.size()) == 0)
      return true;
  return false;
}

std::string Truncate(std::string text) {
  if (text.size() > kMaxServiceMessage) text = text.substr(0, kMaxServiceMessage) + "...";
  return text;
}

std::string JsonString(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  return {};
}

}  // namespace

ServiceError ParseServiceError(std::string_view body) {
  ServiceError error;
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return error;
  if (body[first] == '<') {
    error.code = XmlText(body, "Code").value_or("");
    error.message = XmlText(body, "Message").value_or("");
  } else if (body[first] == '{') {
    nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (json.is_object()) {
      const nlohmann::json& inner =
          json.contains("error") && json["error"].is_object() ? json["error"] : json;
      if (inner.contains("code")) error.code = JsonString(inner["code"]);
      if (inner.contains("message")) error.message = JsonString(inner["message"]);
      // OAuth2 token endpoints: {"error": "invalid_client", "error_description": "..."}.
      if (json.contains("error") && json["error"].is_string()) {
        error.code = json["error"].get<std::string>();
        if (json.contains("error_description"))
          error.message = JsonString(json["error_description"]);
      }
      // GCS puts the readable reason in errors[0].reason.
      if (inner.contains("errors") && inner["errors"].is_array() && !inner["errors"].empty() &&
          inner["errors"][0].contains("reason"))
        error.code = JsonString(inner["errors"][0]["reason"]);
    }
  }
  error.code = Truncate(error.code);
  error.message = Truncate(error.message);
  return error;
}

ErrorCode ErrorCodeForStatus(long status) {
  switch (status) {
    case 404: return ErrorCode::kNotFound;
    case 401:
    case 403: return ErrorCode::kPermissionDenied;
    case 409:
    case 412: return ErrorCode::kConflict;
    default: break;
  }
  if (status >= 400 && status < 500 && status != 408 && status != 429)
    return ErrorCode::kInvalidArgument;
  return ErrorCode::kIo;
}

void ThrowHttpStatus(const HttpResponse& response, std::string_view what) {
  ServiceError service = ParseServiceError(response.body);
  std::string message = std::string(what) + ": HTTP " + std::to_string(response.status);
  if (!service.code.empty()) message += " " + service.code;
  if (!service.message.empty()) message += ": " + service.message;
  throw HttpStatusError(ErrorCodeForStatus(response.status), message, response.status,
                        std::move(service));
}

std::string ScrubUrl(std::string_view url) {
  size_t question = url.find('?');
  if (question == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, question + 1));
  std::string_view query = url.substr(question + 1);
  size_t fragment = query.find('#');
  if (fragment != std::string_view::npos) query = query.substr(0, fragment);
  bool first = true;
  for (const auto& [name, value] : SplitQuery(query)) {
    if (!first) out += '&';
    first = false;
    out += name;
    if (IsSecretQueryName(name))
      out += "=REDACTED";
    else if (!value.empty() || query.find(name + "=") != std::string_view::npos)
      out += "=" + value;
  }
  return out;
}

bool IsRetryableStatus(long status) { return status >= 500 || status == 429 || status == 408; }

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    if (value.size() > 9) return std::chrono::milliseconds::max();
    return std::chrono::seconds(std::stoll(std::string(value)));
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  const std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
  const auto now = std::chrono::system_clock::now();
  if (at <= now) return std::chrono::milliseconds(0);
  return std::chrono::duration_cast<std::chrono::milliseconds>(at - now);
}

HttpClient::HttpClient(std::shared_ptr<HttpTransport> transport, RetryPolicy policy)
    : transport_(std::move(transport)),
      policy_(std::move(policy)),
      random_(std::random_device{}()) {
  if (!transport_) throw Error(ErrorCode::kInternal, "HttpClient needs a transport");
  if (!policy_.sleep)
    policy_.sleep = [](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); };
  policy_.max_attempts = std::max(policy_.max_attempts, 1);
  policy_.max_connection_resets = std::max(policy_.max_connection_resets, 0);
}

std::chrono::milliseconds HttpClient::Backoff(int retry) {
  long long cap = policy_.max_delay.count();
  long long ceiling = policy_.base_delay.count();
  for (int i = 0; i < retry && ceiling < cap; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap);
  std::lock_guard lock(random_mutex_);
  std::uniform_int_distribution<long long> pick(0, std::max(ceiling, 0LL));
  return std::chrono::milliseconds(pick(random_));
}

HttpResponse HttpClient::Send(const HttpRequest& request) {
  int status_retries = 0;
  int resets = 0;
  while (true) {
    try {
      HttpResponse response = transport_->Send(request);
      if (!IsRetryableStatus(response.status) || status_retries + 1 >= policy_.max_attempts)
        return response;
      ++status_retries;
      // The server said when to come back: never sooner than that (bounded).
      if (auto after = ParseRetryAfter(response.Header("Retry-After").value_or(""))) {
        policy_.sleep(
            std::max(Backoff(status_retries - 1), std::min(*after, policy_.max_retry_after)));
        continue;
      }
    } catch (const TransportError& error) {
      if (!error.retryable() || resets >= policy_.max_connection_resets ||
          (error.body_started() && request.response_writer))
        throw;
      ++resets;
    }
    policy_.sleep(Backoff(status_retries + resets - 1));
  }
}

HttpResponse HttpClient::SendChecked(const HttpRequest& request, std::string_view what) {
  HttpResponse response = Send(request);
  if (response.status < 200 || response.status >= 300) ThrowHttpStatus(response, what);
  return response;
}

}  // namespace ff::cloud
