// AWS credential sources against scripted transports and temporary shared files: the AWS CLI
// files (profiles, [profile x], role_arn + source_profile), STS AssumeRole (request shape,
// signing, parsing, caching, refresh), web identity, IMDSv2, and that no secret reaches an
// error message. The real home is never read: HOME and the AWS_* file variables point at a
// temporary directory.
#include "cloud/aws_auth.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "cloud/object_store.hpp"
#include "cloud/sigv4.hpp"
#include "fake_transport.hpp"

namespace ff::cloud {
namespace {

using testing_support::FakeTransport;
using testing_support::NoSleep;
using testing_support::Respond;

constexpr std::string_view kBaseSecret = "bAsE/sEcReT+kEy0000000000000000000000000";
constexpr std::string_view kSourceSecret = "sOuRcE/sEcReT+kEy111111111111111111111111";
constexpr std::string_view kStsSecret = "sTs/tEmP+sEcReT22222222222222222222222222";
constexpr std::string_view kStsToken = "FwoGZXIvYXdzEStsSessionToken//33333333333333";
constexpr std::string_view kImdsSecret = "iMdS/sEcReT+44444444444444444444444444444";
constexpr std::string_view kImdsToken = "IQoJb3JpZ2luX2VjImdsToken5555555555555555";
constexpr std::string_view kWebToken = "eyJhbGciOiJSUzI1NiJ9.web.identity.token.666666";

const std::vector<std::string_view> kAllSecrets = {
    kBaseSecret, kSourceSecret, kStsSecret, kStsToken, kImdsSecret, kImdsToken, kWebToken};

void ExpectNoSecret(const std::string& text) {
  for (std::string_view secret : kAllSecrets)
    EXPECT_EQ(text.find(secret), std::string::npos) << "secret leaked into: " << text;
}

class TempDir {
 public:
  TempDir() {
    std::random_device device;
    path_ = std::filesystem::temp_directory_path() /
            ("flowfile-aws-test-" + std::to_string(device()) + std::to_string(device()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    std::filesystem::path file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }
  std::string Path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

//! A scripted environment: HOME always points at the temporary directory.
struct FakeEnv {
  std::map<std::string, std::string> vars;
  AwsEnv Get() const {
    auto copy = vars;
    return [copy](const std::string& name) -> std::optional<std::string> {
      auto it = copy.find(name);
      if (it == copy.end()) return std::nullopt;
      return it->second;
    };
  }
};

std::string StsXml(const std::string& action, const std::string& key_id, std::string_view secret,
                   std::string_view token, const std::string& expiration) {
  return "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action +
         "Result><Credentials><AccessKeyId>" + key_id + "</AccessKeyId><SecretAccessKey>" +
         std::string(secret) + "</SecretAccessKey><SessionToken>" + std::string(token) +
         "</SessionToken><Expiration>" + expiration +
         "</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-"
         "role/r/s</Arn></AssumedRoleUser></" +
         action + "Result></" + action + "Response>";
}

std::string StsErrorXml(const std::string& code, const std::string& message) {
  return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender"
         "</Type><Code>" +
         code + "</Code><Message>" + message +
         "</Message></Error><RequestId>r1</RequestId></ErrorResponse>";
}

bool IsSts(const HttpRequest& request) {
  return request.method == "POST" && request.body.find("Action=AssumeRole") != std::string::npos;
}

std::string Authorization(const HttpRequest& request) {
  return FindHeader(request.headers, "Authorization").value_or("");
}

HttpResponse HeadOk() { return Respond(200, {}, {{"Content-Length", "3"}, {"ETag", "\"e\""}}); }

CloudStorageConnectionInfo S3Info(const std::string& auth_method) {
  CloudStorageConnectionInfo info;
  info.connection_name = "lake";
  info.storage_type = "s3";
  info.auth_method = auth_method;
  info.aws_region = "eu-west-1";
  return info;
}

// ---- shared files --------------------------------------------------------------------------

TEST(AwsSharedFiles, MergesCredentialsAndConfigSections) {
  const std::string credentials =
      "# comment\n[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = " +
      std::string(kBaseSecret) +
      "\n\n[dev]\n aws_access_key_id=AKIDDEV\naws_secret_access_key=" + std::string(kSourceSecret) +
      "\naws_session_token = tok\n";
  const std::string config =
      "[default]\nregion = us-west-2\n[profile dev]\nregion=eu-central-1\naws_access_key_id = "
      "IGNORED\ns3 =\n  max_concurrent_requests = 20\noutput = json\n[dev]\nregion = "
      "not-a-profile-section\n[sso-session x]\nregion = nope\n";
  AwsProfile def = ParseAwsProfile(credentials, config, "default");
  EXPECT_TRUE(def.found);
  EXPECT_EQ(def.access_key_id, "AKIDDEFAULT");
  EXPECT_EQ(def.secret_access_key.Reveal(), kBaseSecret);
  EXPECT_EQ(def.region, "us-west-2");

  AwsProfile dev = ParseAwsProfile(credentials, config, "dev");
  EXPECT_TRUE(dev.found);
  EXPECT_EQ(dev.access_key_id, "AKIDDEV");  // the credentials file wins
  EXPECT_EQ(dev.secret_access_key.Reveal(), kSourceSecret);
  EXPECT_EQ(dev.session_token.Reveal(), "tok");
  EXPECT_EQ(dev.region, "eu-central-1");  // from [profile dev], not [dev] of the config file

  AwsProfile missing = ParseAwsProfile(credentials, config, "x");
  EXPECT_FALSE(missing.found);
}

TEST(AwsSharedFiles, RoleProfileInConfigFile) {
  const std::string config =
      "[profile analyst]\nrole_arn = arn:aws:iam::123456789012:role/analyst\nsource_profile = "
      "base\nexternal_id = ext-1\nrole_session_name = me\nregion = ap-south-1\n";
  AwsProfile analyst = ParseAwsProfile("", config, "analyst");
  EXPECT_TRUE(analyst.found);
  EXPECT_EQ(analyst.role_arn, "arn:aws:iam::123456789012:role/analyst");
  EXPECT_EQ(analyst.source_profile, "base");
  EXPECT_EQ(analyst.external_id, "ext-1");
  EXPECT_EQ(analyst.role_session_name, "me");
  EXPECT_EQ(analyst.region, "ap-south-1");
}

TEST(AwsSharedFiles, PathsFollowTheEnvironment) {
  FakeEnv env;
  env.vars["HOME"] = "/home/someone";
  EXPECT_EQ(AwsSharedCredentialsPath(env.Get()), "/home/someone/.aws/credentials");
  EXPECT_EQ(AwsConfigPath(env.Get()), "/home/someone/.aws/config");
  EXPECT_EQ(AwsProfileName(env.Get()), "default");
  env.vars["AWS_SHARED_CREDENTIALS_FILE"] = "/x/creds";
  env.vars["AWS_CONFIG_FILE"] = "/x/conf";
  env.vars["AWS_PROFILE"] = "prod";
  EXPECT_EQ(AwsSharedCredentialsPath(env.Get()), "/x/creds");
  EXPECT_EQ(AwsConfigPath(env.Get()), "/x/conf");
  EXPECT_EQ(AwsProfileName(env.Get()), "prod");
}

TEST(AwsCli, StaticProfileSignsS3WithItsKeyAndRegion) {
  TempDir dir;
  FakeEnv env;
  env.vars["HOME"] = dir.Path("home");
  env.vars["AWS_SHARED_CREDENTIALS_FILE"] =
      dir.Write("creds", "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = " +
                             std::string(kBaseSecret) + "\n");
  env.vars["AWS_CONFIG_FILE"] = dir.Write("conf", "[profile dev]\nregion = ca-central-1\n");
  env.vars["AWS_PROFILE"] = "dev";
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) { return HeadOk(); });
  CloudStorageConnectionInfo info = S3Info("aws-cli");
  info.aws_region.clear();
  auto store = OpenS3ObjectStoreWith(info, {}, {env.Get(), transport, nullptr, NoSleep(), {}});
  store->Head("bucket-1", "a.csv");
  auto sent = transport->requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].url.find("s3.ca-central-1.amazonaws.com"), std::string::npos) << sent[0].url;
  EXPECT_NE(Authorization(sent[0]).find("Credential=AKIDDEV/"), std::string::npos);
  EXPECT_NE(Authorization(sent[0]).find("/ca-central-1/s3/aws4_request"), std::string::npos);
}

TEST(AwsCli, RoleWithSourceProfileAssumesTheRoleWithTheSourceKeys) {
  TempDir dir;
  FakeEnv env;
  env.vars["HOME"] = dir.Path("home");
  env.vars["AWS_SHARED_CREDENTIALS_FILE"] =
      dir.Write("creds", "[base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = " +
                             std::string(kSourceSecret) + "\n");
  env.vars["AWS_CONFIG_FILE"] = dir.Write(
      "conf",
      "[profile analyst]\nrole_arn = arn:aws:iam::123456789012:role/analyst\nsource_profile = "
      "base\nregion = eu-west-1\n");
  env.vars["AWS_PROFILE"] = "analyst";
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& request) {
    if (IsSts(request))
      return Respond(
          200, StsXml("AssumeRole", "ASIASTS", kStsSecret, kStsToken, "2099-01-01T00:00:00Z"));
    return HeadOk();
  });
  CloudStorageConnectionInfo info = S3Info("aws-cli");
  auto store = OpenS3ObjectStoreWith(info, {}, {env.Get(), transport, nullptr, NoSleep(), {}});
  store->Head("bucket-1", "a.csv");
  auto sent = transport->requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_TRUE(IsSts(sent[0]));
  EXPECT_EQ(sent[0].url, "https://sts.eu-west-1.amazonaws.com/");
  EXPECT_NE(sent[0].body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fanalyst"),
            std::string::npos)
      << sent[0].body;
  EXPECT_NE(Authorization(sent[0]).find("Credential=AKIDSOURCE/"), std::string::npos);
  EXPECT_NE(Authorization(sent[0]).find("/eu-west-1/sts/aws4_request"), std::string::npos);
  EXPECT_NE(Authorization(sent[1]).find("Credential=ASIASTS/"), std::string::npos);
  EXPECT_EQ(FindHeader(sent[1].headers, "X-Amz-Security-Token").value_or(""), kStsToken);
}

