#include "cloud/sigv4.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

#include "cloud/digests.hpp"
#include "cloud/url.hpp"
#include "flowfile/errors.hpp"

namespace ff::cloud {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// Headers a proxy or the HTTP stack may rewrite: signing them would break the signature.
constexpr std::string_view kUnsignedHeaders[] = {
    "authorization", "user-agent", "x-amzn-trace-id",  "expect",
    "connection",    "keep-alive", "transfer-encoding"};

struct CanonicalHeaders {
  std::string block;         // "name:value\n" per header
  std::string signed_names;  // "a;b;c"
};

CanonicalHeaders BuildCanonicalHeaders(const HttpHeaders& headers) {
  const auto joined = CanonicalHeaderMap(headers, [](std::string_view name) {
    return std::find(std::begin(kUnsignedHeaders), std::end(kUnsignedHeaders), name) ==
           std::end(kUnsignedHeaders);
  });
  CanonicalHeaders out;
  for (const auto& [name, value] : joined) {
    out.block += name + ":" + value + "\n";
    if (!out.signed_names.empty()) out.signed_names += ';';
    out.signed_names += name;
  }
  return out;
}

std::string NormalizePath(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out;
  for (std::string_view segment : segments) {
    out += '/';
    out += segment;
  }
  bool trailing = !path.empty() && path.back() == '/';
  if (out.empty() || trailing) out += '/';
  return out;
}

std::string PayloadHash(const SigV4Request& request, const SigV4Options& options) {
  if (!options.payload_hash.empty()) return options.payload_hash;
  if (auto header = FindHeader(request.headers, "x-amz-content-sha256")) return *header;
  return Sha256Hex(request.body);
}

void CheckInputs(const AwsCredentials& credentials, const SigV4Options& options) {
  if (credentials.access_key_id.empty())
    throw Error(ErrorCode::kInvalidArgument, "SigV4 signing needs an access key id");
  if (options.amz_date.size() != 16 || options.amz_date[8] != 'T' || options.amz_date[15] != 'Z')
    throw Error(ErrorCode::kInvalidArgument,
                "SigV4 date '" + options.amz_date + "' is not in the form YYYYMMDDTHHMMSSZ");
  if (options.region.empty() || options.service.empty())
    throw Error(ErrorCode::kInvalidArgument, "SigV4 signing needs a region and a service");
}

std::string CredentialScope(const SigV4Options& options) {
  return options.amz_date.substr(0, 8) + "/" + options.region + "/" + options.service +
         "/aws4_request";
}

std::string StringToSign(const SigV4Options& options, std::string_view canonical_request) {
  return std::string(kAlgorithm) + "\n" + options.amz_date + "\n" + CredentialScope(options) +
         "\n" + Sha256Hex(canonical_request);
}

std::string CanonicalRequest(const SigV4Request& request, const SigV4Options& options,
                             std::string_view query, const CanonicalHeaders& headers,
                             std::string_view payload_hash) {
  std::string out = request.method + "\n";
  out += CanonicalUri(request.path, options.double_encode_path, options.normalize_path) + "\n";
  out += CanonicalQuery(query) + "\n";
  out += headers.block + "\n";
  out += headers.signed_names + "\n";
  out += payload_hash;
  return out;
}

std::string Signature(const AwsCredentials& credentials, const SigV4Options& options,
                      std::string_view string_to_sign) {
  SigningKey key(credentials.secret_access_key, options.amz_date.substr(0, 8), options.region,
                 options.service);
  return key.SignHex(string_to_sign);
}

}  // namespace

SigV4Options SigV4Options::ForS3(std::string region, std::string amz_date) {
  SigV4Options options;
  options.region = std::move(region);
  options.service = "s3";
  options.amz_date = std::move(amz_date);
  options.double_encode_path = false;
  options.normalize_path = false;
  options.add_content_sha256_header = true;
  return options;
}

std::string CanonicalUri(std::string_view wire_path, bool double_encode, bool normalize) {
  std::string path = wire_path.empty() ? std::string("/") : std::string(wire_path);
  if (normalize) path = NormalizePath(path);
  return double_encode ? UriEncode(path, true) : UriEncode(PercentDecode(path), true);
}

