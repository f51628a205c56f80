// Which cloud connection a URL belongs to when the caller names none: the stored connections'
// `scopes` (URL prefixes such as "s3://lake/raw").
//
// Contract:
//  - A scope matches on parsed boundaries: the same provider (s3 = s3a, az = abfss, gs = gcs),
//    the whole bucket, then whole path segments (s3://trusted never matches
//    s3://trusted-evil/...).
//  - ConnectionForUrl picks the connection with the longest matching scope (the last one on a
//    tie) from the default workspace; none matching is kNotFound listing the connections.
#pragma once

#include <string>

#include "cloud/cloud_url.hpp"

namespace ff::cloud {

//! True when `scope` covers `path`.
bool ScopeMatches(const std::string& scope, const CloudUrl& path);

//! The connection for `url`; `explanation` (optional) gets "scope 'x' of connection 'y'".
std::string ConnectionForUrl(const std::string& url, std::string* explanation = nullptr);

}  // namespace ff::cloud
