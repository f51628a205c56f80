// Azure Storage Shared Key signing (Blob, ADLS Gen2 through its Blob-compatible rules, Queue,
// File; and the Table service's own format), per "Authorize with Shared Key" for service
// versions 2009-09-19 and later.
//
// Contract:
//  - Header names are matched case-insensitively; CanonicalizedHeaders takes the x-ms-*
//    headers, lower-cased, sorted, values with runs of whitespace collapsed and trimmed.
//  - CanonicalizedResource is "/" + account + the URL path exactly as sent on the wire
//    (characters not valid in a URL path, e.g. a space, are percent-encoded; existing escapes
//    are kept), then for Blob-style services each query parameter as "\nname:value"
//    (name lower-cased, value decoded, sorted by name, repeated values sorted and joined with
//    ','); the Table service keeps only "?comp=value".
//  - Content-Length "0" signs as an empty line (versions 2015-02-21 and later).
//  - The account key is an ff::Secret holding the base64 key from the portal.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "cloud/http_types.hpp"
#include "flowfile/secret.hpp"

namespace ff::cloud {

enum class AzureService { kBlob, kTable };  //!< kBlob also covers Queue, File and ADLS (dfs)
enum class AzureKeyScheme { kSharedKey, kSharedKeyLite };

std::string AzureCanonicalizedHeaders(const HttpHeaders& headers);
std::string AzureCanonicalizedResource(std::string_view account, std::string_view url,
                                       AzureService service = AzureService::kBlob);
std::string AzureStringToSign(std::string_view method, const HttpHeaders& headers,
                              std::string_view canonicalized_resource,
                              AzureService service = AzureService::kBlob,
                              AzureKeyScheme scheme = AzureKeyScheme::kSharedKey);
//! base64(HMAC-SHA256(base64decode(account_key), string_to_sign)).
//! Throws kInvalidArgument when the key is not base64 (without quoting it).
std::string AzureSignature(const Secret& account_key, std::string_view string_to_sign);

//! The Authorization header value "SharedKey account:signature" for a request to `url`.
std::string AzureAuthorization(std::string_view account, const Secret& account_key,
                               std::string_view method, std::string_view url,
                               const HttpHeaders& headers,
                               AzureService service = AzureService::kBlob,
                               AzureKeyScheme scheme = AzureKeyScheme::kSharedKey);

//! RFC 1123 date for x-ms-date: "Sun, 11 Oct 2009 21:49:13 GMT".
std::string HttpDate(std::chrono::system_clock::time_point when);

}  // namespace ff::cloud
