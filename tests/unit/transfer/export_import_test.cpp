#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "../temp_home.hpp"
#include "flowfile/audit.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/secrets.hpp"
#include "flowfile/transfer.hpp"
#include "flowfile/workspace.hpp"

namespace ff {
namespace {

constexpr std::string_view kDbPassword = "Xq7-db-pa55word-unique";
constexpr std::string_view kAwsSecret = "aws/Secret+Key-unique-91";
constexpr std::string_view kToken = "api-token-value-unique-42";

class Transfer : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = source_home_.Open();
    auto& connections = source_->connections();
    DatabaseConnection db;
    db.connection_name = "prod_db";
    db.host = "db.example.com";
    db.port = 5432;
    db.database = "sales";
    db.username = "etl";
    db.ssl_enabled = true;
    db.password = Secret(kDbPassword);
    connections.CreateDatabase(db);

    source_->secrets().Set("api_token", Secret(kToken));
    DatabaseConnection shared;
    shared.connection_name = "reporting";
    shared.host = "report.example.com";
    shared.password = Secret("${secret:api_token}");
    connections.CreateDatabase(shared);

    CloudStorageConnection s3;
    s3.connection_name = "lake";
    s3.storage_type = "s3";
    s3.auth_method = "access_key";
    s3.aws_region = "eu-west-1";
    s3.aws_access_key_id = "AKIAEXAMPLE";
    s3.aws_secret_access_key = Secret(kAwsSecret);
    s3.scopes = {"s3://lake/raw"};
    connections.CreateCloud(s3);
  }

  // Each home keeps its master key in its own .secret_key.
  ff::test_support::TempHome source_home_, target_home_;
  std::shared_ptr<Workspace> source_;
};

TEST(TransferNames, PlaceholderAndEnvironmentConventions) {
  EXPECT_EQ(PlaceholderName("prod_db", "password"), "prod_db_password");
  EXPECT_EQ(SecretEnvVarName("prod_db_password"), "FLOWFILE_SECRET_PROD_DB_PASSWORD");
  EXPECT_EQ(SecretEnvVarName("my-token.v2"), "FLOWFILE_SECRET_MY_TOKEN_V2");
}

TEST_F(Transfer, PlainExportHasPlaceholdersAndNoValues) {
  std::string text = ExportWorkspace(*source_);
  for (auto value : {kDbPassword, kAwsSecret, kToken})
    EXPECT_EQ(text.find(value), std::string::npos) << "a value leaked into the export";
  EXPECT_FALSE(IsEncryptedExport(text));
  auto doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc["flowfile_export"], 1);
  ASSERT_EQ(doc["database_connections"].size(), 2u);
  std::map<std::string, nlohmann::json> databases;
  for (const auto& j : doc["database_connections"]) databases[j["connection_name"]] = j;
  EXPECT_EQ(databases["prod_db"]["password"], "${secret:prod_db_password}");
  EXPECT_EQ(databases["prod_db"]["host"], "db.example.com");
  EXPECT_EQ(databases["prod_db"]["port"], 5432);
  EXPECT_EQ(databases["reporting"]["password"], "${secret:api_token}");  // a reference stays
  EXPECT_EQ(doc["cloud_connections"][0]["aws_secret_access_key"],
            "${secret:lake_aws_secret_access_key}");
  EXPECT_EQ(doc["cloud_connections"][0]["scopes"][0], "s3://lake/raw");
  EXPECT_EQ(doc["secrets"], nlohmann::json::parse(R"([{"name": "api_token"}])"));
  EXPECT_EQ(doc["placeholders"].size(), 2u);
  auto events = source_->audit().List(5, "plain");  // export events are named by mode
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "export");
  EXPECT_EQ(events[0].object_kind, "workspace");
  EXPECT_EQ(events[0].outcome, "ok");
}

TEST_F(Transfer, EncryptedExportRoundTripsEveryValue) {
  Secret passphrase("a long passphrase");
  std::string bundle = ExportWorkspace(*source_, {.passphrase = &passphrase});
  EXPECT_TRUE(IsEncryptedExport(bundle));
  for (auto value : {kDbPassword, kAwsSecret, kToken, std::string_view("db.example.com")})
    EXPECT_EQ(bundle.find(value), std::string::npos);

  auto target = target_home_.Open();
  ImportReport report = ImportWorkspace(*target, bundle, {.passphrase = &passphrase});
  EXPECT_TRUE(report.missing.empty());
  EXPECT_EQ(report.values_from_file, 3u);
  EXPECT_EQ(report.items.size(), 4u);
  EXPECT_EQ(target->connections().ResolveDatabasePassword("prod_db").Reveal(), kDbPassword);
  EXPECT_EQ(target->connections().ResolveDatabasePassword("reporting").Reveal(), kToken);
  EXPECT_EQ(target->connections().GetDatabase("reporting").password_ref, "api_token");
  EXPECT_EQ(target->connections().ResolveCloudSecrets("lake").at("aws_secret_access_key").Reveal(),
            kAwsSecret);
  EXPECT_EQ(target->secrets().Get("api_token").Reveal(), kToken);
  auto db = target->connections().GetDatabase("prod_db");
  EXPECT_EQ(db.host, "db.example.com");
  EXPECT_EQ(db.port, 5432);
  EXPECT_TRUE(db.ssl_enabled);
  EXPECT_EQ(target->connections().GetCloud("lake").scopes,
            std::vector<std::string>{"s3://lake/raw"});
}

