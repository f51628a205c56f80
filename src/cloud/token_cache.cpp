#include "cloud/token_cache.hpp"

#include "util/secret_caches.hpp"

namespace ff::cloud {

TokenCache::TokenCache(std::chrono::seconds refresh_margin)
    : refresh_margin_(refresh_margin), registration_(RegisterSecretCache([this] { Clear(); })) {}

TokenCache::~TokenCache() { UnregisterSecretCache(registration_); }

std::string TokenCache::Get(const std::function<AccessToken()>& fetch) {
  std::lock_guard lock(mutex_);
  if (cached_.token.empty() ||
      std::chrono::system_clock::now() + refresh_margin_ >= cached_.expires_at)
    cached_ = fetch();
  return std::string(cached_.token.Reveal());
}

void TokenCache::Clear() {
  std::lock_guard lock(mutex_);
  cached_ = AccessToken{};
}

}  // namespace ff::cloud
