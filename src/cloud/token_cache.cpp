#include "cloud/token_cache.hpp"

#include <nlohmann/json.hpp>

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

std::optional<long long> TokenSeconds(const nlohmann::json& value) {
  if (value.is_number_integer()) return value.get<long long>();
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    // 18 digits always fit a long long: no overflow from a hostile answer.
    if (!text.empty() && text.size() < 19 &&
        text.find_first_not_of("0123456789") == std::string::npos)
      return std::stoll(text);
  }
  return std::nullopt;
}

}  // namespace ff::cloud
