// A scripted HttpTransport for tests: answers from a handler, records every request.
#pragma once

#include <functional>
#include <mutex>
#include <vector>

#include "cloud/http_client.hpp"

namespace ff::cloud::testing_support {

class FakeTransport : public HttpTransport {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;
  explicit FakeTransport(Handler handler) : handler_(std::move(handler)) {}

  HttpResponse Send(const HttpRequest& request) override {
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }
    HttpResponse response = handler_(request);
    if (request.response_writer && response.status >= 200 && response.status < 300) {
      request.response_writer(response.body);
      response.body.clear();
    }
    return response;
  }

  std::vector<HttpRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  Handler handler_;
  std::mutex mutex_;
  std::vector<HttpRequest> requests_;
};

inline HttpResponse Respond(long status, std::string body = {}, HttpHeaders headers = {}) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

inline std::string S3ErrorXml(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" +
         message + "</Message><RequestId>r1</RequestId></Error>";
}

//! Retries without waiting, so tests of retry paths run instantly.
inline RetryPolicy NoSleep() {
  RetryPolicy policy;
  policy.sleep = [](std::chrono::milliseconds) {};
  return policy;
}

}  // namespace ff::cloud::testing_support
