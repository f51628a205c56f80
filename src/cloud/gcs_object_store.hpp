// Google Cloud Storage behind the ObjectStore interface ("bucket" = GCS bucket, "key" = object
// name).
//
// Auth methods (the connection's auth_method, as cloud_validation.cpp accepts them):
//  - service_account (default): gcs_service_account_key holds the JSON key file's contents (or
//    the path of the file); OAuth2 JWT-bearer tokens, JSON API.
//  - env_vars: the JSON key file named by GOOGLE_APPLICATION_CREDENTIALS, as service_account.
//  - anonymous: no Authorization header (public buckets, emulators via endpoint_url).
//  - access_key: HMAC keys (aws_access_key_id / aws_secret_access_key) through the S3 client
//    against the XML API (endpoint_url, default https://storage.googleapis.com; path style;
//    region "auto" unless aws_region is set).
#pragma once

#include <memory>

#include "cloud/gcs_client.hpp"
#include "cloud/object_store.hpp"
#include "flowfile/connections.hpp"

namespace ff::cloud {

std::unique_ptr<ObjectStore> OpenGcsObjectStore(const CloudStorageConnectionInfo& info,
                                                CloudSecrets secrets);

//! The JSON-API store over an already configured client (tests inject a transport this way).
std::unique_ptr<ObjectStore> MakeGcsObjectStore(GcsConfig config,
                                                std::shared_ptr<HttpTransport> transport = nullptr);

}  // namespace ff::cloud
