// One cached access token (OAuth2 bearer token) for a token source (Azure Entra ID, GCS).
//
// Contract:
//  - Get() returns the cached token until `refresh_margin` before it expires, then calls
//    `fetch` for a new one (one fetch at a time; callers on other threads wait for it).
//  - The token is held as an ff::Secret (wiped when replaced or cleared). Every cache is
//    registered with util/secret_caches, so key rotation and process exit empty it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "flowfile/secret.hpp"

namespace ff::cloud {

struct AccessToken {
  Secret token;
  std::chrono::system_clock::time_point expires_at;
};

class TokenCache {
 public:
  explicit TokenCache(std::chrono::seconds refresh_margin);
  ~TokenCache();
  TokenCache(const TokenCache&) = delete;
  TokenCache& operator=(const TokenCache&) = delete;

  //! A valid token (plaintext, for the Authorization header only).
  std::string Get(const std::function<AccessToken()>& fetch);
  //! Forgets the cached token.
  void Clear();

 private:
  std::chrono::seconds refresh_margin_;
  std::mutex mutex_;
  AccessToken cached_;
  uint64_t registration_ = 0;
};

//! A token response's seconds field ("expires_in": 3599 or "3599"), or nullopt when it is
//! neither a non-negative integer nor a decimal string that fits.
std::optional<long long> TokenSeconds(const nlohmann::json& value);

}  // namespace ff::cloud
