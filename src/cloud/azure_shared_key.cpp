#include "cloud/azure_shared_key.hpp"

#include <openssl/crypto.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <vector>

#include "cloud/digests.hpp"
#include "cloud/url.hpp"
#include "crypto/base64.hpp"
#include "flowfile/errors.hpp"

namespace ff::cloud {
namespace {

// The path as a URL carries it: bytes that may not appear raw are escaped, escapes stay.
std::string WirePath(std::string_view path) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  static constexpr std::string_view kUnsafe = " \"<>\\^`{|}";
  std::string out;
  for (unsigned char c : path) {
    if (c < 0x21 || c >= 0x7f || kUnsafe.find(static_cast<char>(c)) != std::string_view::npos) {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string HeaderValue(const HttpHeaders& headers, std::string_view name) {
  return FindHeader(headers, name).value_or("");
}

// Splits an https URL without ParseUrl's validation: these URLs may hold raw spaces.
void SplitPathAndQuery(std::string_view url, std::string& path, std::string& query) {
  size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  size_t slash = rest.find_first_of("/?");
  std::string_view tail = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  size_t question = tail.find('?');
  path = std::string(tail.substr(0, question));
  query =
      question == std::string_view::npos ? std::string() : std::string(tail.substr(question + 1));
  if (path.empty()) path = "/";
}

}  // namespace

std::string AzureCanonicalizedHeaders(const HttpHeaders& headers) {
  const auto sorted =
      CanonicalHeaderMap(headers, [](std::string_view name) { return name.starts_with("x-ms-"); });
  std::string out;
  for (const auto& [name, value] : sorted) {
    if (!out.empty()) out += '\n';
    out += name + ":" + value;
  }
  return out;
}

std::string AzureCanonicalizedResource(std::string_view account, std::string_view url,
                                       AzureService service) {
  std::string path;
  std::string query;
  SplitPathAndQuery(url, path, query);
  std::string out = "/" + std::string(account) + WirePath(path);
  std::map<std::string, std::vector<std::string>> params;
  for (const auto& [name, value] : SplitQuery(query))
    params[LowerAscii(PercentDecode(name))].push_back(PercentDecode(value));
  if (service == AzureService::kTable) {
    auto comp = params.find("comp");
    if (comp != params.end()) out += "?comp=" + comp->second.front();
    return out;
  }
  for (auto& [name, values] : params) {
    std::sort(values.begin(), values.end());
    out += "\n" + name + ":";
    for (size_t i = 0; i < values.size(); ++i) out += (i == 0 ? "" : ",") + values[i];
  }
  return out;
}

std::string AzureStringToSign(std::string_view method, const HttpHeaders& headers,
                              std::string_view canonicalized_resource, AzureService service,
                              AzureKeyScheme scheme) {
  std::string canonical_headers = AzureCanonicalizedHeaders(headers);
  std::string headers_block = canonical_headers.empty() ? "" : canonical_headers + "\n";
  std::string resource(canonicalized_resource);
  if (service == AzureService::kTable) {
    // Table signs x-ms-date when present, else Date; no canonicalized headers.
    std::string date = HeaderValue(headers, "x-ms-date");
    if (date.empty()) date = HeaderValue(headers, "Date");
    if (scheme == AzureKeyScheme::kSharedKeyLite) return date + "\n" + resource;
    return std::string(method) + "\n" + HeaderValue(headers, "Content-MD5") + "\n" +
           HeaderValue(headers, "Content-Type") + "\n" + date + "\n" + resource;
  }
  if (scheme == AzureKeyScheme::kSharedKeyLite)
    return std::string(method) + "\n" + HeaderValue(headers, "Content-MD5") + "\n" +
           HeaderValue(headers, "Content-Type") + "\n" + HeaderValue(headers, "Date") + "\n" +
           headers_block + resource;
  std::string content_length = HeaderValue(headers, "Content-Length");
  if (content_length == "0") content_length.clear();
  std::string out = std::string(method) + "\n";
  for (std::string_view name : {"Content-Encoding", "Content-Language"})
    out += HeaderValue(headers, name) + "\n";
  out += content_length + "\n";
  for (std::string_view name : {"Content-MD5", "Content-Type", "Date", "If-Modified-Since",
                                "If-Match", "If-None-Match", "If-Unmodified-Since", "Range"})
    out += HeaderValue(headers, name) + "\n";
  return out + headers_block + resource;
}

std::string AzureSignature(const Secret& account_key, std::string_view string_to_sign) {
  std::optional<std::string> key = crypto::Base64Decode(account_key.Reveal());
  if (!key)
    throw Error(ErrorCode::kInvalidArgument,
                "the Azure storage account key is not valid base64 (expected the key as the "
                "portal shows it)");
  std::string signature = crypto::Base64Encode(HmacSha256(*key, string_to_sign));
  OPENSSL_cleanse(key->data(), key->size());
  return signature;
}

std::string AzureAuthorization(std::string_view account, const Secret& account_key,
                               std::string_view method, std::string_view url,
                               const HttpHeaders& headers, AzureService service,
                               AzureKeyScheme scheme) {
  std::string resource = AzureCanonicalizedResource(account, url, service);
  std::string to_sign = AzureStringToSign(method, headers, resource, service, scheme);
  return std::string(scheme == AzureKeyScheme::kSharedKey ? "SharedKey " : "SharedKeyLite ") +
         std::string(account) + ":" + AzureSignature(account_key, to_sign);
}

std::string HttpDate(std::chrono::system_clock::time_point when) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return buffer;
}

}  // namespace ff::cloud
