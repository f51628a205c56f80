#include "cloud/azure_blob_client.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <thread>

#include "cloud/azure_shared_key.hpp"
#include "cloud/digests.hpp"
#include "cloud/list_xml.hpp"
#include "cloud/parallel.hpp"
#include "cloud/url.hpp"
#include "cloud/xml_scan.hpp"
#include "crypto/base64.hpp"

namespace ff::cloud {
namespace {

bool IsLoopbackHost(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]";
}

std::string BlobName(const std::string& container, const std::string& blob) {
  return blob.empty() ? "az://" + container : "az://" + container + "/" + blob;
}

uint64_t ParseSize(const std::string& text, std::string_view what) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos)
    return std::stoull(text);
  throw Error(ErrorCode::kIo,
              "Azure returned a malformed " + std::string(what) + ": '" + text + "'");
}

}  // namespace

std::string AzureServiceUrl(const AzureBlobConfig& config) {
  if (config.account.empty())
    throw Error(ErrorCode::kInvalidArgument,
                "an Azure storage connection needs azure_account_name (the storage account)");
  if (config.endpoint.empty()) return "https://" + config.account + ".blob.core.windows.net";
  ParsedUrl parsed = ParseUrl(config.endpoint);
  if (parsed.scheme != "https" && parsed.scheme != "http")
    throw Error(ErrorCode::kInvalidArgument, "Azure endpoint '" + config.endpoint +
                                                 "' must start with https:// (or http:// for an "
                                                 "emulator)");
  if (!parsed.query.empty())
    throw Error(ErrorCode::kInvalidArgument,
                "Azure endpoint '" + ScrubUrl(config.endpoint) +
                    "' must not carry a query; put a SAS token in azure_sas_token");
  std::string host = parsed.host;
  // ADLS Gen2 accounts answer the Blob API on their blob host; the dfs host speaks another API.
  if (size_t dfs = host.find(".dfs."); dfs != std::string::npos) host.replace(dfs, 5, ".blob.");
  std::string path = parsed.path;
  while (!path.empty() && path.back() == '/') path.pop_back();
  // Azurite and other emulators put the account in the path: http://127.0.0.1:10000/account.
  if (path.empty() && IsLoopbackHost(host)) path = "/" + config.account;
  std::string url = parsed.scheme + "://" + host;
  if (parsed.port != 0) url += ":" + std::to_string(parsed.port);
  return url + path;
}

std::string AppendSasToken(std::string_view query, std::string_view sas_token) {
  while (!sas_token.empty() && (sas_token.front() == '?' || sas_token.front() == '&'))
    sas_token.remove_prefix(1);
  if (sas_token.empty()) return std::string(query);
  if (query.empty()) return std::string(sas_token);
  return std::string(query) + "&" + std::string(sas_token);
}

std::string AzureBlockId(size_t index) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "block-%08zu", index);
  return crypto::Base64Encode(digits);
}

AzureBlobClient::AzureBlobClient(AzureBlobConfig config, std::shared_ptr<HttpTransport> transport)
    : config_(std::move(config)),
      service_url_(AzureServiceUrl(config_)),
      http_(transport ? std::move(transport) : MakeCurlTransport(config_.transport),
            config_.retry) {
  if (config_.block_size == 0) config_.block_size = 4 * 1024 * 1024;
  if (config_.parallelism == 0) config_.parallelism = 1;
  using Kind = AzureCredentials::Kind;
  if (config_.credentials.kind == Kind::kSharedKey && config_.credentials.account_key.empty())
    throw Error(ErrorCode::kInvalidArgument,
                "Azure Shared Key authorization needs azure_account_key (it is empty)");
  if (config_.credentials.kind == Kind::kSasToken && config_.credentials.sas_token.empty())
    throw Error(ErrorCode::kInvalidArgument,
                "Azure SAS authorization needs azure_sas_token (it is empty)");
  if (config_.credentials.kind == Kind::kBearer && !config_.credentials.token_provider)
    throw Error(ErrorCode::kInvalidArgument, "Azure token authorization needs a token provider");
}

HttpRequest AzureBlobClient::Build(const Operation& operation) const {
  using Kind = AzureCredentials::Kind;
  HttpRequest request;
  request.method = operation.method;
  request.url = service_url_ + "/" + operation.container;
  if (!operation.blob.empty()) request.url += "/" + UriEncode(operation.blob, /*keep_slash=*/true);
  std::string query = operation.query;
  if (config_.credentials.kind == Kind::kSasToken)
    query = AppendSasToken(query, config_.credentials.sas_token.Reveal());
  if (!query.empty()) request.url += "?" + query;

  request.headers = operation.headers;
  request.headers.push_back({"x-ms-version", std::string(kAzureApiVersion)});
  request.headers.push_back({"x-ms-date", HttpDate(std::chrono::system_clock::now())});
  // The signature covers Content-Length, so send the value we signed (curl would add its own).
  uint64_t body_size = operation.body_reader ? operation.body_size : operation.body.size();
  if (operation.method == "PUT" || operation.method == "POST" || body_size > 0)
    request.headers.push_back({"Content-Length", std::to_string(body_size)});
  request.body = operation.body;
  request.body_reader = operation.body_reader;
  request.body_size = operation.body_size;
  request.response_writer = operation.response_writer;

  switch (config_.credentials.kind) {
    case Kind::kSharedKey:
      request.headers.push_back(
          {"Authorization", AzureAuthorization(config_.account, config_.credentials.account_key,
                                               request.method, request.url, request.headers)});
      break;
    case Kind::kBearer:
      request.headers.push_back(
          {"Authorization", "Bearer " + config_.credentials.token_provider()});
      break;
    case Kind::kSasToken:
    case Kind::kAnonymous: break;
  }
  return request;
}

