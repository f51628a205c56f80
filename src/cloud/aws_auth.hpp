// Where AWS credentials come from when a connection does not hold them itself: the shared
// files of the AWS CLI (aws-cli), STS AssumeRole (iam_role), and the default chain (environment,
// shared files, web identity, EC2 instance metadata).
//
// Contract:
//  - Secret keys and session tokens only ever live in ff::Secret (file contents included, which
//    are wiped after parsing) and never appear in an error message: messages name profiles,
//    files, role ARNs, endpoints and the service's Code/Message.
//  - Temporary credentials (STS, IMDS) are cached by AwsCredentialProvider until 5 minutes
//    before their Expiration, then fetched again (one fetch at a time).
//  - Errors: STS refusing a request -> kPermissionDenied with STS's Code and Message; no
//    credentials anywhere -> kNotFound naming what was looked at; an unreachable endpoint or a
//    malformed answer -> kIo.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cloud/aws_credentials.hpp"
#include "cloud/http_client.hpp"
#include "flowfile/connections.hpp"

namespace ff::cloud {

class ObjectStore;

using AwsClock = std::chrono::system_clock;
//! Looks up an environment variable; nullopt when unset.
using AwsEnv = std::function<std::optional<std::string>(const std::string& name)>;
//! The process environment (getenv).
AwsEnv ProcessAwsEnv();

inline constexpr std::string_view kDefaultImdsEndpoint = "http://169.254.169.254";

//! What the resolvers talk to; every empty member gets its real default.
struct AwsAuthContext {
  AwsEnv env;                                     //!< empty: the process environment
  std::shared_ptr<HttpTransport> transport;       //!< STS (and S3); empty: libcurl
  std::shared_ptr<HttpTransport> imds_transport;  //!< empty: `transport` if set, else libcurl
                                                  //!< with short timeouts
  RetryPolicy retry;
  std::function<AwsClock::time_point()> now;  //!< empty: the system clock
};

//! Credentials with their lifetime.
struct AwsSessionCredentials {
  AwsCredentials credentials;
  std::optional<AwsClock::time_point> expiration;  //!< nullopt: long-term keys
};

// ---- shared files ------------------------------------------------------------------------

//! One profile as the two shared files describe it (the credentials file wins per key).
struct AwsProfile {
  std::string name;
  bool found = false;  //!< some section of either file names it
  std::string access_key_id;
  Secret secret_access_key;
  Secret session_token;
  std::string region;
  std::string role_arn;
  std::string source_profile;
  std::string credential_source;
  std::string external_id;
  std::string role_session_name;
  std::string web_identity_token_file;
  std::string credential_process;  //!< a command printing credentials as JSON (Version 1)
};

//! AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials.
std::string AwsSharedCredentialsPath(const AwsEnv& env);
//! AWS_CONFIG_FILE, else ~/.aws/config.
std::string AwsConfigPath(const AwsEnv& env);
//! AWS_PROFILE, else "default".
std::string AwsProfileName(const AwsEnv& env);

//! Merge one profile out of the texts of the credentials file (sections [NAME]) and the config
//! file (sections [profile NAME], and [default]).
AwsProfile ParseAwsProfile(std::string_view credentials_text, std::string_view config_text,
                           const std::string& name);
//! The same from the files (a missing file counts as empty).
AwsProfile LoadAwsProfile(const AwsEnv& env, const std::string& name);

// ---- STS and IMDS ------------------------------------------------------------------------

struct StsTarget {
  std::string region = "us-east-1";
  std::string endpoint;  //!< scheme://host[:port]; empty: https://sts.<region>.amazonaws.com
  bool allow_http = false;
  std::string Url() const;  //!< the endpoint with a trailing '/'
};

//! POST AssumeRole, SigV4-signed (service "sts") with `base`.
HttpRequest AssumeRoleRequest(const AwsCredentials& base, const std::string& role_arn,
                              const std::string& session_name, const StsTarget& target,
                              AwsClock::time_point now, const std::string& external_id = {},
                              int duration_seconds = 3600);
//! POST AssumeRoleWithWebIdentity (unsigned; the token is the proof).
HttpRequest AssumeRoleWithWebIdentityRequest(const Secret& web_identity_token,
                                             const std::string& role_arn,
                                             const std::string& session_name,
                                             const StsTarget& target, int duration_seconds = 3600);
//! The <Credentials> of an STS answer; `what` names the call in errors.
AwsSessionCredentials ParseStsResponse(const HttpResponse& response, const std::string& what);
//! "2026-01-02T03:04:05Z" (fractional seconds and a numeric UTC offset accepted).
std::optional<AwsClock::time_point> ParseIso8601(std::string_view text);

// ---- resolution --------------------------------------------------------------------------

class AwsCredentialResolver {
 public:
  explicit AwsCredentialResolver(AwsAuthContext context);

