// The XML bodies of listing responses: S3 ListObjectsV2 and Azure List Blobs.
//
// Parsed apart from the clients so that the parsing can be tested and fuzzed on raw bytes.
// A malformed number or a truncated page without its continuation throws ff::Error(kIo)
// naming `where` (the bucket or container and prefix listed).
#pragma once

#include <string>
#include <string_view>

#include "cloud/azure_blob_client.hpp"
#include "cloud/s3_client.hpp"

namespace ff::cloud {

//! One ListObjectsV2 page: <Contents> (Key, Size, ETag, LastModified), <CommonPrefixes>,
//! and <NextContinuationToken> when <IsTruncated> is true.
S3ListPage ParseS3ListPage(std::string_view body, const std::string& where);

//! One List Blobs page: <Blob> (Name, Properties/Content-Length, Etag, Last-Modified) and
//! <NextMarker>.
AzureListPage ParseAzureListPage(std::string_view body, const std::string& where);

//! An HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT", Azure's listings and every Last-Modified
//! header) as ISO-8601 UTC ("1994-11-06T08:49:37.000Z", as S3's listings), so every store's
//! last_modified reads alike; other text is returned as it is.
std::string IsoFromHttpDate(std::string_view text);

}  // namespace ff::cloud
