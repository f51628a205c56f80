#include "flow/rest_fetch.hpp"

#include <openssl/crypto.h>

#include <chrono>
#include <regex>
#include <thread>

#include "cloud/http_client.hpp"
#include "cloud/url.hpp"
#include "crypto/base64.hpp"
#include "flowfile/errors.hpp"

namespace ff::flow {

// Responses keep their key order: columns appear as the API writes them.
// Records keep their keys in the order the server sent them.
using OrderedJson = nlohmann::ordered_json;

namespace {

// The longest a server may make us wait between two attempts (Retry-After), as Flowfile.
constexpr std::chrono::milliseconds kMaxBackoff{30'000};

std::string Encode(const std::string& text) { return cloud::UriEncode(text, false); }

// `url` with `params` appended to its query (the URL's own query is kept).
std::string WithQuery(const std::string& url,
                      const std::vector<std::pair<std::string, std::string>>& params) {
  if (params.empty()) return url;
  std::string out = url;
  const size_t hash = out.find('#');
  if (hash != std::string::npos) out.resize(hash);
  char sep = out.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : params) {
    out += sep + Encode(name) + "=" + Encode(value);
    sep = '&';
  }
  return out;
}

// A dot path ("data.items") into `body`; null when a step is missing.
const OrderedJson* AtPath(const OrderedJson& body, const std::string& path) {
  const OrderedJson* current = &body;
  size_t start = 0;
  while (!path.empty() && start <= path.size()) {
    const size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (!current->is_object() || !current->contains(key)) return nullptr;
    current = &current->at(key);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return current;
}

void AppendRecords(const OrderedJson* located, std::vector<OrderedJson>& out) {
  if (located == nullptr || located->is_null()) return;
  if (located->is_object()) {
    out.push_back(*located);
  } else if (located->is_array()) {
    for (const OrderedJson& item : *located) {
      out.push_back(item.is_object() ? item : OrderedJson{{"value", item}});
    }
  } else {
    out.push_back(OrderedJson{{"value", *located}});
  }
}

// The URL in a Link header's rel="next" entry (RFC 8288).
std::string NextLink(const std::string& header) {
  static const std::regex entry(R"(<([^>]*)>\s*;[^,]*rel\s*=\s*"?next"?)");
  std::smatch match;
  return std::regex_search(header, match, entry) ? match[1].str() : "";
}

class PageFetcher {
 public:
  PageFetcher(const RestRequest& request, const Secret* secret, const std::string& who)
      : request_(request), who_(who) {
    cloud::TransportOptions transport;
    transport.request_timeout = std::chrono::milliseconds(
        static_cast<int64_t>(std::max(request.timeout_seconds, 0.001) * 1000));
    transport.connect_timeout = std::min(transport.connect_timeout, transport.request_timeout);
    cloud::RetryPolicy policy;
    policy.max_attempts = std::max(request.max_retries, 0) + 1;
    policy.max_connection_resets = std::max(request.max_retries, 0);
    policy.base_delay = std::chrono::milliseconds(500);
    policy.max_delay = kMaxBackoff;
    policy.max_retry_after = kMaxBackoff;
    client_ = std::make_unique<cloud::HttpClient>(cloud::MakeCurlTransport(transport), policy);
    headers_ = request.headers;
    if (request.auth.type != "none" && request.auth.type != "basic" && secret == nullptr) {
      throw Error(ErrorCode::kInvalidArgument,
                  who + ": auth type '" + request.auth.type + "' needs a secret_name");
    }
    AddAuth(secret);
  }

  // One page: GET/POST `url` plus `params`; the parsed body and the response headers.
  std::pair<OrderedJson, cloud::HttpHeaders> Fetch(
      const std::string& url, std::vector<std::pair<std::string, std::string>> params, int64_t page,
      bool with_query_params) {
    cloud::HttpRequest http;
    http.method = request_.method;
    http.headers = headers_;
    // A next URL carries its own query; only the key (api_key in the query) is added again.
    if (with_query_params) {
      params.insert(params.begin(), query_params_.begin(), query_params_.end());
    }
    if (key_param_) params.push_back(*key_param_);
    http.url = WithQuery(url, params);
    if (request_.method == "POST" && !request_.json_body.is_null()) {
      http.body = request_.json_body.dump();  // the settings' (sorted) JSON
      cloud::SetHeader(http.headers, "Content-Type", "application/json");
    }
    cloud::SetHeader(http.headers, "Accept", "application/json");
    const std::string where =
        who_ + ": " + request_.method + " " + Display(url) + " (page " + std::to_string(page) + ")";
    cloud::HttpResponse response;
    try {
      response = client_->Send(http);
    } catch (const Error& e) {
      // Transport messages may quote the URL; ours carries the key for api_key-in-query.
      throw Error(e.code(), where + ": the request failed (" +
                                Redact(e.what(), http.url, Display(url)) + ")");
    }
    OPENSSL_cleanse(http.url.data(), http.url.size());
    if (response.status < 200 || response.status >= 300) {
      std::string message = where + ": HTTP " + std::to_string(response.status);
      if (response.status >= 300 && response.status < 400) {
        message += " (a redirect, which is not followed: use the URL it names";
        if (auto to = response.Header("Location")) message += ", " + DisplayUrl(*to);
        message += ")";
      } else if (cloud::IsRetryableStatus(response.status)) {
        message += " after " + std::to_string(request_.max_retries) + " retries";
      }
      throw Error(cloud::ErrorCodeForStatus(response.status), message);
    }
    try {
      return {OrderedJson::parse(response.body), std::move(response.headers)};
    } catch (const OrderedJson::exception&) {
      std::string start = response.body.substr(0, 40);
      for (char& ch : start) {
        if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
      }
      throw Error(ErrorCode::kInvalidArgument,
                  where + ": the response is not valid JSON (it starts with \"" + start +
                      "\"); the REST API reader reads JSON only");
    }
  }

  std::string Display(const std::string& url) const {
    return DisplayUrl(url,
                      request_.auth.type == "api_key" && request_.auth.api_key_location == "query"
                          ? request_.auth.api_key_name
                          : "");
  }

 private:
  void AddAuth(const Secret* secret) {
    const RestAuth& auth = request_.auth;
    for (const auto& [name, value] : request_.query_params) query_params_.emplace_back(name, value);
    if (auth.type == "bearer") {
      cloud::SetHeader(headers_, "Authorization", "Bearer " + std::string(secret->Reveal()));
    } else if (auth.type == "basic") {
      std::string pair =
          auth.basic_username + ":" + (secret ? std::string(secret->Reveal()) : std::string());
      cloud::SetHeader(headers_, "Authorization", "Basic " + crypto::Base64Encode(pair));
      OPENSSL_cleanse(pair.data(), pair.size());
    } else if (auth.type == "api_key" && auth.api_key_location == "header") {
      cloud::SetHeader(headers_, auth.api_key_name, std::string(secret->Reveal()));
    } else if (auth.type == "api_key") {
      key_param_.emplace(auth.api_key_name, std::string(secret->Reveal()));
    }
  }

  static std::string Redact(std::string text, const std::string& secret_url,
                            const std::string& shown) {
    for (size_t at; !secret_url.empty() && (at = text.find(secret_url)) != std::string::npos;) {
      text.replace(at, secret_url.size(), shown);
    }
    return text;
  }

  const RestRequest& request_;
  const std::string& who_;
  std::unique_ptr<cloud::HttpClient> client_;
  cloud::HttpHeaders headers_;
  std::vector<std::pair<std::string, std::string>> query_params_;
  std::optional<std::pair<std::string, std::string>> key_param_;
};

// A next link relative to the host ("/items?page=2") made absolute against `current`.
std::string AbsoluteUrl(const std::string& next, const std::string& current) {
  if (next.find("://") != std::string::npos || next.empty() || next.front() != '/') return next;
  const size_t scheme = current.find("://");
  if (scheme == std::string::npos) return next;
  const size_t host_end = current.find('/', scheme + 3);
  return current.substr(0, host_end) + next;
}

std::string NextToken(const RestPagination& p, const OrderedJson& body,
                      const cloud::HttpHeaders& headers) {
  if (p.cursor_location == "header") {
    const std::string value = cloud::FindHeader(headers, p.cursor_response_path).value_or("");
    return p.type == "next_url" && value.find('<') != std::string::npos ? NextLink(value) : value;
  }
  const OrderedJson* value = AtPath(body, p.cursor_response_path);
  if (value == nullptr || value->is_null()) return "";
  return value->is_string() ? value->get<std::string>() : value->dump();
}

}  // namespace

std::string DisplayUrl(const std::string& url, const std::string& extra_secret_param) {
  std::string out = url;
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t host_end = out.find_first_of("/?#", scheme + 3);
    const size_t at = out.rfind('@', host_end == std::string::npos ? out.size() : host_end);
    if (at != std::string::npos && at > scheme) out.erase(scheme + 3, at - scheme - 2);
  }
  out = cloud::ScrubUrl(out);
  if (!extra_secret_param.empty()) {
    const std::string key = Encode(extra_secret_param) + "=";
    for (size_t at = out.find(key); at != std::string::npos; at = out.find(key, at + 1)) {
      if (at > 0 && out[at - 1] != '?' && out[at - 1] != '&') continue;
      const size_t end = out.find_first_of("&#", at);
      out.replace(at + key.size(), (end == std::string::npos ? out.size() : end) - at - key.size(),
                  "REDACTED");
    }
  }
  return out;
}

std::vector<OrderedJson> FetchRecords(const RestRequest& request, const Secret* secret,
                                      const std::string& who) {
  const RestPagination& p = request.pagination;
  PageFetcher fetcher(request, secret, who);
  std::vector<OrderedJson> records;
  std::string url = request.url;
  std::string cursor = p.initial_cursor;
  int64_t offset = 0;
  int64_t page_number = p.start_page;
  const int64_t max_pages = std::max<int64_t>(1, p.max_pages);
  for (int64_t page = 1; page <= max_pages; ++page) {
    std::vector<std::pair<std::string, std::string>> params;
    if (p.type == "offset") {
      params = {{p.offset_param, std::to_string(offset)},
                {p.limit_param, std::to_string(p.page_size)}};
    } else if (p.type == "page") {
      params = {{p.page_param, std::to_string(page_number)}};
    } else if (p.type == "cursor" && !cursor.empty()) {
      params = {{p.cursor_param, cursor}};
    }
    auto [body, headers] = fetcher.Fetch(url, params, page, url == request.url);
    const OrderedJson* located = AtPath(body, request.record_path);
    if (!request.record_path.empty() && located == nullptr) {
      throw Error(ErrorCode::kInvalidArgument, who + ": the response of " + fetcher.Display(url) +
                                                   " (page " + std::to_string(page) +
                                                   ") has nothing at record_path '" +
                                                   request.record_path + "'");
    }
    const size_t before = records.size();
    AppendRecords(located, records);
    const int64_t got = static_cast<int64_t>(records.size() - before);
    if (p.max_records && static_cast<int64_t>(records.size()) >= *p.max_records) {
      records.resize(static_cast<size_t>(*p.max_records));
      break;
    }
    if (p.type == "none") break;
    if (p.type == "offset") {
      if (got < p.page_size) break;
      offset += p.page_size;
    } else if (p.type == "page") {
      if (got == 0) break;
      ++page_number;
    } else {
      const std::string next = NextToken(p, body, headers);
      if (next.empty()) break;
      if (p.type == "cursor") {
        cursor = next;
      } else {
        url = AbsoluteUrl(next, url);
      }
    }
    if (p.page_delay_seconds > 0) {
      std::this_thread::sleep_for(std::chrono::duration<double>(p.page_delay_seconds));
    }
  }
  return records;
}

}  // namespace ff::flow
