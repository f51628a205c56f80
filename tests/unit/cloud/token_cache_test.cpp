// TokenCache (Azure and GCS share it): cached until the refresh margin, emptied by
// ClearSecretCaches (key rotation, process exit).
#include "cloud/token_cache.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "util/secret_caches.hpp"

namespace ff::cloud {
namespace {

AccessToken Token(const std::string& text, std::chrono::seconds lifetime) {
  return {Secret(text), std::chrono::system_clock::now() + lifetime};
}

TEST(TokenCache, ReusesATokenUntilTheMarginThenFetchesAgain) {
  TokenCache cache(std::chrono::seconds(60));
  int fetches = 0;
  auto fetch = [&] { return Token("t" + std::to_string(++fetches), std::chrono::hours(1)); };
  EXPECT_EQ(cache.Get(fetch), "t1");
  EXPECT_EQ(cache.Get(fetch), "t1");
  TokenCache short_lived(std::chrono::seconds(60));
  int short_fetches = 0;
  auto expiring = [&] {
    return Token("s" + std::to_string(++short_fetches), std::chrono::seconds(30));
  };
  EXPECT_EQ(short_lived.Get(expiring), "s1");
  EXPECT_EQ(short_lived.Get(expiring), "s2");  // inside the margin: never reused
}

TEST(TokenCache, ClearSecretCachesEmptiesEveryLiveCache) {
  int fetches = 0;
  auto fetch = [&] { return Token("t" + std::to_string(++fetches), std::chrono::hours(1)); };
  auto first = std::make_unique<TokenCache>(std::chrono::seconds(60));
  TokenCache second(std::chrono::seconds(60));
  EXPECT_EQ(first->Get(fetch), "t1");
  EXPECT_EQ(second.Get(fetch), "t2");
  first.reset();  // a dead cache is no longer called
  ClearSecretCaches();
  EXPECT_EQ(second.Get(fetch), "t3");
}

TEST(SecretCaches, AClearMayDestroyAnotherCache) {
  auto owned = std::make_shared<std::unique_ptr<TokenCache>>(
      std::make_unique<TokenCache>(std::chrono::seconds(60)));
  const uint64_t id = RegisterSecretCache([owned] { owned->reset(); });
  ClearSecretCaches();  // must neither deadlock nor touch the destroyed cache
  EXPECT_EQ(*owned, nullptr);
  UnregisterSecretCache(id);
}

}  // namespace
}  // namespace ff::cloud
