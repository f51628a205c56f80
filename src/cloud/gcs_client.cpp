#include "cloud/gcs_client.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "cloud/digests.hpp"
#include "cloud/url.hpp"
#include "crypto/base64.hpp"

namespace ff::cloud {
namespace {

std::string GsName(const std::string& bucket, const std::string& object) {
  return object.empty() ? "gs://" + bucket : "gs://" + bucket + "/" + object;
}

std::string Text(const nlohmann::json& doc, const char* field) {
  auto it = doc.find(field);
  if (it == doc.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return {};
}

GcsObjectInfo FromJson(const nlohmann::json& doc, const std::string& what) {
  GcsObjectInfo info;
  info.name = Text(doc, "name");
  std::string size = Text(doc, "size");
  if (!size.empty()) {
    if (size.size() > 19 || size.find_first_not_of("0123456789") != std::string::npos)
      throw Error(ErrorCode::kIo, what + ": GCS returned a malformed object size '" + size + "'");
    info.size = std::stoull(size);
  }
  info.etag = Text(doc, "etag");
  info.updated = Text(doc, "updated");
  info.generation = Text(doc, "generation");
  info.md5_hash = Text(doc, "md5Hash");
  if (info.etag.empty()) info.etag = info.generation;
  return info;
}

nlohmann::json ParseJson(const std::string& text, const std::string& what) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_object()) throw Error(ErrorCode::kIo, what + ": GCS answered with no JSON object");
  return doc;
}

// "bytes=0-42" -> 43 (the next offset); nullopt when absent or malformed.
std::optional<uint64_t> PersistedUpTo(const HttpResponse& response) {
  std::optional<std::string> range = response.Header("Range");
  if (!range) return std::nullopt;
  size_t dash = range->rfind('-');
  if (dash == std::string::npos || dash + 1 >= range->size()) return std::nullopt;
  std::string last = range->substr(dash + 1);
  if (last.size() > 19 || last.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoull(last) + 1;
}

// A transport failure message without the session URI (it authorizes the upload on its own).
std::string WithoutSession(std::string message, const std::string& session_url) {
  for (const std::string& form : {ScrubUrl(session_url), session_url}) {
    if (form.empty()) continue;
    for (size_t at = message.find(form); at != std::string::npos; at = message.find(form, at))
      message.replace(at, form.size(), "<resumable session>");
  }
  size_t at = message.find("upload_id=");
  if (at != std::string::npos) {
    size_t end = message.find_first_of("& )", at);
    message.replace(at, end == std::string::npos ? std::string::npos : end - at,
                    "upload_id=REDACTED");
  }
  return message;
}

}  // namespace

GcsObjectInfo ParseGcsObject(const std::string& json_text, const std::string& what) {
  return FromJson(ParseJson(json_text, what), what);
}

std::string GcsBaseUrl(const GcsConfig& config) {
  if (config.endpoint.empty()) return std::string(kDefaultGcsEndpoint);
  ParsedUrl parsed = ParseUrl(config.endpoint);
  if (parsed.scheme != "https" && parsed.scheme != "http")
    throw Error(ErrorCode::kInvalidArgument,
                "GCS endpoint '" + config.endpoint + "' must start with https:// (or http://)");
  if (!parsed.query.empty())
    throw Error(ErrorCode::kInvalidArgument,
                "GCS endpoint '" + ScrubUrl(config.endpoint) + "' must not carry a query");
  std::string url = config.endpoint.substr(0, config.endpoint.find('?'));
  while (!url.empty() && url.back() == '/') url.pop_back();
  // An endpoint written with the API path ("http://host:4443/storage/v1") addresses its root.
  for (std::string_view suffix : {"/storage/v1", "/storage/v1/b"}) {
    if (url.size() > suffix.size() &&
        url.compare(url.size() - suffix.size(), suffix.size(), suffix.data(), suffix.size()) == 0) {
      url.resize(url.size() - suffix.size());
      break;
    }
  }
  return url;
}

GcsClient::GcsClient(GcsConfig config, std::shared_ptr<HttpTransport> transport)
    : config_(std::move(config)),
      base_url_(GcsBaseUrl(config_)),
      http_(transport ? std::move(transport) : MakeCurlTransport(config_.transport),
            config_.retry) {
  config_.chunk_size -= config_.chunk_size % kGcsChunkQuantum;
  if (config_.chunk_size == 0) config_.chunk_size = kGcsChunkQuantum;
}

std::string GcsClient::ObjectUrl(const std::string& bucket, const std::string& object) const {
  return base_url_ + "/storage/v1/b/" + UriEncode(bucket, false) + "/o/" + UriEncode(object, false);
}

void GcsClient::Authorize(HttpRequest& request) const {
  if (config_.token_provider)
    SetHeader(request.headers, "Authorization", "Bearer " + config_.token_provider());
}

HttpResponse GcsClient::Execute(const Operation& operation, HttpRequest request) {
  if (operation.bucket.empty())
    throw Error(ErrorCode::kInvalidArgument, "a GCS URL needs a bucket: gs://bucket/path");
  Authorize(request);
  HttpResponse response = http_.Send(request);
  if (response.status < 200 || response.status >= 300) ThrowFor(operation, response);
  return response;
}

void GcsClient::ThrowFor(const Operation& operation, const HttpResponse& response) const {
  ServiceError service = ParseServiceError(response.body);
  const std::string object = GsName(operation.bucket, operation.object);
  const std::string where = "GCS " + operation.name + " " + object;
  const std::string status = "HTTP " + std::to_string(response.status);
  const std::string code_and_status = service.code.empty() ? status : status + " " + service.code;
  const std::string detail = service.message.substr(0, service.message.find('\n'));
  const std::string with_detail = detail.empty() ? "" : ": " + detail;
  ErrorCode error_code = ErrorCodeForStatus(response.status);
  std::string message;
  if (response.status == 404) {
    error_code = ErrorCode::kNotFound;
    message = operation.object.empty()
                  ? "GCS bucket '" + operation.bucket + "' not found (" + operation.name + ": " +
                        code_and_status + ")" + with_detail
                  : "GCS object " + object + " not found (bucket '" + operation.bucket +
                        "', object '" + operation.object + "'; " + operation.name + ": " +
                        code_and_status + ")" + with_detail;
  } else if (response.status == 401 || response.status == 403) {
    error_code = ErrorCode::kPermissionDenied;
    std::string hint =
        config_.principal.empty()
            ? "the bucket does not allow anonymous access; use a service_account connection"
            : "check that " + config_.principal +
                  " has a role granting storage.objects access on bucket '" + operation.bucket +
                  "' (e.g. Storage Object Admin)";
    message = where + ": access denied (" + code_and_status + ")" + with_detail + "; " + hint;
  } else if (response.status == 409 || response.status == 412) {
    error_code = ErrorCode::kConflict;
    message = where + ": conflict (" + code_and_status + ")" + with_detail;
  } else if (response.status >= 500 || response.status == 429) {
    message = where + ": the service kept failing after " +
              std::to_string(http_.policy().max_attempts) + " attempts (" + code_and_status + ")";
  } else {
    message = where + ": " + code_and_status + with_detail;
  }
  throw HttpStatusError(error_code, message, response.status, std::move(service));
}

GcsObjectInfo GcsClient::GetObjectMetadata(const std::string& bucket, const std::string& object) {
  Operation operation{"objects.get", bucket, object};
  HttpRequest request;
  request.url = ObjectUrl(bucket, object);
  HttpResponse response = Execute(operation, std::move(request));
  GcsObjectInfo info = ParseGcsObject(response.body, "GCS objects.get " + GsName(bucket, object));
  if (info.name.empty()) info.name = object;
  return info;
}

void GcsClient::DownloadTo(const std::string& bucket, const std::string& object,
                           const BodyWriter& writer) {
  Operation operation{"objects.get (media)", bucket, object};
  HttpRequest request;
  request.url = ObjectUrl(bucket, object) + "?alt=media";
  request.response_writer = writer;
  Execute(operation, std::move(request));
}

void GcsClient::DownloadVerified(const std::string& bucket, const GcsObjectInfo& info,
                                 const BodyWriter& writer) {
  Operation operation{"objects.get (media)", bucket, info.name};
  HttpRequest request;
  request.url = ObjectUrl(bucket, info.name) + "?alt=media";
  if (!info.generation.empty()) request.url += "&generation=" + UriEncode(info.generation, false);
  Md5Stream md5;
  uint64_t received = 0;
  request.response_writer = [&](std::string_view chunk) {
    md5.Update(chunk);
    received += chunk.size();
    writer(chunk);
  };
  Execute(operation, std::move(request));
  const std::string name = GsName(bucket, info.name);
  if (received != info.size) {
    throw Error(ErrorCode::kIo, "GCS objects.get " + name + ": received " +
                                    std::to_string(received) + " bytes, the object has " +
                                    std::to_string(info.size));
  }
  if (!info.md5_hash.empty() && crypto::Base64Encode(md5.Final()) != info.md5_hash) {
    throw Error(ErrorCode::kIo, "GCS objects.get " + name +
                                    ": the content does not match the object's MD5 (" +
                                    info.md5_hash + "); it was corrupted in transit");
  }
}

std::string GcsClient::Download(const std::string& bucket, const std::string& object) {
  std::string data;
  DownloadTo(bucket, object, [&](std::string_view chunk) { data.append(chunk); });
  return data;
}

GcsListPage GcsClient::ListPage(const std::string& bucket, const std::string& prefix,
                                const std::string& page_token, int max_results) {
  Operation operation{"objects.list", bucket, ""};
  HttpRequest request;
  request.url = base_url_ + "/storage/v1/b/" + UriEncode(bucket, false) + "/o";
  std::string query;
  if (!page_token.empty()) query += "pageToken=" + UriEncode(page_token, false);
  if (!prefix.empty()) query += (query.empty() ? "" : "&") + ("prefix=" + UriEncode(prefix, false));
  if (max_results > 0)
    query += (query.empty() ? "" : "&") + ("maxResults=" + std::to_string(max_results));
  if (!query.empty()) request.url += "?" + query;
  HttpResponse response = Execute(operation, std::move(request));
  const std::string what = "GCS objects.list " + GsName(bucket, prefix);
  nlohmann::json json = ParseJson(response.body, what);
  GcsListPage page;
  if (auto items = json.find("items"); items != json.end() && items->is_array())
    for (const nlohmann::json& item : *items)
      if (item.is_object()) page.objects.push_back(FromJson(item, what));
  page.next_page_token = Text(json, "nextPageToken");
  return page;
}

std::vector<GcsObjectInfo> GcsClient::List(const std::string& bucket, const std::string& prefix) {
  std::vector<GcsObjectInfo> all;
  std::string token;
  do {
    GcsListPage page = ListPage(bucket, prefix, token);
    for (GcsObjectInfo& info : page.objects) all.push_back(std::move(info));
    if (!page.next_page_token.empty() && page.next_page_token == token)
      throw Error(ErrorCode::kIo, "GCS objects.list " + GsName(bucket, prefix) +
                                      ": the service returned the same page token twice");
    token = std::move(page.next_page_token);
  } while (!token.empty());
  std::stable_sort(all.begin(), all.end(),
                   [](const GcsObjectInfo& a, const GcsObjectInfo& b) { return a.name < b.name; });
  return all;
}

void GcsClient::DeleteObject(const std::string& bucket, const std::string& object) {
  Operation operation{"objects.delete", bucket, object};
  HttpRequest request;
  request.method = "DELETE";
  request.url = ObjectUrl(bucket, object);
  Execute(operation, std::move(request));
}

GcsObjectInfo GcsClient::UploadMedia(const std::string& bucket, const std::string& object,
                                     std::string_view data, bool if_absent) {
  Operation operation{"objects.insert", bucket, object};
  HttpRequest request;
  request.method = "POST";
  request.url = base_url_ + "/upload/storage/v1/b/" + UriEncode(bucket, false) +
                "/o?uploadType=media&name=" + UriEncode(object, false) +
                (if_absent ? "&ifGenerationMatch=0" : "");
  request.headers.push_back({"Content-Type", "application/octet-stream"});
  request.headers.push_back({"Content-Length", std::to_string(data.size())});
  request.body = std::string(data);
  HttpResponse response = Execute(operation, std::move(request));
  return ParseGcsObject(response.body, "GCS objects.insert " + GsName(bucket, object));
}

GcsObjectInfo GcsClient::UploadResumable(const std::string& bucket, const std::string& object,
                                         const BodyReader& reader, uint64_t size) {
  const std::string name = GsName(bucket, object);
  Operation start{"objects.insert (resumable)", bucket, object};
  HttpRequest open;
  open.method = "POST";
  open.url = base_url_ + "/upload/storage/v1/b/" + UriEncode(bucket, false) +
             "/o?uploadType=resumable&name=" + UriEncode(object, false);
  open.headers.push_back({"Content-Type", "application/json; charset=UTF-8"});
  open.headers.push_back({"X-Upload-Content-Type", "application/octet-stream"});
  open.headers.push_back({"X-Upload-Content-Length", std::to_string(size)});
  open.body = "{}";
  open.headers.push_back({"Content-Length", "2"});
  const std::string session = Execute(start, std::move(open)).Header("Location").value_or("");
  if (session.rfind("https://", 0) != 0 && session.rfind("http://", 0) != 0)
    throw Error(ErrorCode::kIo,
                "GCS objects.insert (resumable) " + name + ": no session URI in the response");

  Operation chunk_op{"objects.insert (resumable chunk)", bucket, object};
  const RetryPolicy& policy = http_.policy();
  // One attempt against the session URI; transport messages lose the session URI.
  auto send = [&](HttpRequest request) -> std::optional<HttpResponse> {
    Authorize(request);
    try {
      HttpResponse response = http_.transport().Send(request);
      if (IsRetryableStatus(response.status)) return std::nullopt;
      return response;
    } catch (const TransportError& error) {
      if (!error.retryable())
        throw Error(ErrorCode::kIo,
                    "GCS upload of " + name + " failed: " + WithoutSession(error.what(), session));
      return std::nullopt;
    }
  };
  auto status_query = [&] {
    HttpRequest query;
    query.method = "PUT";
    query.url = session;
    query.headers.push_back({"Content-Range", "bytes */" + std::to_string(size)});
    query.headers.push_back({"Content-Length", "0"});
    return send(std::move(query));
  };

  uint64_t offset = 0;
  int failures = 0;
  std::string buffer;
  while (true) {
    std::optional<HttpResponse> response;
    if (size == 0) {
      response = status_query();  // "bytes */0" finalizes an empty object
    } else {
      uint64_t length = std::min<uint64_t>(config_.chunk_size, size - offset);
      ReadExactly(reader, offset, buffer, length, name);
      HttpRequest put;
      put.method = "PUT";
      put.url = session;
      put.headers.push_back({"Content-Range", "bytes " + std::to_string(offset) + "-" +
                                                  std::to_string(offset + length - 1) + "/" +
                                                  std::to_string(size)});
      put.headers.push_back({"Content-Length", std::to_string(length)});
      put.body = buffer;
      response = send(std::move(put));
    }
    // A failed chunk: wait, then ask the session how much it kept and go on from there.
    while (!response) {
      if (++failures >= policy.max_attempts)
        throw Error(ErrorCode::kIo, "GCS upload of " + name + ": the service kept failing after " +
                                        std::to_string(failures) + " attempts at byte " +
                                        std::to_string(offset));
      auto delay = policy.base_delay * (1LL << std::min(failures, 10));
      policy.sleep(std::min<std::chrono::milliseconds>(delay, policy.max_delay));
      response = status_query();
    }
    if (response->status == 200 || response->status == 201)
      return ParseGcsObject(response->body, "GCS objects.insert " + name);
    if (response->status != 308) ThrowFor(chunk_op, *response);
    uint64_t next = PersistedUpTo(*response).value_or(0);
    if (next > size)
      throw Error(ErrorCode::kIo, "GCS upload of " + name + ": the session reports " +
                                      std::to_string(next) + " bytes of " + std::to_string(size));
    if (next > offset)
      failures = 0;  // progress resets the failure budget
    else if (++failures >= policy.max_attempts)
      throw Error(ErrorCode::kIo,
                  "GCS upload of " + name + ": no progress at byte " + std::to_string(offset));
    offset = next;
    if (offset == size && size != 0) {
      // Everything is persisted but the session did not finish: ask it to.
      response = status_query();
      if (response && (response->status == 200 || response->status == 201))
        return ParseGcsObject(response->body, "GCS objects.insert " + name);
      throw Error(ErrorCode::kIo, "GCS upload of " + name +
                                      ": all bytes were sent but the session did not complete");
    }
  }
}

GcsObjectInfo GcsClient::Upload(const std::string& bucket, const std::string& object,
                                const BodyReader& reader, uint64_t size) {
  if (size >= config_.single_request_threshold && size > 0)
    return UploadResumable(bucket, object, reader, size);
  std::string data;
  ReadExactly(reader, 0, data, size, GsName(bucket, object));
  return UploadMedia(bucket, object, data);
}

}  // namespace ff::cloud
