// libcurl implementation of HttpTransport (see http_client.hpp for the contract).
#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <mutex>
#include <vector>

#include "cloud/http_client.hpp"

namespace ff::cloud {
namespace {

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      throw Error(ErrorCode::kIo, "libcurl failed to initialise");
  });
}

// An easy handle, owned: move-only, cleaned up once.
class CurlEasy {
 public:
  CurlEasy() : handle_(curl_easy_init()) {
    if (handle_ == nullptr) throw Error(ErrorCode::kIo, "libcurl could not create a handle");
  }
  ~CurlEasy() {
    if (handle_ != nullptr) curl_easy_cleanup(handle_);
  }
  CurlEasy(CurlEasy&& other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }
  CurlEasy& operator=(CurlEasy&& other) noexcept {
    std::swap(handle_, other.handle_);
    return *this;
  }
  CurlEasy(const CurlEasy&) = delete;
  CurlEasy& operator=(const CurlEasy&) = delete;
  CURL* get() const { return handle_; }

 private:
  CURL* handle_;
};

class HeaderList {
 public:
  HeaderList() = default;
  ~HeaderList() { curl_slist_free_all(list_); }
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  void Add(const std::string& line) {
    curl_slist* grown = curl_slist_append(list_, line.c_str());
    if (grown == nullptr) throw Error(ErrorCode::kIo, "out of memory building HTTP headers");
    list_ = grown;
  }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

// State shared with libcurl's C callbacks for one attempt.
struct Exchange {
  const HttpRequest* request = nullptr;
  HttpResponse* response = nullptr;
  CURL* handle = nullptr;
  uint64_t upload_offset = 0;
  bool status_checked = false;
  bool stream_body = false;
  bool body_started = false;
  std::exception_ptr failure;  // an exception thrown by a user callback
};

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    exchange->response->headers.clear();  // a new status line: 100-continue or a redirect
    return line.size();
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    size_t begin = value.find_first_not_of(" \t");
    size_t end = value.find_last_not_of(" \t\r\n");
    exchange->response->headers.push_back(
        {std::string(line.substr(0, colon)),
         begin == std::string_view::npos ? std::string()
                                         : std::string(value.substr(begin, end - begin + 1))});
  }
  return line.size();
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  size_t length = size * count;
  if (!exchange->status_checked) {
    long status = 0;
    curl_easy_getinfo(exchange->handle, CURLINFO_RESPONSE_CODE, &status);
    exchange->stream_body = exchange->request->response_writer && status >= 200 && status < 300;
    exchange->status_checked = true;
  }
  if (!exchange->stream_body) {
    exchange->response->body.append(data, length);
    return length;
  }
  try {
    exchange->body_started = true;
    exchange->request->response_writer(std::string_view(data, length));
  } catch (...) {
    exchange->failure = std::current_exception();
    return CURL_WRITEFUNC_ERROR;
  }
  return length;
}

size_t OnUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const HttpRequest& request = *exchange->request;
  size_t room = size * count;
  size_t copied = 0;
  try {
    if (request.body_reader) {
      uint64_t left = request.body_size - exchange->upload_offset;
      copied = request.body_reader(exchange->upload_offset, buffer,
                                   static_cast<size_t>(std::min<uint64_t>(room, left)));
    } else {
      size_t left = request.body.size() - static_cast<size_t>(exchange->upload_offset);
      copied = std::min(room, left);
      std::memcpy(buffer, request.body.data() + exchange->upload_offset, copied);
    }
  } catch (...) {
    exchange->failure = std::current_exception();
    return CURL_READFUNC_ABORT;
  }
  exchange->upload_offset += copied;
  return copied;
}

// Failures worth another attempt: the connection broke or stalled, not a bad URL or TLS.
bool IsRetryableCurlCode(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return true;
    default: return false;
  }
}

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(const TransportOptions& options) : options_(options) { InitCurlOnce(); }

  HttpResponse Send(const HttpRequest& request) override {
    CurlEasy easy = Borrow();
    HttpResponse response;
    Exchange exchange{&request, &response, easy.get()};
    HeaderList headers;
    Configure(easy.get(), request, exchange, headers);
    char error_text[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(easy.get(), CURLOPT_ERRORBUFFER, error_text);
    CURLcode code = curl_easy_perform(easy.get());
    curl_easy_setopt(easy.get(), CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &response.status);
    Return(std::move(easy));
    if (exchange.failure) std::rethrow_exception(exchange.failure);
    if (code != CURLE_OK) {
      std::string message = "HTTP " + request.method + " " + ScrubUrl(request.url) +
                            " failed: " + curl_easy_strerror(code);
      if (error_text[0] != '\0') message += std::string(" (") + error_text + ")";
      throw TransportError(message, IsRetryableCurlCode(code), exchange.body_started);
    }
    return response;
  }

 private:
  void Configure(CURL* handle, const HttpRequest& request, Exchange& exchange,
                 HeaderList& headers) {
    curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, options_.verify_ssl ? 1L : 0L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, options_.verify_ssl ? 2L : 0L);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(options_.request_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME,
                     static_cast<long>(options_.stall_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &exchange);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &exchange);

    bool has_body = request.body_reader ? true : !request.body.empty();
    uint64_t body_size = request.body_reader ? request.body_size : request.body.size();
    if (request.method == "HEAD") {
      curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
    } else if (has_body || request.method == "PUT" || request.method == "POST") {
      curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(body_size));
      curl_easy_setopt(handle, CURLOPT_READFUNCTION, OnUpload);
      curl_easy_setopt(handle, CURLOPT_READDATA, &exchange);
      if (request.method != "PUT")
        curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    } else if (request.method != "GET") {
      curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }

    for (const HttpHeader& header : request.headers)
      headers.Add(header.value.empty() ? header.name + ";" : header.name + ": " + header.value);
    if (request.range && !HasHeader(request.headers, "Range"))
      headers.Add("Range: bytes=" + std::to_string(request.range->first) + "-" +
                  std::to_string(request.range->first + request.range->second - 1));
    headers.Add("Expect:");  // no 100-continue round trip before each upload
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  }

  CurlEasy Borrow() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        CurlEasy easy = std::move(idle_.back());
        idle_.pop_back();
        return easy;
      }
    }
    return CurlEasy();
  }

  // curl_easy_reset clears options but keeps the handle's live connections and caches.
  void Return(CurlEasy easy) {
    curl_easy_reset(easy.get());
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(easy));
  }

  TransportOptions options_;
  std::mutex mutex_;
  std::vector<CurlEasy> idle_;
};

}  // namespace

std::shared_ptr<HttpTransport> MakeCurlTransport(const TransportOptions& options) {
  return std::make_shared<CurlTransport>(options);
}

}  // namespace ff::cloud
