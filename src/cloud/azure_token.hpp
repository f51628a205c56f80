// OAuth2 access tokens for Azure Storage (scope https://storage.azure.com/.default): service
// principal client credentials against a Microsoft Entra authority, and managed identity via
// the instance metadata service (IMDS).
//
// Contract:
//  - Token() returns a cached token until 5 minutes before it expires, then fetches a new one
//    (one fetch at a time; callers on other threads wait for it).
//  - Failures are ff::Error: kPermissionDenied when the endpoint refused the identity (the
//    message names the tenant/client and the OAuth error code, never the secret or a token),
//    kIo when the endpoint is unreachable or answers something that is not a token.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "cloud/http_client.hpp"
#include "cloud/token_cache.hpp"
#include "flowfile/secret.hpp"

namespace ff::cloud {

inline constexpr std::string_view kDefaultAzureAuthority = "https://login.microsoftonline.com";
inline constexpr std::string_view kDefaultAzureImds = "http://169.254.169.254";

struct AzureServicePrincipal {
  std::string authority = std::string(kDefaultAzureAuthority);  //!< scheme://host[:port]
  std::string tenant_id;
  std::string client_id;
  Secret client_secret;
};

struct AzureManagedIdentity {
  std::string imds_endpoint = std::string(kDefaultAzureImds);  //!< scheme://host[:port]
  std::string client_id;  //!< empty: the system-assigned identity
};

//! The HTTP requests the two flows send (exposed for tests).
HttpRequest ClientCredentialsRequest(const AzureServicePrincipal& principal);
HttpRequest ManagedIdentityRequest(const AzureManagedIdentity& identity);

using AzureAccessToken = AccessToken;
//! Parses {"access_token": ..., "expires_in": N | "N"} (expires_on accepted as a fallback).
//! `what` names the flow in errors.
AzureAccessToken ParseAzureTokenResponse(const HttpResponse& response, const std::string& what,
                                         std::chrono::system_clock::time_point now);

class AzureTokenSource {
 public:
  AzureTokenSource(AzureServicePrincipal principal, std::shared_ptr<HttpTransport> transport,
                   RetryPolicy retry = {});
  AzureTokenSource(AzureManagedIdentity identity, std::shared_ptr<HttpTransport> transport,
                   RetryPolicy retry = {});

  //! A valid access token (plaintext, for the Authorization header only).
  std::string Token();

 private:
  AzureAccessToken Fetch();

  bool managed_ = false;
  AzureServicePrincipal principal_;
  AzureManagedIdentity identity_;
  HttpClient http_;
  TokenCache cache_{std::chrono::minutes(5)};  // refreshed 5 minutes before expiry
};

}  // namespace ff::cloud
