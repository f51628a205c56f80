// STS AssumeRole against the moto server of tests/integration/run_s3_tests.sh (IAM
// authentication on): the signed request reaches STS and is accepted or refused by policy, a
// wrong secret is refused, and no secret reaches a message. With FLOWFILE_TEST_S3_ROLE_ARN
// (scripts/services/s3.sh creates the role) the temporary credentials then read and write S3
// within the role's policy and are refused outside it. Skipped without the environment.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "cloud/aws_auth.hpp"
#include "cloud/s3_client.hpp"

namespace ff::cloud {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

class S3IntegrationSts : public ::testing::Test {
 protected:
  void SetUp() override {
    if (Env("FLOWFILE_TEST_S3_ENDPOINT").empty() || Env("FLOWFILE_TEST_S3_KEY_ID").empty() ||
        Env("FLOWFILE_TEST_S3_SECRET").empty())
      GTEST_SKIP() << "FLOWFILE_TEST_S3_ENDPOINT/_KEY_ID/_SECRET not set "
                      "(run tests/integration/run_s3_tests.sh)";
    target_.endpoint = Env("FLOWFILE_TEST_S3_ENDPOINT");
    target_.region = "us-east-1";
    target_.allow_http = true;
  }
  //! Temporary credentials of s3.sh's test role (FLOWFILE_TEST_S3_ROLE_ARN).
  AwsSessionCredentials AssumeTestRole() const {
    AwsCredentialResolver resolver({});
    return resolver.AssumeRole(BaseCredentials(), Env("FLOWFILE_TEST_S3_ROLE_ARN"), target_);
  }
  static AwsCredentials BaseCredentials() {
    return {Env("FLOWFILE_TEST_S3_KEY_ID"), Secret(Env("FLOWFILE_TEST_S3_SECRET")), Secret()};
  }
  S3Client ClientWith(AwsCredentials credentials) const {
    S3Config config;
    config.endpoint = target_.endpoint;
    config.region = target_.region;
    config.allow_http = true;
    config.path_style = true;
    config.credentials = std::move(credentials);
    config.retry.max_attempts = 2;
    config.retry.base_delay = std::chrono::milliseconds(10);
    return S3Client(std::move(config));
  }
  static std::string Suffix() { return std::to_string(std::random_device()() % 1'000'000'000u); }

  StsTarget target_;
  // s3.sh's role when FLOWFILE_TEST_S3_ROLE_ARN is unset (an older server script).
  const std::string role_arn_ = Env("FLOWFILE_TEST_S3_ROLE_ARN").empty()
                                    ? "arn:aws:iam::123456789012:role/flowfile-test-role"
                                    : Env("FLOWFILE_TEST_S3_ROLE_ARN");
};

TEST_F(S3IntegrationSts, SignedAssumeRolePassesTheSignatureCheck) {
  AwsCredentialResolver resolver({});
  AwsCredentials base{Env("FLOWFILE_TEST_S3_KEY_ID"), Secret(Env("FLOWFILE_TEST_S3_SECRET")),
                      Secret()};
  try {
    AwsSessionCredentials got = resolver.AssumeRole(base, role_arn_, target_);
    EXPECT_FALSE(got.credentials.access_key_id.empty());
    EXPECT_FALSE(got.credentials.secret_access_key.empty());
    EXPECT_FALSE(got.credentials.session_token.empty());
    ASSERT_TRUE(got.expiration.has_value());
    EXPECT_GT(*got.expiration, AwsClock::now());
    std::printf("STS issued temporary key %s\n", got.credentials.access_key_id.c_str());
  } catch (const Error& error) {
    // Without s3.sh's role the user may not assume it; the signature must still be good.
    std::string message = error.what();
    std::printf("STS refused by policy: %s\n", message.c_str());
    EXPECT_TRUE(Env("FLOWFILE_TEST_S3_ROLE_ARN").empty())
        << "the test role is refused: " << message;
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied) << message;
    EXPECT_EQ(message.find("SignatureDoesNotMatch"), std::string::npos) << message;
    EXPECT_EQ(message.find("InvalidClientTokenId"), std::string::npos) << message;
    EXPECT_EQ(message.find(Env("FLOWFILE_TEST_S3_SECRET")), std::string::npos) << message;
  }
}

TEST_F(S3IntegrationSts, WrongSecretIsPermissionDeniedWithoutTheSecret) {
  const std::string wrong = "wR0ngS3cretValueForTheFlowfileStsTest0000";
  AwsCredentialResolver resolver({});
  AwsCredentials base{Env("FLOWFILE_TEST_S3_KEY_ID"), Secret(wrong), Secret()};
  try {
    resolver.AssumeRole(base, role_arn_, target_);
    FAIL() << "expected STS to refuse a wrong secret";
  } catch (const Error& error) {
    std::string message = error.what();
    std::printf("wrong secret: %s\n", message.c_str());
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied) << message;
    EXPECT_NE(message.find("SignatureDoesNotMatch"), std::string::npos) << message;
    EXPECT_EQ(message.find(wrong), std::string::npos) << message;
  }
}

TEST_F(S3IntegrationSts, AssumedRoleReadsAndWritesWithinItsPolicy) {
  if (Env("FLOWFILE_TEST_S3_ROLE_ARN").empty())
    GTEST_SKIP() << "FLOWFILE_TEST_S3_ROLE_ARN not set (scripts/services/s3.sh creates it)";
  AwsSessionCredentials role = AssumeTestRole();
  ASSERT_FALSE(role.credentials.session_token.empty());
  const std::string token(role.credentials.session_token.Reveal());
  S3Client client = ClientWith(role.credentials.Clone());
  // The role's policy allows s3:* on flowfile-role-* buckets only.
  const std::string bucket = Env("FLOWFILE_TEST_S3_ROLE_BUCKET_PREFIX").empty()
                                 ? "flowfile-role-" + Suffix()
                                 : Env("FLOWFILE_TEST_S3_ROLE_BUCKET_PREFIX") + Suffix();
  client.CreateBucket(bucket);
  const std::string data = "written with temporary credentials\n";
  client.PutObject(bucket, "dir/role.txt", data);
  EXPECT_EQ(client.GetObject(bucket, "dir/role.txt"), data);
  EXPECT_EQ(client.HeadObject(bucket, "dir/role.txt").size, data.size());
  ASSERT_EQ(client.ListObjects(bucket, "dir/").size(), 1u);
  // A multipart upload (parallel parts) with the same credentials.
  std::string big(17 * kMiB, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 131) >> 7);
  client.UploadObject(
      bucket, "big.bin",
      [&big](uint64_t offset, char* buffer, size_t size) {
        const size_t n = std::min<size_t>(size, big.size() - offset);
        std::copy_n(big.data() + offset, n, buffer);
        return n;
      },
      big.size());
  EXPECT_EQ(client.GetObject(bucket, "big.bin"), big);
  client.DeleteObject(bucket, "dir/role.txt");
  EXPECT_TRUE(client.ListObjects(bucket, "dir/").empty());