HttpResponse AzureBlobClient::Execute(const Operation& operation) {
  if (operation.container.empty())
    throw Error(ErrorCode::kInvalidArgument,
                "an Azure URL needs a container: az://container/path or "
                "abfss://container@account.dfs.core.windows.net/path");
  HttpResponse response = http_.Send(Build(operation));
  if (response.status < 200 || response.status >= 300) ThrowFor(operation, response);
  return response;
}

void AzureBlobClient::ThrowFor(const Operation& operation, const HttpResponse& response) const {
  ServiceError service = ParseServiceError(response.body);
  // HEAD responses carry no body; the code comes in a header instead.
  if (service.code.empty()) service.code = response.Header("x-ms-error-code").value_or("");
  const std::string& code = service.code;
  const std::string object = BlobName(operation.container, operation.blob);
  const std::string where = "Azure " + operation.name + " " + object;
  const std::string status = "HTTP " + std::to_string(response.status);
  const std::string code_and_status = code.empty() ? status : code + ", " + status;
  // The first line of Azure's message; the rest is request id and time.
  std::string service_message = service.message.substr(0, service.message.find('\n'));
  ErrorCode error_code = ErrorCodeForStatus(response.status);
  std::string message;
  if (code == "ContainerNotFound") {
    error_code = ErrorCode::kNotFound;
    message = "Azure container '" + operation.container + "' does not exist in account '" +
              config_.account + "' (" + operation.name + " " + object + ")";
  } else if (response.status == 404) {
    error_code = ErrorCode::kNotFound;
    message = "Azure blob " + object + " not found in account '" + config_.account + "' (" +
              operation.name + ": " + code_and_status + ")";
  } else if (response.status == 401 || response.status == 403) {
    // Only the code: detail fields of auth failures quote the string that was signed.
    error_code = ErrorCode::kPermissionDenied;
    std::string hint;
    switch (config_.credentials.kind) {
      case AzureCredentials::Kind::kSharedKey:
        hint = "check the connection's azure_account_key";
        break;
      case AzureCredentials::Kind::kSasToken:
        hint = "check the connection's azure_sas_token (permissions, expiry)";
        break;
      case AzureCredentials::Kind::kBearer:
        hint = "check the identity's role on the account (e.g. Storage Blob Data Contributor)";
        break;
      case AzureCredentials::Kind::kAnonymous:
        hint = "the container does not allow anonymous access; use an authenticated connection";
        break;
    }
    message = where + ": access denied (" + code_and_status + "); " + hint;
  } else if (response.status == 409 || response.status == 412) {
    error_code = ErrorCode::kConflict;
    message = where + ": conflict (" + code_and_status + ")";
    if (!service_message.empty()) message += ": " + service_message;
  } else if (response.status >= 500 || response.status == 429) {
    message = where + ": the service kept failing after " +
              std::to_string(http_.policy().max_attempts) + " attempts (" + code_and_status + ")";
  } else {
    message = where + ": " + code_and_status;
    if (!service_message.empty()) message += ": " + service_message;
  }
  throw HttpStatusError(error_code, message, response.status, std::move(service));
}

void AzureBlobClient::GetBlobTo(const std::string& container, const std::string& blob,
                                const BodyWriter& writer) {
  Operation operation{.name = "GetBlob", .method = "GET", .container = container, .blob = blob};
  Md5Stream md5;
  operation.response_writer = [&](std::string_view chunk) {
    md5.Update(chunk);
    writer(chunk);
  };
  const HttpResponse response = Execute(operation);
  // The service sends the blob's stored MD5 with a whole-blob GET when it has one (Put Blob
  // always records it; block blobs when the committer set it).
  const std::optional<std::string> expected = response.Header("Content-MD5");
  if (expected && !expected->empty() && crypto::Base64Encode(md5.Final()) != *expected) {
    throw Error(ErrorCode::kIo, "Azure GetBlob " + BlobName(container, blob) +
                                    ": the content does not match the blob's Content-MD5 (" +
                                    *expected + "); it was corrupted in transit");
  }
}

std::string AzureBlobClient::GetBlob(const std::string& container, const std::string& blob) {
  std::string data;
  GetBlobTo(container, blob, [&](std::string_view chunk) { data.append(chunk); });
  return data;
}