TEST(AwsCli, MissingProfileNamesProfileAndFiles) {
  TempDir dir;
  FakeEnv env;
  env.vars["HOME"] = dir.Path("home");
  env.vars["AWS_SHARED_CREDENTIALS_FILE"] =
      dir.Write("creds", "[other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = " +
                             std::string(kBaseSecret) + "\n");
  env.vars["AWS_PROFILE"] = "ghost";
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) { return HeadOk(); });
  try {
    OpenS3ObjectStoreWith(S3Info("aws-cli"), {}, {env.Get(), transport, nullptr, NoSleep(), {}});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    std::string message = error.what();
    EXPECT_EQ(error.code(), ErrorCode::kNotFound);
    EXPECT_NE(message.find("'ghost'"), std::string::npos) << message;
    EXPECT_NE(message.find(dir.Path("creds")), std::string::npos) << message;
    EXPECT_NE(message.find(dir.Path("home") + "/.aws/config"), std::string::npos) << message;
    ExpectNoSecret(message);
  }
  EXPECT_TRUE(transport->requests().empty());
}

// ---- STS AssumeRole ------------------------------------------------------------------------

TEST(AwsAssumeRole, RequestIsAFormPostSignedForSts) {
  AwsCredentials base{"AKIDBASE", Secret(kBaseSecret), Secret()};
  StsTarget target;
  target.region = "eu-west-1";
  auto when = AwsClock::from_time_t(1'700'000'000);  // 2023-11-14T22:13:20Z
  HttpRequest request =
      AssumeRoleRequest(base, "arn:aws:iam::123456789012:role/r", "flowfile-1", target, when);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://sts.eu-west-1.amazonaws.com/");
  EXPECT_EQ(request.body,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%"
            "3Arole%2Fr&RoleSessionName=flowfile-1&DurationSeconds=3600");
  EXPECT_EQ(FindHeader(request.headers, "Content-Type").value_or(""),
            "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(FindHeader(request.headers, "X-Amz-Date").value_or(""), "20231114T221320Z");
  std::string authorization = Authorization(request);
  EXPECT_EQ(authorization.rfind(
                "AWS4-HMAC-SHA256 Credential=AKIDBASE/20231114/eu-west-1/sts/aws4_request", 0),
            0u)
      << authorization;
  ExpectNoSecret(authorization);

  target.endpoint = "http://127.0.0.1:5000/";
  EXPECT_THROW(AssumeRoleRequest(base, "arn:r", "s", target, when), Error);  // http refused
  target.allow_http = true;
  EXPECT_EQ(AssumeRoleRequest(base, "arn:r", "s", target, when).url, "http://127.0.0.1:5000/");
}

TEST(AwsAssumeRole, ParsesTheCredentials) {
  AwsSessionCredentials parsed = ParseStsResponse(
      Respond(200, StsXml("AssumeRole", "ASIAX", kStsSecret, kStsToken, "2030-05-06T07:08:09Z")),
      "STS");
  EXPECT_EQ(parsed.credentials.access_key_id, "ASIAX");
  EXPECT_EQ(parsed.credentials.secret_access_key.Reveal(), kStsSecret);
  EXPECT_EQ(parsed.credentials.session_token.Reveal(), kStsToken);
  ASSERT_TRUE(parsed.expiration.has_value());
  EXPECT_EQ(*parsed.expiration, ParseIso8601("2030-05-06T07:08:09.000+00:00").value());
  EXPECT_EQ(AmzDate(*parsed.expiration), "20300506T070809Z");
  EXPECT_FALSE(ParseIso8601("tomorrow").has_value());
}

TEST(AwsAssumeRole, RefusalIsPermissionDeniedWithStsCodeAndNoKeys) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& request) {
    if (IsSts(request))
      return Respond(403, StsErrorXml("AccessDenied",
                                      "User: arn:aws:iam::1:user/u is not authorized to perform: "
                                      "sts:AssumeRole"));
    return HeadOk();
  });
  CloudStorageConnectionInfo info = S3Info("iam_role");
  info.aws_access_key_id = "AKIDBASE";
  info.aws_role_arn = "arn:aws:iam::123456789012:role/r";
  CloudSecrets secrets;
  secrets.emplace("aws_secret_access_key", Secret(kBaseSecret));
  try {
    OpenS3ObjectStoreWith(info, std::move(secrets),
                          {FakeEnv{}.Get(), transport, nullptr, NoSleep(), {}});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    std::string message = error.what();
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
    EXPECT_NE(message.find("AccessDenied"), std::string::npos) << message;
    EXPECT_NE(message.find("not authorized to perform"), std::string::npos) << message;
    EXPECT_NE(message.find("arn:aws:iam::123456789012:role/r"), std::string::npos) << message;
    ExpectNoSecret(message);
  }
}