std::string CanonicalQuery(std::string_view wire_query) {
  std::vector<std::pair<std::string, std::string>> params;
  for (auto& [name, value] : SplitQuery(wire_query))
    params.emplace_back(UriEncode(PercentDecode(name), false),
                        UriEncode(PercentDecode(value), false));
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

SigV4Result SignV4Headers(const SigV4Request& request, const AwsCredentials& credentials,
                          const SigV4Options& options) {
  CheckInputs(credentials, options);
  SigV4Result result;
  SigV4Request signed_request = request;
  auto add = [&](std::string name, std::string value) {
    signed_request.headers.push_back({name, value});
    result.added_headers.push_back({std::move(name), std::move(value)});
  };
  if (!HasHeader(request.headers, "x-amz-date")) add("X-Amz-Date", options.amz_date);
  bool has_token = !credentials.session_token.empty();
  if (has_token && options.sign_session_token &&
      !HasHeader(request.headers, "x-amz-security-token"))
    add("X-Amz-Security-Token", std::string(credentials.session_token.Reveal()));
  std::string payload_hash = PayloadHash(request, options);
  if (options.add_content_sha256_header && !HasHeader(request.headers, "x-amz-content-sha256"))
    add("x-amz-content-sha256", payload_hash);

  CanonicalHeaders headers = BuildCanonicalHeaders(signed_request.headers);
  result.canonical_request =
      CanonicalRequest(signed_request, options, request.query, headers, payload_hash);
  result.string_to_sign = StringToSign(options, result.canonical_request);
  result.signature = Signature(credentials, options, result.string_to_sign);
  if (has_token && !options.sign_session_token)
    result.added_headers.push_back(
        {"X-Amz-Security-Token", std::string(credentials.session_token.Reveal())});
  result.added_headers.push_back(
      {"Authorization", std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                            CredentialScope(options) + ", SignedHeaders=" + headers.signed_names +
                            ", Signature=" + result.signature});
  return result;
}

SigV4Result SignV4Query(const SigV4Request& request, const AwsCredentials& credentials,
                        const SigV4Options& options) {
  CheckInputs(credentials, options);
  SigV4Result result;
  CanonicalHeaders headers = BuildCanonicalHeaders(request.headers);
  bool has_token = !credentials.session_token.empty();
  std::string token =
      has_token ? UriEncode(credentials.session_token.Reveal(), false) : std::string();

  std::string auth_query = "X-Amz-Algorithm=" + std::string(kAlgorithm);
  auth_query += "&X-Amz-Credential=" +
                UriEncode(credentials.access_key_id + "/" + CredentialScope(options), false);
  auth_query += "&X-Amz-Date=" + options.amz_date;
  auth_query += "&X-Amz-SignedHeaders=" + UriEncode(headers.signed_names, false);
  auth_query += "&X-Amz-Expires=" + std::to_string(options.expires_seconds);
  if (has_token && options.sign_session_token) auth_query += "&X-Amz-Security-Token=" + token;
  std::string query = request.query.empty() ? auth_query : request.query + "&" + auth_query;

  std::string payload_hash = PayloadHash(request, options);
  result.canonical_request = CanonicalRequest(request, options, query, headers, payload_hash);
  result.string_to_sign = StringToSign(options, result.canonical_request);
  result.signature = Signature(credentials, options, result.string_to_sign);
  if (has_token && !options.sign_session_token) query += "&X-Amz-Security-Token=" + token;
  result.signed_query = query + "&X-Amz-Signature=" + result.signature;
  return result;
}

std::string AmzDate(std::chrono::system_clock::time_point when) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[20];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

SigningKey::SigningKey(const Secret& secret_access_key, std::string_view date,
                       std::string_view region, std::string_view service) {
  std::string seed = "AWS4";
  seed += secret_access_key.Reveal();
  std::string date_key = HmacSha256(seed, date);
  OPENSSL_cleanse(seed.data(), seed.size());
  std::string region_key = HmacSha256(date_key, region);
  std::string service_key = HmacSha256(region_key, service);
  key_ = HmacSha256(service_key, "aws4_request");
  OPENSSL_cleanse(date_key.data(), date_key.size());
  OPENSSL_cleanse(region_key.data(), region_key.size());
  OPENSSL_cleanse(service_key.data(), service_key.size());
}

SigningKey::~SigningKey() { OPENSSL_cleanse(key_.data(), key_.size()); }

std::string SigningKey::SignHex(std::string_view string_to_sign) const {
  return HexEncode(HmacSha256(key_, string_to_sign));
}

std::string SignV4Chunk(const SigningKey& key, std::string_view amz_date,
                        std::string_view credential_scope, std::string_view previous_signature,
                        std::string_view chunk_data) {
  std::string string_to_sign = "AWS4-HMAC-SHA256-PAYLOAD\n";
  string_to_sign += amz_date;
  string_to_sign += "\n";
  string_to_sign += credential_scope;
  string_to_sign += "\n";
  string_to_sign += previous_signature;
  string_to_sign += "\n";
  string_to_sign += kEmptySha256Hex;
  string_to_sign += "\n";
  string_to_sign += Sha256Hex(chunk_data);
  return key.SignHex(string_to_sign);
}

}  // namespace ff::cloud