AzureBlobInfo AzureBlobClient::GetBlobProperties(const std::string& container,
                                                 const std::string& blob) {
  HttpResponse response = Execute(
      {.name = "GetBlobProperties", .method = "HEAD", .container = container, .blob = blob});
  AzureBlobInfo info;
  info.name = blob;
  info.size = ParseSize(response.Header("Content-Length").value_or("0"), "Content-Length");
  info.etag = response.Header("ETag").value_or("");
  info.last_modified = IsoFromHttpDate(response.Header("Last-Modified").value_or(""));
  return info;
}

std::string AzureBlobClient::PutBlob(const std::string& container, const std::string& blob,
                                     std::string_view data, bool if_absent) {
  Operation operation{.name = "PutBlob", .method = "PUT", .container = container, .blob = blob};
  operation.headers.push_back({"x-ms-blob-type", "BlockBlob"});
  // The service recomputes it and refuses a body changed in transit (400 Md5Mismatch).
  operation.headers.push_back({"Content-MD5", crypto::Base64Encode(Md5(data))});
  if (if_absent) operation.headers.push_back({"If-None-Match", "*"});
  operation.body = std::string(data);
  return Execute(operation).Header("ETag").value_or("");
}

std::string AzureBlobClient::UploadBlob(const std::string& container, const std::string& blob,
                                        const BodyReader& reader, uint64_t size) {
  if (size >= config_.single_put_threshold && size > 0)
    return UploadBlocks(container, blob, reader, size);
  std::string data;
  ReadExactly(reader, 0, data, size, BlobName(container, blob));
  return PutBlob(container, blob, data);
}

std::string AzureBlobClient::UploadBlocks(const std::string& container, const std::string& blob,
                                          const BodyReader& reader, uint64_t size) {
  if (size == 0) return PutBlob(container, blob, "");
  // A block blob holds at most 50,000 blocks; grow the block size for huge uploads.
  constexpr uint64_t kMaxBlocks = 50'000;
  uint64_t block_size = std::max(config_.block_size, (size + kMaxBlocks - 1) / kMaxBlocks);
  size_t block_count = static_cast<size_t>((size + block_size - 1) / block_size);
  const std::string object = BlobName(container, blob);
  // Uncommitted blocks need no cleanup: the service drops them after a week.
  ForEachInParallel(block_count, config_.parallelism, [&](size_t index) {
    uint64_t offset = index * block_size;
    Operation block{.name = "PutBlock", .method = "PUT", .container = container, .blob = blob};
    block.query = "comp=block&blockid=" + UriEncode(AzureBlockId(index), /*keep_slash=*/false);
    ReadExactly(reader, offset, block.body, std::min(block_size, size - offset), object);
    block.headers.push_back({"Content-MD5", crypto::Base64Encode(Md5(block.body))});
    Execute(block);
  });
  Operation commit{.name = "PutBlockList", .method = "PUT", .container = container, .blob = blob};
  commit.query = "comp=blocklist";
  commit.headers.push_back({"Content-Type", "application/xml"});
  commit.body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
  for (size_t i = 0; i < block_count; ++i)
    commit.body += "<Latest>" + AzureBlockId(i) + "</Latest>";
  commit.body += "</BlockList>";
  return Execute(commit).Header("ETag").value_or("");
}

AzureListPage AzureBlobClient::ListBlobsPage(const std::string& container,
                                             const std::string& prefix, const std::string& marker,
                                             int max_results) {
  Operation operation{.name = "ListBlobs", .method = "GET", .container = container};
  operation.query = "comp=list";
  if (!marker.empty()) operation.query += "&marker=" + UriEncode(marker, false);
  operation.query += "&maxresults=" + std::to_string(max_results);
  if (!prefix.empty()) operation.query += "&prefix=" + UriEncode(prefix, false);
  operation.query += "&restype=container";
  HttpResponse response = Execute(operation);

  return ParseAzureListPage(response.body, container + "/" + prefix);
}

std::vector<AzureBlobInfo> AzureBlobClient::ListBlobs(const std::string& container,
                                                      const std::string& prefix) {
  std::vector<AzureBlobInfo> all;
  std::string marker;
  do {
    AzureListPage page = ListBlobsPage(container, prefix, marker);
    for (AzureBlobInfo& info : page.blobs) all.push_back(std::move(info));
    if (!page.next_marker.empty() && page.next_marker == marker)
      throw Error(ErrorCode::kIo, "Azure ListBlobs " + BlobName(container, prefix) +
                                      ": the service returned the same marker twice");
    marker = std::move(page.next_marker);
  } while (!marker.empty());
  return all;
}

void AzureBlobClient::DeleteBlob(const std::string& container, const std::string& blob) {
  Execute({.name = "DeleteBlob", .method = "DELETE", .container = container, .blob = blob});
}

void AzureBlobClient::CreateContainer(const std::string& container) {
  Execute({.name = "CreateContainer",
           .method = "PUT",
           .container = container,
           .query = "restype=container"});
}

void AzureBlobClient::DeleteContainer(const std::string& container) {
  Execute({.name = "DeleteContainer",
           .method = "DELETE",
           .container = container,
           .query = "restype=container"});
}

}  // namespace ff::cloud
