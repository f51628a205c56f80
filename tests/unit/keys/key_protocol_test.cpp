// The master key's protocol with several workspaces on one home (each stands for a
// process): writers follow the store's current key, recovery never removes a key a
// running rotation owns, a missing key is never replaced silently, and one bad value
// does not block the store. The multi-process and SIGKILL cases are in
// tests/python/test_key_concurrency.py.
#include <gtest/gtest.h>

#include <filesystem>

#include "../crypto/scoped_env.hpp"
#include "crypto/fernet.hpp"
#include "crypto/master_key.hpp"
#include "expect_error.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/keys.hpp"
#include "flowfile/secrets.hpp"
#include "flowfile/workspace.hpp"
#include "keys/rotation_lock.hpp"
#include "store/store.hpp"
#include "temp_home.hpp"
#include "util/secret_caches.hpp"

namespace ff {
namespace {

namespace fs = std::filesystem;

std::string Value(Workspace& ws, const std::string& name) {
  return std::string(ws.secrets().Get(name).Reveal());
}

using test_support::MessageOf;

class KeyProtocol : public ::testing::Test {
 protected:
  test_support::TempHome home_;
};

TEST_F(KeyProtocol, AProcessOpenedBeforeARotationWritesUnderTheNewKey) {
  auto writer = home_.Open();
  writer->secrets().Set("a", Secret("value-a"));
  auto rotator = home_.Open();
  RotationResult rotated = rotator->keys().Rotate();
  EXPECT_EQ(rotated.reencrypted, 1u);
  writer->secrets().Set("b", Secret("value-b"));  // opened before the rotation

  auto fresh = home_.Open();
  EXPECT_EQ(Value(*fresh, "a"), "value-a");
  EXPECT_EQ(Value(*fresh, "b"), "value-b");
  KeyStatus status = fresh->keys().Status();
  EXPECT_EQ(status.current_fingerprint, rotated.new_fingerprint);
  ASSERT_EQ(status.keys_in_use.size(), 1u);
  EXPECT_EQ(status.keys_in_use[0].fingerprint, rotated.new_fingerprint);
  EXPECT_EQ(status.keys_in_use[0].values, 2);
  EXPECT_FALSE(fs::exists(home_.dir() / ".secret_key.next"));
  // And the old process reads what the rotation re-sealed.
  EXPECT_EQ(Value(*writer, "a"), "value-a");
}

TEST_F(KeyProtocol, ARotationEmptiesTheSecretCaches) {
  // Access tokens and key material cached by cloud token sources register as secret caches.
  int clears = 0;
  const uint64_t id = RegisterSecretCache([&clears] { ++clears; });
  auto ws = home_.Open();
  ws->secrets().Set("a", Secret("value-a"));
  ws->keys().Rotate();
  UnregisterSecretCache(id);
  EXPECT_GE(clears, 1);
  EXPECT_EQ(Value(*ws, "a"), "value-a");
}

TEST_F(KeyProtocol, OpeningTheStoreNeverRemovesAKeyARunningRotationOwns) {
  auto ws = home_.Open();
  ws->secrets().Set("a", Secret("value-a"));
  // A rotation that has staged its key and is still running (it holds the lock).
  crypto::MasterKeyProvider rotator({.config_dir = home_.dir(), .use_keyring = false});
  keys::RotationLock running(home_.dir());
  ASSERT_TRUE(running.TryAcquire());
  std::string staged = rotator.StageNextKey().fingerprint;
  { auto reader = home_.Open(); }
  EXPECT_TRUE(fs::exists(home_.dir() / ".secret_key.next"));
  EXPECT_NE(crypto::MasterKeyProvider({.config_dir = home_.dir(), .use_keyring = false})
                .FindByFingerprint(staged),
            nullptr);
}

TEST_F(KeyProtocol, AStagedKeyNothingUsesIsRemovedOnceItsRotationIsGone) {
  auto ws = home_.Open();
  ws->secrets().Set("a", Secret("value-a"));
  {
    crypto::MasterKeyProvider dead({.config_dir = home_.dir(), .use_keyring = false});
    dead.StageNextKey();
  }  // the rotation died before it published the key
  auto next = home_.Open();
  EXPECT_FALSE(fs::exists(home_.dir() / ".secret_key.next"));
  EXPECT_EQ(Value(*next, "a"), "value-a");
}

TEST_F(KeyProtocol, AMissingKeyIsNeverSilentlyReplaced) {
  std::string needed;
  {
    auto ws = home_.Open();
    ws->secrets().Set("a", Secret("value-a"));
    needed = ws->keys().Info().fingerprint;
  }
  fs::remove(home_.dir() / ".secret_key");
  auto ws = home_.Open();
  EXPECT_FALSE(fs::exists(home_.dir() / ".secret_key"));  // no new key was made
  std::string read = MessageOf([&] { ws->secrets().Get("a"); }, ErrorCode::kCrypto);
  EXPECT_NE(read.find(needed), std::string::npos) << read;
  EXPECT_NE(read.find(".secret_key"), std::string::npos) << read;
  EXPECT_NE(read.find("FLOWFILE_MASTER_KEY"), std::string::npos) << read;
  std::string write = MessageOf([&] { ws->secrets().Set("b", Secret("v")); }, ErrorCode::kCrypto);
  EXPECT_NE(write.find(needed), std::string::npos) << write;
  EXPECT_FALSE(ws->secrets().Exists("b"));

  KeyStatus status = ws->keys().Status();
  ASSERT_EQ(status.keys_in_use.size(), 1u);
  EXPECT_FALSE(status.keys_in_use[0].available);
  std::string init = MessageOf([&] { ws->keys().Init(false); }, ErrorCode::kInvalidArgument);
  EXPECT_NE(init.find("secret 'a'"), std::string::npos) << init;
  std::string rotate = MessageOf([&] { ws->keys().Rotate(); }, ErrorCode::kCrypto);
  EXPECT_NE(rotate.find("secret 'a'"), std::string::npos) << rotate;

  KeyInitResult fresh = ws->keys().Init(true);
  EXPECT_EQ(fresh.unreadable, 1);
  ASSERT_EQ(fresh.unreadable_names.size(), 1u);
  EXPECT_EQ(fresh.unreadable_names[0], "secret 'a'");
  ws->secrets().Set("b", Secret("value-b"));
  EXPECT_EQ(Value(*home_.Open(), "b"), "value-b");
}

TEST_F(KeyProtocol, AnotherEnvironmentKeyCannotReadOrWrite) {
  std::string needed;
  {
    auto ws = home_.Open();
    ws->secrets().Set("a", Secret("value-a"));
    needed = ws->keys().Info().fingerprint;
  }
  fs::remove(home_.dir() / ".secret_key");
  test_support::ScopedEnv env("FLOWFILE_MASTER_KEY", crypto::GenerateFernetKey());
  auto ws = home_.Open();
  std::string write = MessageOf([&] { ws->secrets().Set("b", Secret("v")); }, ErrorCode::kCrypto);
  EXPECT_NE(write.find(needed), std::string::npos) << write;
  EXPECT_NE(MessageOf([&] { ws->secrets().Get("a"); }, ErrorCode::kCrypto).find(needed),
            std::string::npos);
}

TEST_F(KeyProtocol, OneDamagedValueStopsARotationUnlessSkipped) {
  auto ws = home_.Open();
  for (int i = 0; i < 5; ++i) ws->secrets().Set("s" + std::to_string(i), Secret("v"));
  ws->secrets().Set("bad", Secret("v"));
  ws->store().Execute(
      "UPDATE secrets SET encrypted_value = substr(encrypted_value, 1, 40) || 'AAAA' || "
      "substr(encrypted_value, 45) WHERE name = 'bad'");
  std::string before = ws->keys().Status().current_fingerprint;
  std::string message = MessageOf([&] { ws->keys().Rotate(); }, ErrorCode::kCrypto);
  EXPECT_NE(message.find("secret 'bad'"), std::string::npos) << message;
  EXPECT_NE(message.find("--skip-unreadable"), std::string::npos) << message;
  EXPECT_EQ(ws->keys().Status().current_fingerprint, before);  // nothing changed
  EXPECT_FALSE(fs::exists(home_.dir() / ".secret_key.next"));

  RotationResult result = ws->keys().Rotate({.skip_unreadable = true});
  EXPECT_EQ(result.reencrypted, 5u);
  ASSERT_EQ(result.skipped.size(), 1u);
  EXPECT_EQ(result.skipped[0], "secret 'bad'");
  auto fresh = home_.Open();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Value(*fresh, "s" + std::to_string(i)), "v");
}

TEST_F(KeyProtocol, ALegacyStoreAdoptsTheKeyItsValuesUse) {
  auto ws = home_.Open();
  ws->secrets().Set("a", Secret("value-a"));
  std::string fingerprint = ws->keys().Info().fingerprint;
  ws->store().Execute("UPDATE key_state SET current_fingerprint = NULL");
  auto again = home_.Open();
  again->secrets().Set("b", Secret("value-b"));
  EXPECT_EQ(again->keys().Status().current_fingerprint, fingerprint);
  EXPECT_EQ(again->keys().Rotate().reencrypted, 2u);
}

}  // namespace
}  // namespace ff