  //! Environment, then the shared files' profile, then web identity, then container
  //! credentials (when their variables are set), then IMDSv2.
  AwsSessionCredentials DefaultChain(const StsTarget& target);
  //! One profile of the shared files (keys, or role_arn with source_profile/credential_source).
  AwsSessionCredentials FromProfile(const std::string& profile, const StsTarget& target);
  AwsSessionCredentials AssumeRole(const AwsCredentials& base, const std::string& role_arn,
                                   const StsTarget& target, const std::string& external_id = {},
                                   const std::string& session_name = {});
  AwsSessionCredentials WebIdentity(const std::string& token_file, const std::string& role_arn,
                                    const std::string& session_name, const StsTarget& target);
  //! IMDSv2: token PUT, role name GET, credentials GET.
  AwsSessionCredentials Imds();
  //! ECS/EKS container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on
  //! http://169.254.170.2) or _FULL_URI (https, or http to a loopback or the ECS/EKS link-local
  //! hosts), with the Authorization of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE / _TOKEN.
  AwsSessionCredentials Container();
  //! Runs a profile's credential_process through /bin/sh and reads its JSON (Version 1,
  //! AccessKeyId, SecretAccessKey, SessionToken, Expiration). The output is never quoted.
  AwsSessionCredentials Process(const std::string& command, const std::string& profile);

  const AwsEnv& env() const { return context_.env; }
  AwsClock::time_point Now() const { return context_.now(); }

 private:
  AwsSessionCredentials FromProfileAt(const std::string& profile, const StsTarget& target,
                                      int depth);
  AwsSessionCredentials CallSts(const HttpRequest& request, const std::string& what,
                                const AwsCredentials* base);
  std::string SessionName() const;

  AwsAuthContext context_;
  HttpClient sts_http_;
  HttpClient imds_http_;
};

//! Caches what `fetch` returns until 5 minutes before it expires.
class AwsCredentialProvider {
 public:
  using Fetch = std::function<AwsSessionCredentials()>;
  AwsCredentialProvider(Fetch fetch, std::function<AwsClock::time_point()> now);
  //! Long-term credentials that never need fetching.
  static std::shared_ptr<AwsCredentialProvider> Static(AwsCredentials credentials);

  //! The current credentials; the pointer changes exactly when they were fetched again.
  std::shared_ptr<const AwsSessionCredentials> Current();

 private:
  Fetch fetch_;
  std::function<AwsClock::time_point()> now_;
  std::mutex mutex_;
  std::shared_ptr<const AwsSessionCredentials> cached_;
};

//! The credentials and region an S3 connection resolves to.
struct S3Auth {
  std::shared_ptr<AwsCredentialProvider> provider;
  std::string region;  //!< the connection's, else the profile's/environment's, else us-east-1
};
//! For auth_method access_key, env_vars, anonymous, aws-cli and iam_role.
S3Auth MakeS3Auth(const CloudStorageConnectionInfo& info, CloudSecrets& secrets,
                  AwsAuthContext context);

//! OpenS3ObjectStore with injected transports/environment (tests); in s3_object_store.cpp.
std::unique_ptr<ObjectStore> OpenS3ObjectStoreWith(const CloudStorageConnectionInfo& info,
                                                   CloudSecrets secrets, AwsAuthContext context);

}  // namespace ff::cloud