TEST(AwsAssumeRole, EchoedSecretIsRedacted) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(400, StsErrorXml("InvalidParameter", "bad key " + std::string(kBaseSecret)));
  });
  AwsCredentialResolver resolver({FakeEnv{}.Get(), transport, nullptr, NoSleep(), {}});
  AwsCredentials base{"AKIDBASE", Secret(kBaseSecret), Secret()};
  try {
    resolver.AssumeRole(base, "arn:r", StsTarget{});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
    ExpectNoSecret(error.what());
  }
}

struct StsCounter {
  std::atomic<int> sts_calls{0};
  std::string expiration = "2099-01-01T00:00:00Z";
};

TEST(AwsAssumeRole, OneStsCallServesManyRequests) {
  auto counter = std::make_shared<StsCounter>();
  auto transport = std::make_shared<FakeTransport>([counter](const HttpRequest& request) {
    if (IsSts(request)) {
      counter->sts_calls++;
      return Respond(200,
                     StsXml("AssumeRole", "ASIASTS", kStsSecret, kStsToken, counter->expiration));
    }
    return HeadOk();
  });
  CloudStorageConnectionInfo info = S3Info("iam_role");
  info.aws_access_key_id = "AKIDBASE";
  info.aws_role_arn = "arn:aws:iam::123456789012:role/r";
  info.endpoint_url = "http://127.0.0.1:5000/";
  info.aws_allow_unsafe_html = true;
  CloudSecrets secrets;
  secrets.emplace("aws_secret_access_key", Secret(kBaseSecret));
  auto store = OpenS3ObjectStoreWith(info, std::move(secrets),
                                     {FakeEnv{}.Get(), transport, nullptr, NoSleep(), {}});
  for (int i = 0; i < 4; ++i) store->Head("bucket-1", "k" + std::to_string(i));
  EXPECT_EQ(counter->sts_calls.load(), 1);
  auto sent = transport->requests();
  ASSERT_EQ(sent.size(), 5u);
  EXPECT_EQ(sent[0].url, "http://127.0.0.1:5000/");  // the connection's endpoint serves STS
  EXPECT_NE(Authorization(sent[0]).find("Credential=AKIDBASE/"), std::string::npos);
  EXPECT_NE(Authorization(sent[0]).find("/eu-west-1/sts/aws4_request"), std::string::npos);
  for (size_t i = 1; i < sent.size(); ++i)
    EXPECT_NE(Authorization(sent[i]).find("Credential=ASIASTS/"), std::string::npos);
}