TEST_F(Transfer, WrongPassphraseImportsNothing) {
  Secret passphrase("right"), wrong("wrong");
  std::string bundle = ExportWorkspace(*source_, {.passphrase = &passphrase});
  auto target = target_home_.Open();
  try {
    ImportWorkspace(*target, bundle, {.passphrase = &wrong});
    FAIL() << "expected a throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCrypto);
    EXPECT_NE(std::string(e.what()).find("wrong passphrase"), std::string::npos);
  }
  EXPECT_TRUE(target->connections().ListDatabases().empty());
  EXPECT_THROW(ImportWorkspace(*target, bundle), Error);  // no passphrase at all
}

TEST_F(Transfer, PlainImportTakesValuesFromTheEnvironmentAndReportsTheRest) {
  std::string text = ExportWorkspace(*source_);
  auto target = target_home_.Open();
  std::map<std::string, std::string> environment = {
      {"FLOWFILE_SECRET_PROD_DB_PASSWORD", std::string(kDbPassword)},
      {"FLOWFILE_SECRET_API_TOKEN", std::string(kToken)}};
  std::vector<std::string> asked;
  ImportOptions options;
  options.getenv = [&](const std::string& name) -> std::optional<std::string> {
    auto it = environment.find(name);
    if (it == environment.end()) return std::nullopt;
    return it->second;
  };
  options.ask = [&](const MissingValue& m) -> std::optional<Secret> {
    asked.push_back(m.name);
    return std::nullopt;
  };
  ImportReport report = ImportWorkspace(*target, text, options);
  EXPECT_EQ(report.values_from_env, 2u);
  EXPECT_EQ(asked, std::vector<std::string>{"lake_aws_secret_access_key"});
  ASSERT_EQ(report.missing.size(), 1u);
  EXPECT_EQ(report.missing[0].name, "lake_aws_secret_access_key");
  EXPECT_EQ(report.missing[0].env_var, "FLOWFILE_SECRET_LAKE_AWS_SECRET_ACCESS_KEY");
  EXPECT_EQ(report.missing[0].connection, "lake");
  EXPECT_EQ(target->connections().ResolveDatabasePassword("prod_db").Reveal(), kDbPassword);
  EXPECT_EQ(target->secrets().Get("api_token").Reveal(), kToken);

  // The missing field refers to a secret of the placeholder's name: setting it completes it.
  EXPECT_THROW(target->connections().ResolveCloudSecrets("lake"), Error);
  target->secrets().Set("lake_aws_secret_access_key", Secret(kAwsSecret));
  EXPECT_EQ(target->connections().ResolveCloudSecrets("lake").at("aws_secret_access_key").Reveal(),
            kAwsSecret);
}

TEST_F(Transfer, ExistingNamesAreSkippedUnlessOverwrite) {
  Secret passphrase("pw");
  std::string bundle = ExportWorkspace(*source_, {.passphrase = &passphrase});
  auto target = target_home_.Open();
  DatabaseConnection mine;
  mine.connection_name = "prod_db";
  mine.host = "mine.example.com";
  mine.password = Secret("mine");
  target->connections().CreateDatabase(mine);

  ImportReport report = ImportWorkspace(*target, bundle, {.passphrase = &passphrase});
  EXPECT_EQ(report.items[0].name, "prod_db");
  EXPECT_EQ(report.items[0].action, "skipped");
  EXPECT_EQ(target->connections().GetDatabase("prod_db").host, "mine.example.com");

  report = ImportWorkspace(*target, bundle, {.overwrite = true, .passphrase = &passphrase});
  EXPECT_EQ(report.items[0].action, "replaced");
  EXPECT_EQ(target->connections().GetDatabase("prod_db").host, "db.example.com");
  EXPECT_EQ(target->connections().ResolveDatabasePassword("prod_db").Reveal(), kDbPassword);
}

TEST_F(Transfer, RejectsWhatIsNotAnExport) {
  auto target = target_home_.Open();
  for (std::string_view text : {"", "[]", "{\"something\": 1}", "{\"flowfile_export\": 7}",
                                "{\"flowfile_export\": 1, \"secrets\": {}}"}) {
    try {
      ImportWorkspace(*target, text);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << text;
    }
  }
}

TEST_F(Transfer, AFailedImportLeavesNothingBehind) {
  // The second connection is invalid (no host), so the first must not be written either.
  std::string text = R"({"flowfile_export": 1,
    "database_connections": [
      {"connection_name": "good", "database_type": "postgresql", "host": "h"},
      {"connection_name": "bad", "database_type": "postgresql"}]})";
  auto target = target_home_.Open();
  EXPECT_THROW(ImportWorkspace(*target, text), Error);
  EXPECT_FALSE(target->connections().FindDatabase("good").has_value());
}

}  // namespace
}  // namespace ff
