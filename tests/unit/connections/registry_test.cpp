// The registry through the C++ API: the same verbs as Python and the CLI.
#include <gtest/gtest.h>

#include "flowfile/audit.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/keys.hpp"
#include "flowfile/secrets.hpp"
#include "temp_home.hpp"

namespace ff {
namespace {

DatabaseConnection Postgres(std::string name, std::string_view password) {
  DatabaseConnection c;
  c.connection_name = std::move(name);
  c.host = "db.example.com";
  c.port = 5432;
  c.database = "analytics";
  c.username = "analyst";
  c.password = Secret(password);
  c.ssl_enabled = true;
  return c;
}

TEST(Registry, DatabasePasswordRoundTripsOnlyThroughResolve) {
  test_support::TempHome home;
  auto ws = home.Open();
  auto info = ws->connections().CreateDatabase(Postgres("prod_db", "secure_password"));
  EXPECT_TRUE(info.has_password);
  EXPECT_EQ(info.port, 5432);
  EXPECT_EQ(ws->connections().ResolveDatabasePassword("prod_db").Reveal(), "secure_password");
  // A second process (workspace) sees the same.
  EXPECT_EQ(home.Open()->connections().ResolveDatabasePassword("prod_db").Reveal(),
            "secure_password");
}

TEST(Registry, SecretReferenceResolvesAtUse) {
  test_support::TempHome home;
  auto ws = home.Open();
  ws->secrets().Set("pg_pw", Secret("first"));
  ws->connections().CreateDatabase(Postgres("ref", "${secret:pg_pw}"));
  EXPECT_EQ(ws->connections().GetDatabase("ref").password_ref, "pg_pw");
  EXPECT_EQ(ws->connections().ResolveDatabasePassword("ref").Reveal(), "first");
  ws->secrets().Set("pg_pw", Secret("second"));
  EXPECT_EQ(ws->connections().ResolveDatabasePassword("ref").Reveal(), "second");
  ws->secrets().Delete("pg_pw");
  try {
    ws->connections().ResolveDatabasePassword("ref");
    FAIL() << "expected a throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    EXPECT_STREQ(e.what(), "unknown secret 'pg_pw'; no secrets are registered");
  }
}

TEST(Registry, CloudSecretsResolveByField) {
  test_support::TempHome home;
  auto ws = home.Open();
  CloudStorageConnection c;
  c.connection_name = "lake";
  c.storage_type = "s3";
  c.auth_method = "access_key";
  c.aws_access_key_id = "AKIAEXAMPLE";
  c.aws_secret_access_key = Secret("sk");
  c.aws_session_token = Secret("tok");
  ws->connections().CreateCloud(c);
  auto secrets = ws->connections().ResolveCloudSecrets("lake");
  ASSERT_EQ(secrets.size(), 2u);
  EXPECT_EQ(secrets.at("aws_secret_access_key").Reveal(), "sk");
  EXPECT_EQ(secrets.at("aws_session_token").Reveal(), "tok");
}

TEST(Registry, RotationKeepsEveryValue) {
  test_support::TempHome home;
  auto ws = home.Open();
  ws->connections().CreateDatabase(Postgres("a", "pa"));
  ws->secrets().Set("s", Secret("vs"));
  auto before = ws->keys().Info();
  EXPECT_EQ(before.source, "file");
  EXPECT_EQ(before.secrets_encrypted, 2u);
  auto result = ws->keys().Rotate();
  EXPECT_EQ(result.reencrypted, 2u);
  EXPECT_NE(result.new_fingerprint, before.fingerprint);
  auto reopened = home.Open();
  EXPECT_EQ(reopened->keys().Info().fingerprint, result.new_fingerprint);
  EXPECT_EQ(reopened->connections().ResolveDatabasePassword("a").Reveal(), "pa");
  EXPECT_EQ(reopened->secrets().Get("s").Reveal(), "vs");
}

TEST(Registry, AuditRecordsOutcomes) {
  test_support::TempHome home;
  auto ws = home.Open();
  ws->connections().CreateDatabase(Postgres("a", "pa"));
  EXPECT_THROW(ws->connections().CreateDatabase(Postgres("a", "pa")), Error);
  auto events = ws->audit().List();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].outcome.rfind("error: database connection 'a' already exists", 0), 0u)
      << events[0].outcome;
  EXPECT_EQ(events[1].outcome, "ok");
  EXPECT_EQ(events[1].actor, "test:unit");
}

}  // namespace
}  // namespace ff