TEST(AwsAssumeRole, RefreshesFiveMinutesBeforeExpiration) {
  auto clock = std::make_shared<AwsClock::time_point>(AwsClock::from_time_t(1'900'000'000));
  auto counter = std::make_shared<std::atomic<int>>(0);
  auto transport = std::make_shared<FakeTransport>([counter, clock](const HttpRequest& request) {
    if (IsSts(request)) {
      int n = ++*counter;
      // Each answer lives one hour from the scripted "now".
      std::string expires = AmzDate(*clock + std::chrono::hours(1));
      std::string iso = expires.substr(0, 4) + "-" + expires.substr(4, 2) + "-" +
                        expires.substr(6, 2) + "T" + expires.substr(9, 2) + ":" +
                        expires.substr(11, 2) + ":" + expires.substr(13, 2) + "Z";
      return Respond(200,
                     StsXml("AssumeRole", "ASIA" + std::to_string(n), kStsSecret, kStsToken, iso));
    }
    return HeadOk();
  });
  CloudStorageConnectionInfo info = S3Info("iam_role");
  info.aws_access_key_id = "AKIDBASE";
  info.aws_role_arn = "arn:aws:iam::123456789012:role/r";
  CloudSecrets secrets;
  secrets.emplace("aws_secret_access_key", Secret(kBaseSecret));
  auto store = OpenS3ObjectStoreWith(
      info, std::move(secrets),
      {FakeEnv{}.Get(), transport, nullptr, NoSleep(), [clock] { return *clock; }});
  store->Head("bucket-1", "a");
  *clock += std::chrono::minutes(54);  // 6 minutes left: still fine
  store->Head("bucket-1", "b");
  EXPECT_EQ(counter->load(), 1);
  *clock += std::chrono::minutes(2);  // 4 minutes left: refresh
  store->Head("bucket-1", "c");
  EXPECT_EQ(counter->load(), 2);
  auto sent = transport->requests();
  ASSERT_EQ(sent.size(), 5u);
  EXPECT_NE(Authorization(sent[1]).find("Credential=ASIA1/"), std::string::npos);
  EXPECT_NE(Authorization(sent[2]).find("Credential=ASIA1/"), std::string::npos);
  EXPECT_TRUE(IsSts(sent[3]));
  EXPECT_NE(Authorization(sent[4]).find("Credential=ASIA2/"), std::string::npos);
}

TEST(AwsAssumeRole, WithoutAnAccessKeyTheBaseComesFromTheDefaultChain) {
  FakeEnv env;
  env.vars["HOME"] = "/nonexistent-flowfile-home";
  env.vars["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  env.vars["AWS_SECRET_ACCESS_KEY"] = std::string(kBaseSecret);
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& request) {
    if (IsSts(request))
      return Respond(
          200, StsXml("AssumeRole", "ASIASTS", kStsSecret, kStsToken, "2099-01-01T00:00:00Z"));
    return HeadOk();
  });
  CloudStorageConnectionInfo info = S3Info("iam_role");
  info.aws_role_arn = "arn:aws:iam::123456789012:role/r";
  auto store = OpenS3ObjectStoreWith(info, {}, {env.Get(), transport, nullptr, NoSleep(), {}});
  store->Head("bucket-1", "a");
  auto sent = transport->requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_NE(Authorization(sent[0]).find("Credential=AKIDENV/"), std::string::npos);
  EXPECT_NE(Authorization(sent[1]).find("Credential=ASIASTS/"), std::string::npos);
}

// ---- default chain: web identity and IMDSv2 ---------------------------------------------------

TEST(AwsWebIdentity, AssumesTheRoleUnsignedWithTheToken) {
  TempDir dir;
  FakeEnv env;
  env.vars["HOME"] = dir.Path("home");
  env.vars["AWS_WEB_IDENTITY_TOKEN_FILE"] = dir.Write("token", std::string(kWebToken) + "\n");
  env.vars["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/web";
  env.vars["AWS_ROLE_SESSION_NAME"] = "pod-1";
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& request) {
    if (IsSts(request))
      return Respond(200, StsXml("AssumeRoleWithWebIdentity", "ASIAWEB", kStsSecret, kStsToken,
                                 "2099-01-01T00:00:00Z"));
    return Respond(500);
  });
  AwsCredentialResolver resolver({env.Get(), transport, nullptr, NoSleep(), {}});
  StsTarget target;
  target.region = "us-east-2";
  AwsSessionCredentials got = resolver.DefaultChain(target);
  EXPECT_EQ(got.credentials.access_key_id, "ASIAWEB");
  EXPECT_EQ(got.credentials.session_token.Reveal(), kStsToken);
  auto sent = transport->requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].url, "https://sts.us-east-2.amazonaws.com/");
  EXPECT_FALSE(HasHeader(sent[0].headers, "Authorization"));
  EXPECT_EQ(sent[0].body,
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%"
            "3A123456789012%3Arole%2Fweb&RoleSessionName=pod-1&DurationSeconds=3600&"
            "WebIdentityToken=" +
                std::string(kWebToken));
}

