// Azure OAuth2 tokens against a scripted token endpoint: the client-credentials and IMDS
// requests, response parsing, caching until near expiry, and refusals without secrets.
#include "cloud/azure_token.hpp"

#include <gtest/gtest.h>

#include "fake_transport.hpp"

namespace ff::cloud {
namespace {

using testing_support::FakeTransport;
using testing_support::NoSleep;
using testing_support::Respond;

constexpr std::string_view kClientSecret = "cl1ent~s3cret&value=";

AzureServicePrincipal Principal(std::string authority = "http://127.0.0.1:9999/") {
  AzureServicePrincipal principal;
  principal.authority = std::move(authority);
  principal.tenant_id = "tenant-1";
  principal.client_id = "client-1";
  principal.client_secret = Secret(kClientSecret);
  return principal;
}

TEST(AzureToken, ClientCredentialsRequestTargetsTheTenantAtTheAuthority) {
  HttpRequest request = ClientCredentialsRequest(Principal());
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "http://127.0.0.1:9999/tenant-1/oauth2/v2.0/token");
  EXPECT_EQ(request.body,
            "grant_type=client_credentials&client_id=client-1&client_secret=cl1ent~s3cret%26value%"
            "3D&scope=https%3A%2F%2Fstorage.azure.com%2F.default");
  EXPECT_EQ(FindHeader(request.headers, "Content-Type").value_or(""),
            "application/x-www-form-urlencoded");
}

TEST(AzureToken, ManagedIdentityRequestCarriesTheMetadataHeader) {
  AzureManagedIdentity identity;
  identity.imds_endpoint = "http://127.0.0.1:8081";
  identity.client_id = "uai-1";
  HttpRequest request = ManagedIdentityRequest(identity);
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url,
            "http://127.0.0.1:8081/metadata/identity/oauth2/token?api-version=2018-02-01"
            "&resource=https%3A%2F%2Fstorage.azure.com%2F&client_id=uai-1");
  EXPECT_EQ(FindHeader(request.headers, "Metadata").value_or(""), "true");
}

TEST(AzureToken, ParsesExpiresInAsNumberOrString) {
  auto now = std::chrono::system_clock::now();
  AzureAccessToken a =
      ParseAzureTokenResponse(Respond(200, R"({"access_token":"A","expires_in":3599})"), "sp", now);
  EXPECT_EQ(a.token.Reveal(), "A");
  EXPECT_EQ(a.expires_at, now + std::chrono::seconds(3599));
  AzureAccessToken b =
      ParseAzureTokenResponse(Respond(200, R"({"access_token":"B","expires_in":"60"})"), "mi", now);
  EXPECT_EQ(b.expires_at, now + std::chrono::seconds(60));
}

TEST(AzureToken, ResponseWithoutTokenIsAnIoError) {
  try {
    ParseAzureTokenResponse(Respond(200, "<html>proxy</html>"), "sp",
                            std::chrono::system_clock::now());
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kIo);
  }
}

TEST(AzureToken, RefusedClientIsPermissionDeniedWithoutTheSecret) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(401, R"({"error":"invalid_client","error_description":"AADSTS7000215: )"
                        R"(Invalid client secret provided.\r\nTrace ID: 1"})");
  });
  AzureTokenSource source(Principal(), transport, NoSleep());
  try {
    source.Token();
    FAIL() << "expected an error";
  } catch (const Error& error) {
    std::string message = error.what();
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
    EXPECT_NE(message.find("invalid_client"), std::string::npos) << message;
    EXPECT_NE(message.find("client-1"), std::string::npos) << message;
    EXPECT_EQ(message.find("Trace ID"), std::string::npos) << message;
    EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
  }
}

TEST(AzureToken, TokenIsCachedUntilNearExpiry) {
  int fetches = 0;
  std::string lifetime = "3600";
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) {
    ++fetches;
    return Respond(200, R"({"access_token":"T)" + std::to_string(fetches) + R"(","expires_in":)" +
                            lifetime + "}");
  });
  AzureTokenSource source(Principal(), transport, NoSleep());
  EXPECT_EQ(source.Token(), "T1");
  EXPECT_EQ(source.Token(), "T1");
  EXPECT_EQ(fetches, 1);

  // A token that lives less than the refresh margin is fetched again on every use.
  fetches = 0;
  lifetime = "60";
  AzureTokenSource short_lived(Principal(), transport, NoSleep());
  EXPECT_EQ(short_lived.Token(), "T1");
  EXPECT_EQ(short_lived.Token(), "T2");
}

TEST(AzureToken, IncompletePrincipalIsRejectedUpFront) {
  AzureServicePrincipal principal = Principal();
  principal.client_secret = Secret();
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) { return Respond(200); });
  EXPECT_THROW(AzureTokenSource(std::move(principal), transport), Error);
  EXPECT_TRUE(transport->requests().empty());
}

}  // namespace
}  // namespace ff::cloud
