// Key sources (environment, Docker secret, file) and staged rotation. The keyring source has
// its own tests (keyring_source_test.cpp), run by tests/keyring/run_keyring_test.sh inside
// a private D-Bus session. Every test here turns the keyring off.
#include "crypto/master_key.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <functional>
#include <thread>

#include "crypto/fernet.hpp"
#include "expect_error.hpp"
#include "flowfile/errors.hpp"
#include "scoped_env.hpp"
#include "temp_home.hpp"

namespace ff::crypto {
namespace {

using test_support::ScopedEnv;
namespace fs = std::filesystem;

// The home is not created here: the provider must create it (0700).
KeyProviderOptions Options(const fs::path& dir) {
  return {.config_dir = dir,
          .docker_secret = dir.parent_path() / "docker-secret",
          .use_keyring = false};
}

mode_t ModeOf(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

std::string FileText(const fs::path& path) {
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  return text;
}

using test_support::MessageOf;

// Every test starts without key variables and with the keyring off.
class KeySources : public ::testing::Test {
 protected:
  ScopedEnv no_key_{"FLOWFILE_MASTER_KEY", std::nullopt};
  ScopedEnv no_previous_{"FLOWFILE_MASTER_KEY_PREVIOUS", std::nullopt};
  ScopedEnv no_keyring_{"FLOWFILE_KEYRING", "0"};
  test_support::TempHome home_;
  fs::path dir() const { return home_.dir(); }
};

TEST_F(KeySources, FingerprintIsTruncatedSha256OfTheText) {
  EXPECT_EQ(KeyFingerprint("abc"), "ba7816bf8f01cfea");  // SHA-256("abc") = ba7816bf8f01cfea...
  std::string key = GenerateFernetKey();
  EXPECT_EQ(KeyFingerprint(key).size(), 16u);
  EXPECT_NE(KeyFingerprint(key), KeyFingerprint(GenerateFernetKey()));
}

TEST_F(KeySources, FileKeyIsCreatedOwnerOnlyInAPrivateFolderAndReused) {
  ASSERT_FALSE(fs::exists(dir()));
  MasterKeyProvider first(Options(dir()));
  EXPECT_EQ(first.Active().source, KeySourceKind::kFile);
  EXPECT_EQ(first.Active().location, (dir() / ".secret_key").string());
  EXPECT_EQ(ModeOf(dir()), 0700u);
  EXPECT_EQ(ModeOf(dir() / ".secret_key"), 0600u);
  EXPECT_EQ(FileText(dir() / ".secret_key"), first.Active().key.Reveal());
  EXPECT_TRUE(IsValidFernetKey(first.Active().key.Reveal()));
  EXPECT_EQ(first.Active().fingerprint, KeyFingerprint(first.Active().key.Reveal()));
  EXPECT_EQ(first.KnownKeys().size(), 1u);
  MasterKeyProvider second(Options(dir()));
  EXPECT_EQ(second.Active().fingerprint, first.Active().fingerprint);
}

TEST_F(KeySources, KeyFileOthersCanAccessIsRefused) {
  { MasterKeyProvider create(Options(dir())); }
  fs::path key_file = dir() / ".secret_key";
  for (mode_t mode : {0640, 0604, 0620}) {
    ASSERT_EQ(::chmod(key_file.c_str(), mode), 0);
    std::string message =
        MessageOf([&] { MasterKeyProvider p(Options(dir())); }, ErrorCode::kPermissionDenied);
    EXPECT_NE(message.find("chmod 600 " + key_file.string()), std::string::npos) << message;
  }
  ASSERT_EQ(::chmod(key_file.c_str(), 0600), 0);
  EXPECT_NO_THROW(MasterKeyProvider(Options(dir())));
}

TEST_F(KeySources, SymlinkedKeyFileIsRefused) {
  fs::create_directories(dir());
  std::string key = GenerateFernetKey();
  std::ofstream(dir().parent_path() / "elsewhere") << key;
  ::chmod((dir().parent_path() / "elsewhere").c_str(), 0600);
  fs::create_symlink(dir().parent_path() / "elsewhere", dir() / ".secret_key");
  EXPECT_NE(MessageOf([&] { MasterKeyProvider p(Options(dir())); }, ErrorCode::kPermissionDenied)
                .find("symbolic link"),
            std::string::npos);
}

TEST_F(KeySources, MalformedKeyFileIsNamedNotEchoed) {
  fs::create_directories(dir());
  {
    std::ofstream out(dir() / ".secret_key");
    out << "not-a-key-but-secret\n";
  }
  ::chmod((dir() / ".secret_key").c_str(), 0600);
  std::string message = MessageOf([&] { MasterKeyProvider p(Options(dir())); }, ErrorCode::kCrypto);
  EXPECT_NE(message.find(".secret_key"), std::string::npos);
  EXPECT_EQ(message.find("not-a-key-but-secret"), std::string::npos);
}

TEST_F(KeySources, EnvironmentWinsOverDockerAndFile) {
  { MasterKeyProvider create_file(Options(dir())); }
  auto options = Options(dir());
  std::ofstream(options.docker_secret) << GenerateFernetKey() << "\n";
  std::string key = GenerateFernetKey();
  for (std::string written : {key, "'" + key + "'", "\"" + key + "\"", "  " + key + "\n"}) {
    ScopedEnv env("FLOWFILE_MASTER_KEY", written);
    MasterKeyProvider p(options);
    EXPECT_EQ(p.Active().source, KeySourceKind::kEnvironment);
    EXPECT_EQ(p.Active().location, "FLOWFILE_MASTER_KEY");
    EXPECT_EQ(p.Active().key.Reveal(), key);
  }
}

TEST_F(KeySources, EnvironmentKeyIsNotWrittenAnywhereAndItsNextKeyWaitsInTheHome) {
  std::string env_key = GenerateFernetKey();
  std::string staged_fp;
  {
    ScopedEnv env("FLOWFILE_MASTER_KEY", env_key);
    MasterKeyProvider p(Options(dir()));
    EXPECT_FALSE(fs::exists(dir() / ".secret_key"));
    const MasterKey& staged = p.StageNextKey();
    staged_fp = staged.fingerprint;
    EXPECT_EQ(ModeOf(dir() / ".secret_key.next"), 0600u);
    p.PromoteNextKey();  // Flowfile cannot write the variable: the key waits for the operator
    EXPECT_EQ(p.Active().key.Reveal(), env_key);
    EXPECT_TRUE(fs::exists(dir() / ".secret_key.next"));
    // Another process with the old key still finds the new one.
    EXPECT_NE(MasterKeyProvider(Options(dir())).FindByFingerprint(staged_fp), nullptr);
  }
  // The operator installs it: the first process started with it removes the file.
  std::string installed = FileText(dir() / ".secret_key.next");
  ScopedEnv env("FLOWFILE_MASTER_KEY", installed);
  MasterKeyProvider p(Options(dir()));
  EXPECT_EQ(p.Active().fingerprint, staged_fp);
  EXPECT_FALSE(fs::exists(dir() / ".secret_key.next"));
  EXPECT_FALSE(fs::exists(dir() / ".secret_key"));
}

TEST_F(KeySources, WithoutMayGenerateAMissingKeyIsReportedNotMade) {
  auto options = Options(dir());
  options.may_generate = false;
  MasterKeyProvider p(options);
  EXPECT_FALSE(p.HasActive());
  EXPECT_FALSE(fs::exists(dir() / ".secret_key"));
  std::string message = MessageOf([&] { (void)p.Active(); }, ErrorCode::kCrypto);
  EXPECT_NE(message.find((dir() / ".secret_key").string()), std::string::npos) << message;
  EXPECT_NE(message.find("key status"), std::string::npos) << message;
}

TEST_F(KeySources, ResolveFindsAKeyAnotherProcessStagedOrPromoted) {
  MasterKeyProvider reader(Options(dir()));
  MasterKeyProvider rotator(Options(dir()));
  std::string old_fp = reader.Active().fingerprint;
  std::string staged_fp = rotator.StageNextKey().fingerprint;
  EXPECT_EQ(reader.FindByFingerprint(staged_fp), nullptr);
  ASSERT_NE(reader.Resolve(staged_fp), nullptr);
  rotator.PromoteNextKey();
  std::string second_fp = rotator.StageNextKey().fingerprint;
  rotator.PromoteNextKey();
  ASSERT_NE(reader.Resolve(second_fp), nullptr);
  EXPECT_NE(reader.FindByFingerprint(old_fp), nullptr);  // what it saw stays known
  EXPECT_EQ(reader.Resolve("0000000000000000"), nullptr);
}

TEST_F(KeySources, MalformedEnvironmentKeyIsNamedNotEchoed) {
  std::string almost = GenerateFernetKey().substr(0, 43);  // a real key with one char lost
  for (const std::string& bad : {std::string("wrong-but-secret-looking"), almost}) {
    ScopedEnv env("FLOWFILE_MASTER_KEY", bad);
    std::string message =
        MessageOf([&] { MasterKeyProvider p(Options(dir())); }, ErrorCode::kInvalidArgument);
    EXPECT_NE(message.find("FLOWFILE_MASTER_KEY"), std::string::npos);
    EXPECT_NE(
        message.find("expected a Fernet key: 44 characters of url-safe base64 encoding 32 bytes"),
        std::string::npos)
        << message;
    EXPECT_EQ(message.find(bad), std::string::npos);
    EXPECT_FALSE(fs::exists(dir() / ".secret_key"));  // no silent fallback to the file
  }
}

TEST_F(KeySources, DockerSecretComesBeforeTheFile) {
  { MasterKeyProvider create_file(Options(dir())); }
  auto options = Options(dir());
  std::string key = GenerateFernetKey();
  std::ofstream(options.docker_secret) << key << "\n";
  ::chmod(options.docker_secret.c_str(), 0444);  // as Docker mounts it: no mode complaint
  MasterKeyProvider p(options);
  EXPECT_EQ(p.Active().source, KeySourceKind::kDockerSecret);
  EXPECT_EQ(p.Active().location, options.docker_secret.string());
  EXPECT_EQ(p.Active().key.Reveal(), key);
  std::string message = MessageOf([&] { p.ReplaceActiveKey(); }, ErrorCode::kUnsupported);
  EXPECT_NE(message.find("Docker secret"), std::string::npos);
}

TEST_F(KeySources, DockerSecretMayBeASymlinkAsInKubernetesMounts) {
  auto options = Options(dir());
  std::string key = GenerateFernetKey();
  std::ofstream(options.docker_secret.parent_path() / "..data") << key;
  fs::create_symlink(options.docker_secret.parent_path() / "..data", options.docker_secret);
  EXPECT_EQ(MasterKeyProvider(options).Active().key.Reveal(), key);
}

TEST_F(KeySources, MalformedDockerSecretIsNamedNotEchoed) {
  auto options = Options(dir());
  std::ofstream(options.docker_secret) << "docker-secret-garbage\n";
  std::string message = MessageOf([&] { MasterKeyProvider p(options); }, ErrorCode::kCrypto);
  EXPECT_NE(message.find(options.docker_secret.string()), std::string::npos);
  EXPECT_EQ(message.find("docker-secret-garbage"), std::string::npos);
}

TEST_F(KeySources, PreviousKeyIsKnownWithReadOnlySourcesOnly) {
  std::string previous = GenerateFernetKey(), current = GenerateFernetKey();
  ScopedEnv env_previous("FLOWFILE_MASTER_KEY_PREVIOUS", previous);
  {
    ScopedEnv env("FLOWFILE_MASTER_KEY", current);
    MasterKeyProvider p(Options(dir()));
    ASSERT_EQ(p.KnownKeys().size(), 2u);
    EXPECT_EQ(p.KnownKeys()[0]->key.Reveal(), current);  // the active key first
    const MasterKey* old = p.FindByFingerprint(KeyFingerprint(previous));
    ASSERT_NE(old, nullptr);
    EXPECT_EQ(old->key.Reveal(), previous);
  }
  MasterKeyProvider file(Options(dir()));  // the file source ignores it
  EXPECT_EQ(file.FindByFingerprint(KeyFingerprint(previous)), nullptr);
  EXPECT_EQ(file.KnownKeys().size(), 1u);

  ScopedEnv bad_previous("FLOWFILE_MASTER_KEY_PREVIOUS", "bad-previous-value");
  ScopedEnv env("FLOWFILE_MASTER_KEY", current);
  std::string message =
      MessageOf([&] { MasterKeyProvider p(Options(dir())); }, ErrorCode::kInvalidArgument);
  EXPECT_NE(message.find("FLOWFILE_MASTER_KEY_PREVIOUS"), std::string::npos);
  EXPECT_EQ(message.find("bad-previous-value"), std::string::npos);
}

TEST_F(KeySources, StagePromoteDiscard) {
  MasterKeyProvider p(Options(dir()));
  std::string old_fp = p.Active().fingerprint;
  const MasterKey& staged = p.StageNextKey();
  std::string new_fp = staged.fingerprint;
  std::string new_key(staged.key.Reveal());
  EXPECT_NE(old_fp, new_fp);
  EXPECT_EQ(staged.source, KeySourceKind::kFile);
  EXPECT_EQ(ModeOf(dir() / ".secret_key.next"), 0600u);
  EXPECT_EQ(FileText(dir() / ".secret_key.next"), new_key);
  EXPECT_EQ(p.Active().fingerprint, old_fp);  // staging does not switch
  ASSERT_EQ(p.KnownKeys().size(), 2u);
  EXPECT_EQ(p.KnownKeys()[0]->fingerprint, old_fp);
  EXPECT_EQ(p.KnownKeys()[1]->fingerprint, new_fp);

  p.PromoteNextKey();
  EXPECT_EQ(p.Active().fingerprint, new_fp);
  EXPECT_EQ(p.Active().location, (dir() / ".secret_key").string());
  EXPECT_FALSE(p.HasStagedKey());
  EXPECT_FALSE(fs::exists(dir() / ".secret_key.next"));
  EXPECT_EQ(FileText(dir() / ".secret_key"), new_key);
  EXPECT_EQ(ModeOf(dir() / ".secret_key"), 0600u);
  EXPECT_NE(p.FindByFingerprint(old_fp), nullptr);  // known to this process until it exits
  p.PromoteNextKey();                               // idempotent
  EXPECT_EQ(p.Active().fingerprint, new_fp);
  EXPECT_EQ(MasterKeyProvider(Options(dir())).Active().fingerprint, new_fp);

  p.StageNextKey();
  p.DiscardNextKey();
  p.DiscardNextKey();  // idempotent
  EXPECT_FALSE(p.HasStagedKey());
  EXPECT_FALSE(fs::exists(dir() / ".secret_key.next"));
  EXPECT_EQ(MasterKeyProvider(Options(dir())).Active().fingerprint, new_fp);
}

TEST_F(KeySources, LeftoverStagedKeyIsKnownAfterRestartButNotPromoted) {
  std::string old_fp, new_fp;
  {
    MasterKeyProvider before_crash(Options(dir()));
    old_fp = before_crash.Active().fingerprint;
    new_fp = before_crash.StageNextKey().fingerprint;
  }  // "killed" here: the store has not said whether rows use the new key
  MasterKeyProvider after(Options(dir()));
  EXPECT_EQ(after.Active().fingerprint, old_fp);
  ASSERT_TRUE(after.HasStagedKey());
  EXPECT_EQ(after.StagedKey()->fingerprint, new_fp);
  ASSERT_NE(after.FindByFingerprint(new_fp), nullptr);
  EXPECT_NE(after.FindByFingerprint(old_fp), nullptr);
  after.DiscardNextKey();
  EXPECT_FALSE(MasterKeyProvider(Options(dir())).HasStagedKey());
}

TEST_F(KeySources, PromotionKilledAfterTheRenameLeavesNoStagedKey) {
  MasterKeyProvider p(Options(dir()));
  // A staged copy equal to the active key: what a killed promotion can leave behind.
  fs::copy_file(dir() / ".secret_key", dir() / ".secret_key.next");
  MasterKeyProvider after(Options(dir()));
  EXPECT_FALSE(after.HasStagedKey());
  EXPECT_FALSE(fs::exists(dir() / ".secret_key.next"));
  EXPECT_EQ(after.Active().fingerprint, p.Active().fingerprint);
}

TEST_F(KeySources, ConcurrentFirstUseAgreesOnOneKey) {
  constexpr int kThreads = 6;
  std::vector<std::string> fingerprints(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back(
        [&, i] { fingerprints[i] = MasterKeyProvider(Options(dir())).Active().fingerprint; });
  for (auto& t : threads) t.join();
  for (const auto& fp : fingerprints) EXPECT_EQ(fp, fingerprints[0]);
  EXPECT_EQ(KeyFingerprint(FileText(dir() / ".secret_key")), fingerprints[0]);
}

}  // namespace
}  // namespace ff::crypto
