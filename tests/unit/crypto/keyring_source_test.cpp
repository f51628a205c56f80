// The OS keyring (Secret Service) as the master-key source.
//
// KeyringSource.* need a session bus with an unlocked Secret Service and skip without
// DBUS_SESSION_BUS_ADDRESS: tests/keyring/run_keyring_test.sh runs them inside a private
// dbus-run-session with gnome-keyring. When FLOWFILE_KEYRING_TEST_HOME is set, the first
// test uses that folder and leaves its keyring item, so the script can check it with
// `secret-tool search`.
//
// KeyringLocked.* run only when the script has locked the keyring after storing a key for
// FLOWFILE_TEST_KEYRING_LOCKED_HOME: a locked item is reported, never unlocked by a prompt.
//
// KeyringFallback.* check that a missing bus or service is skipped quickly; they run in the
// normal unit run.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "crypto/fernet.hpp"
#include "crypto/keyring.hpp"
#include "crypto/master_key.hpp"
#include "flowfile/errors.hpp"
#include "scoped_env.hpp"
#include "temp_home.hpp"

namespace ff::crypto {
namespace {

using test_support::ScopedEnv;
namespace fs = std::filesystem;

KeyProviderOptions KeyringOptions(const fs::path& dir) {
  return {.config_dir = dir,
          .docker_secret = dir.parent_path() / "no-docker-secret",
          .use_keyring = true};
}

class KeyringSource : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
    if (bus == nullptr || *bus == '\0')
      GTEST_SKIP() << "no session bus; run tests/keyring/run_keyring_test.sh";
    // A daemon started just before us may still be claiming its bus name.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (Keyring::Probe() != Keyring::Status::kReady &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_EQ(Keyring::Probe(), Keyring::Status::kReady)
        << "a session bus is set but no unlocked Secret Service answers";
  }
  void TearDown() override {
    for (const auto& home : cleanup_) {
      Keyring::Clear(home, "active");
      Keyring::Clear(home, "next");
    }
  }
  // A fresh home whose keyring items are removed after the test.
  fs::path FreshHome() {
    fs::path dir = temp_.dir() / std::to_string(cleanup_.size());
    cleanup_.push_back(dir.string());
    return dir;
  }

  ScopedEnv keyring_on_{"FLOWFILE_KEYRING", "1"};
  ScopedEnv no_key_{"FLOWFILE_MASTER_KEY", std::nullopt};
  test_support::TempHome temp_;  // (its constructor sets FLOWFILE_KEYRING=0: undone below)
  ScopedEnv keyring_on_again_{"FLOWFILE_KEYRING", "1"};
  std::vector<std::string> cleanup_;
};

TEST_F(KeyringSource, NewKeyGoesToTheKeyringNotAFile) {
  fs::path home;
  if (const char* kept = std::getenv("FLOWFILE_KEYRING_TEST_HOME"))
    home = kept;  // the script inspects the item afterwards
  else
    home = FreshHome();
  MasterKeyProvider first(KeyringOptions(home));
  EXPECT_EQ(first.Active().source, KeySourceKind::kKeyring);
  EXPECT_EQ(first.Active().location, Keyring::Label(home.string(), "active"));
  EXPECT_FALSE(fs::exists(home / ".secret_key"));
  auto stored = Keyring::Lookup(home.string(), "active");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->Reveal(), first.Active().key.Reveal());
  MasterKeyProvider second(KeyringOptions(home));
  EXPECT_EQ(second.Active().fingerprint, first.Active().fingerprint);
  // Homes do not share keys.
  MasterKeyProvider other(KeyringOptions(FreshHome()));
  EXPECT_NE(other.Active().fingerprint, first.Active().fingerprint);
}

TEST_F(KeyringSource, StagePromoteDiscardInTheKeyring) {
  fs::path home = FreshHome();
  MasterKeyProvider p(KeyringOptions(home));
  std::string old_fp = p.Active().fingerprint;
  std::string new_fp = p.StageNextKey().fingerprint;
  EXPECT_EQ(p.StagedKey()->source, KeySourceKind::kKeyring);
  auto next = Keyring::Lookup(home.string(), "next");
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(KeyFingerprint(next->Reveal()), new_fp);
  {  // A process started now finds the staged key, and does not promote it by itself.
    MasterKeyProvider after_crash(KeyringOptions(home));
    EXPECT_EQ(after_crash.Active().fingerprint, old_fp);
    ASSERT_NE(after_crash.FindByFingerprint(new_fp), nullptr);
    EXPECT_TRUE(after_crash.HasStagedKey());
  }
  p.PromoteNextKey();
  p.PromoteNextKey();  // idempotent
  EXPECT_EQ(p.Active().fingerprint, new_fp);
  EXPECT_FALSE(Keyring::Lookup(home.string(), "next").has_value());
  EXPECT_EQ(KeyFingerprint(Keyring::Lookup(home.string(), "active")->Reveal()), new_fp);
  EXPECT_EQ(MasterKeyProvider(KeyringOptions(home)).Active().fingerprint, new_fp);

  p.StageNextKey();
  p.DiscardNextKey();
  EXPECT_FALSE(Keyring::Lookup(home.string(), "next").has_value());
  MasterKeyProvider reopened(KeyringOptions(home));
  EXPECT_FALSE(reopened.HasStagedKey());
  EXPECT_EQ(reopened.Active().fingerprint, new_fp);
  EXPECT_FALSE(fs::exists(home / ".secret_key"));
  EXPECT_FALSE(fs::exists(home / ".secret_key.next"));
}

