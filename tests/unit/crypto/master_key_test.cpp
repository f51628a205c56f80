// Key sources and staged rotation (file, environment, Docker secret). The keyring has its
// own test (tests/keyring), run inside a private D-Bus session.
#include "crypto/master_key.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "crypto/fernet.hpp"
#include "flowfile/errors.hpp"
#include "temp_home.hpp"

namespace ff::crypto {
namespace {

KeyProviderOptions Options(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  return {.config_dir = dir, .docker_secret = dir / "no-docker-secret", .use_keyring = false};
}

TEST(MasterKey, FileSourceIsCreatedOwnerOnlyAndReused) {
  testing::TempHome home;
  MasterKeyProvider first(Options(home.dir()));
  EXPECT_EQ(first.Active().source, KeySourceKind::kFile);
  struct stat st {};
  ASSERT_EQ(::stat((home.dir() / ".secret_key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(first.Active().fingerprint.size(), 16u);
  MasterKeyProvider second(Options(home.dir()));
  EXPECT_EQ(second.Active().fingerprint, first.Active().fingerprint);
}

TEST(MasterKey, GroupReadableKeyFileIsRefused) {
  testing::TempHome home;
  { MasterKeyProvider create(Options(home.dir())); }
  ::chmod((home.dir() / ".secret_key").c_str(), 0640);
  try {
    MasterKeyProvider p(Options(home.dir()));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kPermissionDenied);
    EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos);
  }
}

TEST(MasterKey, EnvironmentWinsAndMalformedIsNamedNotEchoed) {
  testing::TempHome home;
  std::string key = GenerateFernetKey();
  ::setenv("FLOWFILE_MASTER_KEY", ("'" + key + "'").c_str(), 1);
  {
    MasterKeyProvider p(Options(home.dir()));
    EXPECT_EQ(p.Active().source, KeySourceKind::kEnvironment);
    EXPECT_EQ(p.Active().key.Reveal(), key);
    EXPECT_FALSE(std::filesystem::exists(home.dir() / ".secret_key"));
    EXPECT_THROW(p.StageNextKey(), Error);
  }
  ::setenv("FLOWFILE_MASTER_KEY", "wrong-but-secret-looking", 1);
  try {
    MasterKeyProvider p(Options(home.dir()));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("FLOWFILE_MASTER_KEY"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("Fernet key"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find("wrong-but-secret-looking"), std::string::npos);
  }
  ::unsetenv("FLOWFILE_MASTER_KEY");
}

TEST(MasterKey, DockerSecretComesBeforeTheFile) {
  testing::TempHome home;
  auto options = Options(home.dir());
  std::string key = GenerateFernetKey();
  std::ofstream(options.docker_secret) << key << "\n";
  MasterKeyProvider p(options);
  EXPECT_EQ(p.Active().source, KeySourceKind::kDockerSecret);
  EXPECT_EQ(p.Active().key.Reveal(), key);
}

TEST(MasterKey, StagePromoteDiscard) {
  testing::TempHome home;
  MasterKeyProvider p(Options(home.dir()));
  std::string old_fp = p.Active().fingerprint;
  std::string new_fp = p.StageNextKey().fingerprint;
  EXPECT_TRUE(std::filesystem::exists(home.dir() / ".secret_key.next"));
  ASSERT_EQ(p.KnownKeys().size(), 2u);
  {  // A process started now (e.g. after a crash) knows the staged key too.
    MasterKeyProvider after_crash(Options(home.dir()));
    ASSERT_NE(after_crash.StagedKey(), nullptr);
    EXPECT_EQ(after_crash.StagedKey()->fingerprint, new_fp);
    EXPECT_NE(after_crash.FindByFingerprint(new_fp), nullptr);
  }
  p.PromoteNextKey();
  p.PromoteNextKey();  // idempotent
  EXPECT_EQ(p.Active().fingerprint, new_fp);
  EXPECT_EQ(MasterKeyProvider(Options(home.dir())).Active().fingerprint, new_fp);
  p.StageNextKey();
  p.DiscardNextKey();
  EXPECT_FALSE(std::filesystem::exists(home.dir() / ".secret_key.next"));
  EXPECT_EQ(MasterKeyProvider(Options(home.dir())).Active().fingerprint, new_fp);
  EXPECT_NE(old_fp, new_fp);
}

TEST(MasterKey, PreviousKeyFromEnvironmentIsKnown) {
  testing::TempHome home;
  std::string previous = GenerateFernetKey();
  ::setenv("FLOWFILE_MASTER_KEY_PREVIOUS", previous.c_str(), 1);
  MasterKeyProvider p(Options(home.dir()));
  ::unsetenv("FLOWFILE_MASTER_KEY_PREVIOUS");
  EXPECT_NE(p.FindByFingerprint(KeyFingerprint(previous)), nullptr);
}

}  // namespace
}  // namespace ff::crypto