  // A bucket outside the role's policy (the user may use it; the role may not).
  const std::string outside = "flowfile-test-" + Suffix();
  S3Client user = ClientWith(BaseCredentials());
  user.CreateBucket(outside);
  user.PutObject(outside, "k", "user data");
  try {
    client.GetObject(outside, "k");
    FAIL() << "the role read a bucket its policy does not cover";
  } catch (const Error& error) {
    const std::string message = error.what();
    std::printf("outside the role's policy: %s\n", message.c_str());
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied) << message;
    EXPECT_NE(message.find("AccessDenied"), std::string::npos) << message;
    EXPECT_EQ(message.find(std::string(role.credentials.secret_access_key.Reveal())),
              std::string::npos);
    EXPECT_EQ(message.find(token), std::string::npos);
  }
}

TEST_F(S3IntegrationSts, TemporaryKeyWithAWrongSecretIsSignatureDoesNotMatch) {
  if (Env("FLOWFILE_TEST_S3_ROLE_ARN").empty())
    GTEST_SKIP() << "FLOWFILE_TEST_S3_ROLE_ARN not set (scripts/services/s3.sh creates it)";
  AwsSessionCredentials role = AssumeTestRole();
  const std::string wrong = "wR0ngTemporarySecretForTheFlowfileStsTest0";
  S3Client client = ClientWith(
      {role.credentials.access_key_id, Secret(wrong), role.credentials.session_token.Clone()});
  try {
    client.ListObjects("flowfile-role-none", "");
    FAIL() << "expected a wrongly signed request to be refused";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied) << message;
    EXPECT_NE(message.find("SignatureDoesNotMatch"), std::string::npos) << message;
    EXPECT_EQ(message.find(wrong), std::string::npos) << message;
  }
}

TEST_F(S3IntegrationSts, RoleThatDoesNotTrustTheUserIsAccessDenied) {
  if (Env("FLOWFILE_TEST_S3_UNTRUSTED_ROLE_ARN").empty())
    GTEST_SKIP() << "FLOWFILE_TEST_S3_UNTRUSTED_ROLE_ARN not set";
  AwsCredentialResolver resolver({});
  try {
    resolver.AssumeRole(BaseCredentials(), Env("FLOWFILE_TEST_S3_UNTRUSTED_ROLE_ARN"), target_);
    FAIL() << "STS let the user assume a role whose trust policy names someone else";
  } catch (const Error& error) {
    const std::string message = error.what();
    std::printf("untrusted role: %s\n", message.c_str());
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied) << message;
    EXPECT_NE(message.find("AccessDenied"), std::string::npos) << message;
    EXPECT_EQ(message.find("SignatureDoesNotMatch"), std::string::npos) << message;
    EXPECT_EQ(message.find(Env("FLOWFILE_TEST_S3_SECRET")), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace ff::cloud