TEST_F(KeyringSource, OptionOrEnvironmentTurnsItOff) {
  fs::path home = FreshHome();
  {
    auto options = KeyringOptions(home);
    options.use_keyring = false;
    EXPECT_EQ(MasterKeyProvider(options).Active().source, KeySourceKind::kFile);
  }
  fs::path other = FreshHome();
  ScopedEnv off("FLOWFILE_KEYRING", "0");
  EXPECT_EQ(MasterKeyProvider(KeyringOptions(other)).Active().source, KeySourceKind::kFile);
  EXPECT_FALSE(Keyring::Lookup(home.string(), "active").has_value());
  EXPECT_FALSE(Keyring::Lookup(other.string(), "active").has_value());
}

TEST_F(KeyringSource, AnExistingKeyFileIsNotShadowedByANewKeyringKey) {
  fs::path home = FreshHome();
  auto file_options = KeyringOptions(home);
  file_options.use_keyring = false;
  std::string file_fp = MasterKeyProvider(file_options).Active().fingerprint;
  MasterKeyProvider p(KeyringOptions(home));  // keyring on, but it has no key for this home
  EXPECT_EQ(p.Active().source, KeySourceKind::kFile);
  EXPECT_EQ(p.Active().fingerprint, file_fp);
  EXPECT_FALSE(Keyring::Lookup(home.string(), "active").has_value());
}

TEST_F(KeyringSource, AKeyFileMadeWithoutTheKeyringStaysKnown) {
  fs::path home = FreshHome();
  std::string keyring_fp = MasterKeyProvider(KeyringOptions(home)).Active().fingerprint;
  auto file_options = KeyringOptions(home);
  file_options.use_keyring = false;  // e.g. an SSH session without the desktop's bus
  std::string file_fp = MasterKeyProvider(file_options).Active().fingerprint;
  ASSERT_NE(file_fp, keyring_fp);
  MasterKeyProvider p(KeyringOptions(home));
  EXPECT_EQ(p.Active().fingerprint, keyring_fp);
  const MasterKey* file_key = p.FindByFingerprint(file_fp);
  ASSERT_NE(file_key, nullptr);
  EXPECT_EQ(file_key->source, KeySourceKind::kFile);
}

// Without a Secret Service the keyring is skipped fast and the file is used. With no bus
// configured, this points the bus address at a socket that does not exist. With a bus,
// it runs only when the caller says no Secret Service runs on it (the keyring script does).
TEST(KeyringFallback, NoSecretServiceMeansTheFileQuickly) {
  const char* bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
  const char* absent = std::getenv("FLOWFILE_TEST_SECRET_SERVICE");
  bool have_bus = bus != nullptr && *bus != '\0';
  if (have_bus && !(absent != nullptr && std::string_view(absent) == "absent"))
    GTEST_SKIP() << "a session bus is configured and may have a Secret Service";
  std::optional<ScopedEnv> fake_bus;
  if (!have_bus) fake_bus.emplace("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/ff-bus");
  ScopedEnv no_key("FLOWFILE_MASTER_KEY", std::nullopt);
  test_support::TempHome home;
  ScopedEnv keyring_on("FLOWFILE_KEYRING", "1");

  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Keyring::Probe(), Keyring::Status::kOff);
  MasterKeyProvider p(KeyringOptions(home.dir()));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(p.Active().source, KeySourceKind::kFile);
  EXPECT_TRUE(fs::exists(home.dir() / ".secret_key"));
  EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST(KeyringLocked, LockedItemIsReportedQuicklyAndNewKeysGoToTheFile) {
  const char* locked_home = std::getenv("FLOWFILE_TEST_KEYRING_LOCKED_HOME");
  if (locked_home == nullptr || *locked_home == '\0')
    GTEST_SKIP() << "run by tests/keyring/run_keyring_test.sh after it locks the keyring";
  ScopedEnv no_key("FLOWFILE_MASTER_KEY", std::nullopt);
  test_support::TempHome fresh;
  ScopedEnv keyring_on("FLOWFILE_KEYRING", "1");
  EXPECT_EQ(Keyring::Probe(), Keyring::Status::kLocked);

  auto start = std::chrono::steady_clock::now();
  try {
    MasterKeyProvider p(KeyringOptions(locked_home));
    ADD_FAILURE() << "a locked keyring item was not reported";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kPermissionDenied);
    EXPECT_NE(std::string(e.what()).find("locked"), std::string::npos) << e.what();
  }
  // No silent second key beside the locked one.
  EXPECT_FALSE(fs::exists(fs::path(locked_home) / ".secret_key"));
  // A home with nothing in the keyring gets a file key: a locked keyring cannot take one.
  MasterKeyProvider p(KeyringOptions(fresh.dir()));
  EXPECT_EQ(p.Active().source, KeySourceKind::kFile);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

}  // namespace
}  // namespace ff::crypto