TEST(AwsWebIdentity, RefusalKeepsTheTokenOut) {
  TempDir dir;
  FakeEnv env;
  env.vars["HOME"] = dir.Path("home");
  env.vars["AWS_WEB_IDENTITY_TOKEN_FILE"] = dir.Write("token", std::string(kWebToken));
  env.vars["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/web";
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(400, StsErrorXml("InvalidIdentityToken",
                                    "token " + std::string(kWebToken) + " is expired"));
  });
  AwsCredentialResolver resolver({env.Get(), transport, nullptr, NoSleep(), {}});
  try {
    resolver.DefaultChain(StsTarget{});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
    EXPECT_NE(std::string(error.what()).find("InvalidIdentityToken"), std::string::npos);
    ExpectNoSecret(error.what());
  }
}

TEST(AwsImds, TokenPutThenRoleThenCredentialsWithTheTokenHeader) {
  FakeEnv env;
  env.vars["HOME"] = "/nonexistent-flowfile-home";
  env.vars["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:1338/";
  auto imds = std::make_shared<FakeTransport>([](const HttpRequest& request) {
    if (request.method == "PUT" && request.url == "http://127.0.0.1:1338/latest/api/token")
      return Respond(200, "imds-session-token");
    if (FindHeader(request.headers, "X-aws-ec2-metadata-token").value_or("") !=
        "imds-session-token")
      return Respond(401);
    if (request.url == "http://127.0.0.1:1338/latest/meta-data/iam/security-credentials/")
      return Respond(200, "ec2-role\n");
    if (request.url == "http://127.0.0.1:1338/latest/meta-data/iam/security-credentials/ec2-role")
      return Respond(200, R"({"Code":"Success","LastUpdated":"2026-01-01T00:00:00Z",)"
                          R"("Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":")" +
                              std::string(kImdsSecret) + R"(","Token":")" +
                              std::string(kImdsToken) +
                              R"(","Expiration":"2099-01-01T06:00:00Z"})");
    return Respond(404);
  });
  auto sts = std::make_shared<FakeTransport>([](const HttpRequest&) { return Respond(500); });
  AwsCredentialResolver resolver({env.Get(), sts, imds, NoSleep(), {}});
  AwsSessionCredentials got = resolver.DefaultChain(StsTarget{});
  EXPECT_EQ(got.credentials.access_key_id, "ASIAIMDS");
  EXPECT_EQ(got.credentials.secret_access_key.Reveal(), kImdsSecret);
  EXPECT_EQ(got.credentials.session_token.Reveal(), kImdsToken);
  ASSERT_TRUE(got.expiration.has_value());
  EXPECT_EQ(AmzDate(*got.expiration), "20990101T060000Z");
  auto sent = imds->requests();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].method, "PUT");
  EXPECT_EQ(FindHeader(sent[0].headers, "X-aws-ec2-metadata-token-ttl-seconds").value_or(""),
            "21600");
  EXPECT_EQ(sent[1].method, "GET");
  EXPECT_EQ(sent[2].method, "GET");
  EXPECT_TRUE(sts->requests().empty());
}

