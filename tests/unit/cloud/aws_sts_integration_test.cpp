// STS AssumeRole against the moto server of tests/integration/run_s3_tests.sh (IAM
// authentication on): the signed request reaches STS and is accepted or refused by policy, a
// wrong secret is refused, and no secret reaches a message. Skipped without the environment.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "cloud/aws_auth.hpp"

namespace ff::cloud {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

class S3IntegrationSts : public testing::Test {
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
  StsTarget target_;
  const std::string role_arn_ = "arn:aws:iam::123456789012:role/flowfile-test-role";
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
    // The user's policy may not allow sts:AssumeRole; the signature must still be good.
    std::string message = error.what();
    std::printf("STS refused by policy: %s\n", message.c_str());
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

}  // namespace
}  // namespace ff::cloud
