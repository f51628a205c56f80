// OAuth2 access tokens for Google Cloud Storage from a service-account key: a JWT signed with
// the key's RSA private key (RS256) is exchanged at the key's token_uri (the JWT bearer grant,
// RFC 7523) for an access token with scope devstorage.read_write.
//
// Contract:
//  - ParseGcsServiceAccountKey reads the JSON key file's client_email, private_key (PEM),
//    private_key_id and token_uri (default https://oauth2.googleapis.com/token). Errors name
//    the missing field, never the key text.
//  - GcsTokenSource::Token() returns a cached token until 60 s before it expires, then fetches
//    a new one (one fetch at a time; callers on other threads wait for it).
//  - Failures are ff::Error: kPermissionDenied when the token endpoint refused the assertion
//    (naming the connection and client_email), kCrypto when the private key is not a usable
//    RSA PEM key, kIo when the endpoint is unreachable or answers something that is not a
//    token. No message holds the private key, the signed assertion or a token.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "cloud/http_client.hpp"
#include "cloud/token_cache.hpp"
#include "flowfile/secret.hpp"

namespace ff::cloud {

inline constexpr std::string_view kDefaultGcsTokenUri = "https://oauth2.googleapis.com/token";
inline constexpr std::string_view kGcsReadWriteScope =
    "https://www.googleapis.com/auth/devstorage.read_write";

struct GcsServiceAccount {
  std::string connection_name;  //!< for messages
  std::string client_email;
  std::string private_key_id;
  Secret private_key;  //!< a PEM block of type PRIVATE KEY (PKCS#8, RSA)
  std::string token_uri = std::string(kDefaultGcsTokenUri);
  std::string scope = std::string(kGcsReadWriteScope);
};

//! Parse a service-account JSON key. `connection_name` only labels errors.
GcsServiceAccount ParseGcsServiceAccountKey(const Secret& key_json,
                                            const std::string& connection_name);

//! base64url (RFC 4648 §5) without '=' padding, as JWTs use it.
std::string Base64UrlNoPad(std::string_view bytes);

//! The signed JWT assertion "header.claims.signature" for `account` issued at `issued_at`
//! (Unix seconds), valid for an hour.
Secret MakeGcsJwtAssertion(const GcsServiceAccount& account, long long issued_at);

//! The token request (POST to token_uri, form-encoded) carrying `assertion`.
HttpRequest GcsTokenRequest(const GcsServiceAccount& account, const Secret& assertion);

using GcsAccessToken = AccessToken;

class GcsTokenSource {
 public:
  GcsTokenSource(GcsServiceAccount account, std::shared_ptr<HttpTransport> transport,
                 RetryPolicy retry = {});

  //! A valid access token (plaintext, for the Authorization header only).
  std::string Token();
  //! "service account 'x@y' (connection 'c')", for messages.
  std::string Describe() const;

 private:
  GcsAccessToken Fetch();

  GcsServiceAccount account_;
  HttpClient http_;
  TokenCache cache_{std::chrono::seconds(60)};  // refreshed a minute before expiry
};

}  // namespace ff::cloud