TEST(AwsImds, DisabledOrUnreachableGivesAClearNotFound) {
  FakeEnv env;
  env.vars["HOME"] = "/nonexistent-flowfile-home";
  env.vars["AWS_EC2_METADATA_DISABLED"] = "true";
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    throw TransportError("connection refused", /*retryable=*/false);
    return Respond(500);
  });
  {
    AwsCredentialResolver resolver({env.Get(), transport, nullptr, NoSleep(), {}});
    try {
      resolver.DefaultChain(StsTarget{});
      FAIL() << "expected an error";
    } catch (const Error& error) {
      std::string message = error.what();
      EXPECT_EQ(error.code(), ErrorCode::kNotFound);
      EXPECT_NE(message.find("AWS_EC2_METADATA_DISABLED"), std::string::npos) << message;
      EXPECT_NE(message.find("/nonexistent-flowfile-home/.aws/credentials"), std::string::npos);
    }
    EXPECT_TRUE(transport->requests().empty());
  }
  env.vars.erase("AWS_EC2_METADATA_DISABLED");
  AwsCredentialResolver resolver({env.Get(), transport, nullptr, NoSleep(), {}});
  try {
    resolver.DefaultChain(StsTarget{});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotFound);
    EXPECT_NE(std::string(error.what()).find("169.254.169.254"), std::string::npos) << error.what();
  }
  EXPECT_EQ(transport->requests().at(0).method, "PUT");
}

TEST(AwsDefaultChain, EnvironmentComesFirst) {
  FakeEnv env;
  env.vars["HOME"] = "/nonexistent-flowfile-home";
  env.vars["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  env.vars["AWS_SECRET_ACCESS_KEY"] = std::string(kBaseSecret);
  env.vars["AWS_SESSION_TOKEN"] = std::string(kStsToken);
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) { return Respond(500); });
  AwsCredentialResolver resolver({env.Get(), transport, nullptr, NoSleep(), {}});
  AwsSessionCredentials got = resolver.DefaultChain(StsTarget{});
  EXPECT_EQ(got.credentials.access_key_id, "AKIDENV");
  EXPECT_EQ(got.credentials.session_token.Reveal(), kStsToken);
  EXPECT_FALSE(got.expiration.has_value());
  EXPECT_TRUE(transport->requests().empty());
}

TEST(AwsContainer, RelativeUriWithTheAuthorizationTokenFile) {
  TempDir dir;
  FakeEnv env;
  env.vars["HOME"] = dir.Path("home");
  env.vars["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/abc";
  env.vars["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = dir.Write("token", "eks-pod-token\n");
  auto container = std::make_shared<FakeTransport>([](const HttpRequest& request) {
    if (request.url != "http://169.254.170.2/v2/credentials/abc") return Respond(404);
    if (FindHeader(request.headers, "Authorization").value_or("") != "eks-pod-token")
      return Respond(401);
    return Respond(200, R"({"AccessKeyId":"ASIAECS","SecretAccessKey":")" +
                            std::string(kImdsSecret) + R"(","Token":")" + std::string(kImdsToken) +
                            R"(","Expiration":"2099-01-01T06:00:00Z"})");
  });
  auto sts = std::make_shared<FakeTransport>([](const HttpRequest&) { return Respond(500); });
  AwsCredentialResolver resolver({env.Get(), sts, container, NoSleep(), {}});
  AwsSessionCredentials got = resolver.DefaultChain(StsTarget{});
  EXPECT_EQ(got.credentials.access_key_id, "ASIAECS");
  EXPECT_EQ(got.credentials.secret_access_key.Reveal(), kImdsSecret);
  EXPECT_EQ(got.credentials.session_token.Reveal(), kImdsToken);
  ASSERT_TRUE(got.expiration.has_value());
  EXPECT_EQ(container->requests().size(), 1u);
}

TEST(AwsContainer, FullUriMustNotSendTheTokenInClearToAnotherHost) {
  FakeEnv env;
  env.vars["HOME"] = "/nonexistent-flowfile-home";
  env.vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://metadata.example.com/creds";
  env.vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "secret-pod-token";
  auto container = std::make_shared<FakeTransport>([](const HttpRequest&) { return Respond(500); });
  AwsCredentialResolver resolver({env.Get(), container, container, NoSleep(), {}});
  try {
    resolver.Container();
    FAIL() << "plain http to a non-local host must be refused";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(std::string(error.what()).find("secret-pod-token"), std::string::npos);
  }
  EXPECT_TRUE(container->requests().empty());
}

TEST(AwsContainer, RefusalIsPermissionDeniedWithoutTheBody) {
  FakeEnv env;
  env.vars["HOME"] = "/nonexistent-flowfile-home";
  env.vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:9911/creds";
  auto container = std::make_shared<FakeTransport>(
      [](const HttpRequest&) { return Respond(403, std::string(kImdsSecret)); });
  AwsCredentialResolver resolver({env.Get(), container, container, NoSleep(), {}});
  try {
    resolver.DefaultChain(StsTarget{});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
    ExpectNoSecret(error.what());
  }
}

TEST(AwsCredentialProcess, ProfileCommandPrintsTheCredentials) {
  TempDir dir;
  const std::string script =
      dir.Write("creds.sh",
                "#!/bin/sh\nprintf '%s' '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
                "\"SecretAccessKey\": \"" +
                    std::string(kSourceSecret) + "\", \"SessionToken\": \"" +
                    std::string(kStsToken) + "\", \"Expiration\": \"2099-02-03T04:05:06Z\"}'\n");
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  FakeEnv env;
  env.vars["HOME"] = dir.Path("home");
  env.vars["AWS_CONFIG_FILE"] =
      dir.Write("config", "[profile proc]\ncredential_process = " + script + " --profile x\n");
  env.vars["AWS_SHARED_CREDENTIALS_FILE"] = dir.Path("missing");
  env.vars["AWS_PROFILE"] = "proc";
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) { return Respond(500); });
  AwsCredentialResolver resolver({env.Get(), transport, transport, NoSleep(), {}});
  AwsSessionCredentials got = resolver.DefaultChain(StsTarget{});
  EXPECT_EQ(got.credentials.access_key_id, "AKIDPROC");
  EXPECT_EQ(got.credentials.secret_access_key.Reveal(), kSourceSecret);
  EXPECT_EQ(got.credentials.session_token.Reveal(), kStsToken);
  ASSERT_TRUE(got.expiration.has_value());
  EXPECT_EQ(AmzDate(*got.expiration), "20990203T040506Z");
  EXPECT_TRUE(transport->requests().empty());
}

TEST(AwsCredentialProcess, FailuresNameTheProfileAndNeverTheOutput) {
  TempDir dir;
  const std::string failing =
      dir.Write("fail.sh", "#!/bin/sh\necho '" + std::string(kSourceSecret) + "'\nexit 3\n");
  const std::string garbage =
      dir.Write("garbage.sh", "#!/bin/sh\necho 'not json " + std::string(kSourceSecret) + "'\n");
  std::filesystem::permissions(failing, std::filesystem::perms::owner_all);
  std::filesystem::permissions(garbage, std::filesystem::perms::owner_all);
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) { return Respond(500); });
  AwsCredentialResolver resolver({FakeEnv{}.Get(), transport, transport, NoSleep(), {}});
  try {
    resolver.Process(failing, "ci");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
    EXPECT_NE(std::string(error.what()).find("'ci'"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("exit status 3"), std::string::npos);
    ExpectNoSecret(error.what());
  }
  try {
    resolver.Process(garbage, "ci");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kIo);
    ExpectNoSecret(error.what());
  }
}

TEST(AwsCredentialProcess, AHangingCommandIsStoppedAtTheTimeLimit) {
  TempDir dir;
  const std::string pid_file = dir.Path("pid");
  const std::string hanging =
      dir.Write("hang.sh", "#!/bin/sh\necho $$ > " + pid_file + "\nsleep 30\n");
  std::filesystem::permissions(hanging, std::filesystem::perms::owner_all);
  FakeEnv env;
  env.vars["AWS_CREDENTIAL_PROCESS_TIMEOUT"] = "0.5";
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) { return Respond(500); });
  AwsCredentialResolver resolver({env.Get(), transport, transport, NoSleep(), {}});
  const auto started = std::chrono::steady_clock::now();
  try {
    resolver.Process(hanging, "slow");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kIo);
    EXPECT_NE(std::string(error.what()).find("did not answer within"), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("AWS_CREDENTIAL_PROCESS_TIMEOUT"), std::string::npos);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  std::ifstream in(pid_file);
  pid_t pid = 0;
  in >> pid;
  ASSERT_GT(pid, 0);
  // The script (and its sleep) was killed, not left running: gone, or a zombie waiting for
  // a reaper (its parent shell died with it). A kill lands asynchronously: on a loaded machine
  // the process may still be on its way out for a moment.
  std::string state;
  for (int attempt = 0; attempt < 200; ++attempt) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string field;
    state = "gone";
    if (!(stat >> field >> field >> state) || state == "Z") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(state == "Z" || state == "gone") << "the credential process is in state " << state;

  env.vars["AWS_CREDENTIAL_PROCESS_TIMEOUT"] = "soon";
  AwsCredentialResolver bad({env.Get(), transport, transport, NoSleep(), {}});
  EXPECT_THROW(bad.Process(hanging, "slow"), Error);
}

}  // namespace
}  // namespace ff::cloud
