#include "cloud/aws_auth.hpp"

#include <openssl/crypto.h>
#include <sys/wait.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cloud/shell_command.hpp"
#include "cloud/sigv4.hpp"
#include "cloud/url.hpp"
#include "cloud/xml_scan.hpp"
#include "flowfile/errors.hpp"
#include "util/text.hpp"

namespace ff::cloud {
namespace {

constexpr std::chrono::minutes kRefreshMargin{5};
constexpr int kMaxProfileDepth = 5;
constexpr std::string_view kStsVersion = "2011-06-15";

std::string_view Trim(std::string_view text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string EnvOr(const AwsEnv& env, const std::string& name, std::string fallback = {}) {
  std::optional<std::string> value = env(name);
  return value && !value->empty() ? *value : fallback;
}

std::string HomePath(const AwsEnv& env, const std::string& relative) {
  std::string home = EnvOr(env, "HOME");
  return home.empty() ? relative : home + "/" + relative;
}

//! The whole file, held as a Secret (it may hold keys); empty when it cannot be read.
Secret ReadSecretFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Secret();
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  return Secret::Adopt(text);
}

//! Calls `on_value(section, key, value)` for every "key = value" of an INI text. Indented
//! lines after a key without a value (nested blocks such as "s3 =") are skipped.
//! `on_section(name)` is called for every section header.
template <typename OnSection, typename OnValue>
void ScanIni(std::string_view text, OnSection on_section, OnValue on_value) {
  std::string section;
  bool nested = false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(start, end - start);
    start = end + 1;
    std::string_view line = Trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    bool indented = raw[0] == ' ' || raw[0] == '\t';
    if (line.front() == '[') {
      size_t close = line.find(']');
      section = close == std::string_view::npos ? std::string()
                                                : std::string(Trim(line.substr(1, close - 1)));
      nested = false;
      on_section(section);
      continue;
    }
    if (nested && indented) continue;
    nested = false;
    size_t equals = line.find('=');
    if (equals == std::string_view::npos || section.empty()) continue;
    std::string key = Lower(Trim(line.substr(0, equals)));
    std::string_view value = Trim(line.substr(equals + 1));
    if (value.empty()) {
      nested = true;
      continue;
    }
    on_value(section, key, value);
  }
}

//! The profile a config-file section names ("profile x" -> x, "default" -> default).
std::optional<std::string> ConfigSectionProfile(const std::string& section) {
  if (section == "default") return section;
  if (section.rfind("profile", 0) == 0 && section.size() > 7 &&
      (section[7] == ' ' || section[7] == '\t'))
    return std::string(Trim(std::string_view(section).substr(8)));
  return std::nullopt;
}

void Apply(AwsProfile& profile, const std::string& key, std::string_view value, bool overwrite) {
  auto set = [&](std::string& field) {
    if (overwrite || field.empty()) field = std::string(value);
  };
  auto set_secret = [&](Secret& field) {
    if (overwrite || field.empty()) field = Secret(value);
  };
  if (key == "aws_access_key_id")
    set(profile.access_key_id);
  else if (key == "aws_secret_access_key")
    set_secret(profile.secret_access_key);
  else if (key == "aws_session_token")
    set_secret(profile.session_token);
  else if (key == "region")
    set(profile.region);
  else if (key == "role_arn")
    set(profile.role_arn);
  else if (key == "source_profile")
    set(profile.source_profile);
  else if (key == "credential_source")
    set(profile.credential_source);
  else if (key == "external_id")
    set(profile.external_id);
  else if (key == "role_session_name")
    set(profile.role_session_name);
  else if (key == "web_identity_token_file")
    set(profile.web_identity_token_file);
  else if (key == "credential_process")
    set(profile.credential_process);
}

std::string ProfileFiles(const AwsEnv& env) {
  return AwsSharedCredentialsPath(env) + " and " + AwsConfigPath(env);
}

//! `text` with every occurrence of the given secrets replaced (defence in depth: a service
//! echoing a value back must not put it into an error message).
std::string Redact(std::string text, std::initializer_list<std::string_view> secrets) {
  for (std::string_view secret : secrets) {
    if (secret.size() < 4) continue;
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
      text.replace(at, secret.size(), "REDACTED");
  }
  return text;
}

std::string FormEncode(std::string_view text) { return UriEncode(text, /*keep_slash=*/false); }

HttpRequest StsPost(const StsTarget& target, std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.url = target.Url();
  ParsedUrl parsed = ParseUrl(request.url);
  if (parsed.scheme != "https" && !(parsed.scheme == "http" && target.allow_http))
    throw Error(ErrorCode::kInvalidArgument,
                "STS endpoint '" + ScrubUrl(request.url) +
                    "' must use https:// (plain http needs aws_allow_unsafe_html=True)");
  request.headers.push_back({"Host", parsed.HostHeader()});
  request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"});
  request.headers.push_back({"Accept", "application/xml"});
  request.body = std::move(body);
  return request;
}

AwsSessionCredentials EnvironmentCredentials(const AwsEnv& env) {
  AwsSessionCredentials out;
  std::optional<std::string> id = env("AWS_ACCESS_KEY_ID");
  std::optional<std::string> secret = env("AWS_SECRET_ACCESS_KEY");
  if (!id || id->empty() || !secret || secret->empty()) return out;
  out.credentials.access_key_id = *id;
  out.credentials.secret_access_key = Secret::Adopt(*secret);
  if (std::optional<std::string> token = env("AWS_SESSION_TOKEN"); token && !token->empty())
    out.credentials.session_token = Secret::Adopt(*token);
  return out;
}

std::string EnvironmentRegion(const AwsEnv& env) {
  std::string region = EnvOr(env, "AWS_REGION");
  return region.empty() ? EnvOr(env, "AWS_DEFAULT_REGION") : region;
}

}  // namespace

AwsEnv ProcessAwsEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string AwsSharedCredentialsPath(const AwsEnv& env) {
  std::string path = EnvOr(env, "AWS_SHARED_CREDENTIALS_FILE");
  return path.empty() ? HomePath(env, ".aws/credentials") : path;
}

std::string AwsConfigPath(const AwsEnv& env) {
  std::string path = EnvOr(env, "AWS_CONFIG_FILE");
  return path.empty() ? HomePath(env, ".aws/config") : path;
}

std::string AwsProfileName(const AwsEnv& env) { return EnvOr(env, "AWS_PROFILE", "default"); }

AwsProfile ParseAwsProfile(std::string_view credentials_text, std::string_view config_text,
                           const std::string& name) {
  AwsProfile profile;
  profile.name = name;
  ScanIni(
      credentials_text, [&](const std::string& section) { profile.found |= section == name; },
      [&](const std::string& section, const std::string& key, std::string_view value) {
        if (section != name) return;
        Apply(profile, key, value, /*overwrite=*/true);
      });
  ScanIni(
      config_text,
      [&](const std::string& section) {
        std::optional<std::string> named = ConfigSectionProfile(section);
        profile.found |= named && *named == name;
      },
      [&](const std::string& section, const std::string& key, std::string_view value) {
        std::optional<std::string> named = ConfigSectionProfile(section);
        if (!named || *named != name) return;
        // The credentials file wins for a key both files set.
        Apply(profile, key, value, /*overwrite=*/false);
      });
  return profile;
}

AwsProfile LoadAwsProfile(const AwsEnv& env, const std::string& name) {
  Secret credentials = ReadSecretFile(AwsSharedCredentialsPath(env));
  Secret config = ReadSecretFile(AwsConfigPath(env));
  return ParseAwsProfile(credentials.Reveal(), config.Reveal(), name);
}

std::string StsTarget::Url() const {
  std::string base =
      endpoint.empty() ? "https://sts." + (region.empty() ? "us-east-1" : region) + ".amazonaws.com"
                       : util::TrimRight(endpoint, "/");
  return base + "/";
}

HttpRequest AssumeRoleRequest(const AwsCredentials& base, const std::string& role_arn,
                              const std::string& session_name, const StsTarget& target,
                              AwsClock::time_point now, const std::string& external_id,
                              int duration_seconds) {
  if (base.anonymous() || base.secret_access_key.empty())
    throw Error(ErrorCode::kInvalidArgument,
                "STS AssumeRole of '" + role_arn + "' needs base credentials (an access key)");
  std::string body = "Action=AssumeRole&Version=" + std::string(kStsVersion) +
                     "&RoleArn=" + FormEncode(role_arn) +
                     "&RoleSessionName=" + FormEncode(session_name) +
                     "&DurationSeconds=" + std::to_string(duration_seconds);
  if (!external_id.empty()) body += "&ExternalId=" + FormEncode(external_id);
  HttpRequest request = StsPost(target, std::move(body));
  SigV4Options options;
  options.region = target.region.empty() ? "us-east-1" : target.region;
  options.service = "sts";
  options.amz_date = AmzDate(now);
  SigV4Request to_sign{request.method, "/", "", request.headers, request.body};
  SigV4Result signed_request = SignV4Headers(to_sign, base, options);
  for (HttpHeader& header : signed_request.added_headers)
    request.headers.push_back(std::move(header));
  return request;
}

HttpRequest AssumeRoleWithWebIdentityRequest(const Secret& web_identity_token,
                                             const std::string& role_arn,
                                             const std::string& session_name,
                                             const StsTarget& target, int duration_seconds) {
  std::string body = "Action=AssumeRoleWithWebIdentity&Version=" + std::string(kStsVersion) +
                     "&RoleArn=" + FormEncode(role_arn) +
                     "&RoleSessionName=" + FormEncode(session_name) +
                     "&DurationSeconds=" + std::to_string(duration_seconds) +
                     "&WebIdentityToken=" + FormEncode(web_identity_token.Reveal());
  return StsPost(target, std::move(body));
}

std::optional<AwsClock::time_point> ParseIso8601(std::string_view text) {
  std::string value(Trim(text));
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(value.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::string_view rest = std::string_view(value).substr(static_cast<size_t>(consumed));
  if (!rest.empty() && rest[0] == '.') {
    size_t digits = rest.find_first_not_of("0123456789", 1);
    rest = digits == std::string_view::npos ? std::string_view() : rest.substr(digits);
  }
  long offset_seconds = 0;
  if (rest == "Z" || rest == "z" || rest.empty()) {
  } else if ((rest[0] == '+' || rest[0] == '-') && rest.size() == 6 && rest[3] == ':') {
    int hours = 0, minutes = 0;
    if (std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &hours, &minutes) != 2)
      return std::nullopt;
    offset_seconds = (hours * 60L + minutes) * 60L * (rest[0] == '+' ? 1 : -1);
  } else {
    return std::nullopt;
  }
  time_t seconds = timegm(&tm);
  if (seconds == static_cast<time_t>(-1)) return std::nullopt;
  return AwsClock::from_time_t(seconds - offset_seconds);
}

AwsSessionCredentials ParseStsResponse(const HttpResponse& response, const std::string& what) {
  if (response.status < 200 || response.status >= 300) {
    ServiceError service = ParseServiceError(response.body);
    ErrorCode code = !service.code.empty() || (response.status >= 400 && response.status < 500)
                         ? ErrorCode::kPermissionDenied
                         : ErrorCodeForStatus(response.status);
    std::string detail = service.code.empty()
                             ? "HTTP " + std::to_string(response.status)
                             : service.code + " (HTTP " + std::to_string(response.status) + ")";
    if (!service.message.empty()) detail += ": " + service.message;
    throw Error(code, what + " was refused: " + detail);
  }
  std::vector<std::string_view> blocks = XmlElements(response.body, "Credentials");
  if (blocks.empty()) throw Error(ErrorCode::kIo, what + ": STS answered without <Credentials>");
  std::string_view block = blocks.front();
  std::optional<std::string> id = XmlText(block, "AccessKeyId");
  std::optional<std::string> secret = XmlText(block, "SecretAccessKey");
  std::optional<std::string> token = XmlText(block, "SessionToken");
  std::optional<std::string> expiration = XmlText(block, "Expiration");
  AwsSessionCredentials out;
  if (secret) out.credentials.secret_access_key = Secret::Adopt(*secret);
  if (token) out.credentials.session_token = Secret::Adopt(*token);
  if (!id || id->empty() || out.credentials.secret_access_key.empty())
    throw Error(ErrorCode::kIo,
                what + ": STS answered without AccessKeyId/SecretAccessKey in <Credentials>");
  out.credentials.access_key_id = *id;
  if (expiration) out.expiration = ParseIso8601(*expiration);
  // An unreadable lifetime: assume the shortest STS allows (15 minutes).
  if (!out.expiration) out.expiration = AwsClock::now() + std::chrono::minutes(15);
  return out;
}

// ---- resolver ----------------------------------------------------------------------------

namespace {

std::shared_ptr<HttpTransport> ImdsTransportFor(const AwsAuthContext& given) {
  if (given.imds_transport) return given.imds_transport;
  if (given.transport) return given.transport;
  TransportOptions options;
  options.connect_timeout = std::chrono::milliseconds(1'000);
  options.request_timeout = std::chrono::milliseconds(3'000);
  return MakeCurlTransport(options);
}

RetryPolicy ImdsRetry(RetryPolicy policy) {
  policy.max_attempts = 2;
  policy.max_connection_resets = 1;
  return policy;
}

}  // namespace

AwsCredentialResolver::AwsCredentialResolver(AwsAuthContext context)
    : context_(std::move(context)),
      sts_http_(context_.transport ? context_.transport : MakeCurlTransport(), context_.retry),
      imds_http_(ImdsTransportFor(context_), ImdsRetry(context_.retry)) {
  if (!context_.env) context_.env = ProcessAwsEnv();
  if (!context_.now) context_.now = [] { return AwsClock::now(); };
}

std::string AwsCredentialResolver::SessionName() const {
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(context_.now().time_since_epoch())
          .count();
  return "flowfile-" + std::to_string(millis);
}

AwsSessionCredentials AwsCredentialResolver::CallSts(const HttpRequest& request,
                                                     const std::string& what,
                                                     const AwsCredentials* base) {
  HttpResponse response;
  try {
    response = sts_http_.Send(request);
  } catch (const TransportError& error) {
    throw Error(ErrorCode::kIo, what + ": the STS endpoint " + ScrubUrl(request.url) +
                                    " is unreachable (" + std::string(error.what()) + ")");
  }
  try {
    return ParseStsResponse(response, what);
  } catch (const Error& error) {
    if (base == nullptr) throw;
    throw Error(error.code(), Redact(error.what(), {base->secret_access_key.Reveal(),
                                                    base->session_token.Reveal()}));
  }
}

AwsSessionCredentials AwsCredentialResolver::AssumeRole(const AwsCredentials& base,
                                                        const std::string& role_arn,
                                                        const StsTarget& target,
                                                        const std::string& external_id,
                                                        const std::string& session_name) {
  HttpRequest request =
      AssumeRoleRequest(base, role_arn, session_name.empty() ? SessionName() : session_name, target,
                        context_.now(), external_id);
  return CallSts(request,
                 "STS AssumeRole of '" + role_arn + "' (access key '" + base.access_key_id + "')",
                 &base);
}

AwsSessionCredentials AwsCredentialResolver::WebIdentity(const std::string& token_file,
                                                         const std::string& role_arn,
                                                         const std::string& session_name,
                                                         const StsTarget& target) {
  const std::string what = "STS AssumeRoleWithWebIdentity of '" + role_arn + "'";
  Secret file = ReadSecretFile(token_file);
  Secret token(Trim(file.Reveal()));
  if (token.empty())
    throw Error(ErrorCode::kNotFound,
                what + ": the web identity token file '" + token_file + "' is missing or empty");
  HttpRequest request = AssumeRoleWithWebIdentityRequest(
      token, role_arn, session_name.empty() ? SessionName() : session_name, target);
  try {
    return CallSts(request, what, nullptr);
  } catch (const Error& error) {
    throw Error(error.code(), Redact(error.what(), {token.Reveal()}));
  }
}

namespace {

// Credentials from a JSON answer (IMDS, containers, credential_process): AccessKeyId,
// SecretAccessKey, the token under `token_field`, Expiration. The parsed copies of the secret
// values are wiped; `what` names the source in errors, which never quote the body.
AwsSessionCredentials CredentialsFromJson(const Secret& body, const std::string& what,
                                          const char* token_field) {
  nlohmann::json json = nlohmann::json::parse(body.Reveal(), nullptr, false);
  if (!json.is_object()) throw Error(ErrorCode::kIo, what + ": the answer is not a JSON object");
  auto text = [&](const char* key) -> std::string {
    if (!json.contains(key) || !json[key].is_string()) return {};
    return json[key].get<std::string>();
  };
  AwsSessionCredentials out;
  out.credentials.access_key_id = text("AccessKeyId");
  std::string secret = text("SecretAccessKey");
  std::string session = text(token_field);
  out.credentials.secret_access_key = Secret::Adopt(secret);
  out.credentials.session_token = Secret::Adopt(session);
  for (const char* key : {"SecretAccessKey", token_field}) {
    if (json.contains(key) && json[key].is_string()) {
      std::string& held = json[key].get_ref<std::string&>();
      OPENSSL_cleanse(held.data(), held.size());
    }
  }
  if (out.credentials.access_key_id.empty() || out.credentials.secret_access_key.empty())
    throw Error(ErrorCode::kIo, what + ": the answer lacks AccessKeyId/SecretAccessKey");
  if (std::string expiration = text("Expiration"); !expiration.empty()) {
    out.expiration = ParseIso8601(expiration);
    if (!out.expiration)
      throw Error(ErrorCode::kIo, what + ": malformed Expiration '" + expiration + "'");
  }
  return out;
}

// http:// is allowed only to hosts that cannot be on another machine's network path.
bool IsContainerHttpHost(const std::string& host) {
  return host == "169.254.170.2" || host == "169.254.170.23" || host == "localhost" ||
         host.rfind("127.", 0) == 0 || host == "[::1]" || host == "::1" ||
         host == "[fd00:ec2::23]" || host == "fd00:ec2::23";
}

}  // namespace

AwsSessionCredentials AwsCredentialResolver::Container() {
  const AwsEnv& env = context_.env;
  std::string url;
  if (std::string relative = EnvOr(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
      !relative.empty()) {
    url = "http://169.254.170.2" + relative;
  } else {
    url = EnvOr(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
    if (url.empty())
      throw Error(ErrorCode::kNotFound,
                  "container credentials: neither "
                  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor _FULL_URI "
                  "is set");
    const ParsedUrl parsed = ParseUrl(url);
    if (parsed.scheme != "https" && !(parsed.scheme == "http" && IsContainerHttpHost(parsed.host)))
      throw Error(ErrorCode::kInvalidArgument,
                  "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to a loopback or "
                  "the ECS/EKS credential host, not '" +
                      ScrubUrl(url) + "'");
  }
  const std::string what = "container credentials (" + ScrubUrl(url) + ")";
  HttpRequest request;
  request.url = url;
  Secret authorization;
  if (std::string file = EnvOr(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"); !file.empty()) {
    authorization = ReadSecretFile(file);
  } else if (auto token = env("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
    authorization = Secret(*token);
  }
  if (!authorization.empty()) {
    request.headers.push_back({"Authorization", std::string(Trim(authorization.Reveal()))});
  }
  HttpResponse response;
  try {
    response = imds_http_.Send(request);
  } catch (const TransportError& error) {
    throw Error(ErrorCode::kIo, what + " are unreachable (" + std::string(error.what()) + ")");
  }
  Secret body = Secret::Adopt(response.body);
  if (response.status < 200 || response.status >= 300) {
    const ErrorCode code = response.status == 401 || response.status == 403
                               ? ErrorCode::kPermissionDenied
                               : ErrorCode::kIo;
    throw Error(code, what + " answered HTTP " + std::to_string(response.status));
  }
  return CredentialsFromJson(body, what, "Token");
}

namespace {

// A credential_process that hangs (a prompt nobody sees, a dead network) must not hang
// the pipeline: 60 s by default, like a slow SSO login, settable for slower helpers.
std::chrono::milliseconds CredentialProcessTimeout(const AwsEnv& env) {
  const std::string text = EnvOr(env, "AWS_CREDENTIAL_PROCESS_TIMEOUT", "60");
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !(seconds > 0) || seconds > 86400)
    throw Error(ErrorCode::kInvalidArgument,
                "AWS_CREDENTIAL_PROCESS_TIMEOUT is '" + text + "'; expected seconds (e.g. 60)");
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
}

}  // namespace

AwsSessionCredentials AwsCredentialResolver::Process(const std::string& command,
                                                     const std::string& profile) {
  const std::string what = "credential_process of AWS profile '" + profile + "'";
  ShellResult run = RunShellCommand(command, CredentialProcessTimeout(context_.env));
  Secret body = std::move(run.output);
  if (run.timed_out)
    throw Error(ErrorCode::kIo,
                what + " did not answer within " +
                    std::to_string(CredentialProcessTimeout(context_.env).count() / 1000) +
                    " s and was stopped (AWS_CREDENTIAL_PROCESS_TIMEOUT sets the "
                    "limit in seconds)");
  if (run.exit_status != 0)
    throw Error(ErrorCode::kPermissionDenied,
                what + " failed (exit status " + std::to_string(run.exit_status) + ")");
  const nlohmann::json header = nlohmann::json::parse(body.Reveal(), nullptr, false);
  if (!header.is_object() || header.value("Version", 0) != 1)
    throw Error(ErrorCode::kIo, what + ": the output is not JSON with \"Version\": 1");
  return CredentialsFromJson(body, what, "SessionToken");
}

AwsSessionCredentials AwsCredentialResolver::Imds() {
  const std::string endpoint = util::TrimRight(
      EnvOr(context_.env, "AWS_EC2_METADATA_SERVICE_ENDPOINT", std::string(kDefaultImdsEndpoint)),
      "/");
  const std::string what = "EC2 instance metadata (" + endpoint + ")";
  auto send = [&](HttpRequest request, std::string_view step) {
    HttpResponse response;
    try {
      response = imds_http_.Send(request);
    } catch (const TransportError& error) {
      throw Error(ErrorCode::kIo, what + " is unreachable (" + std::string(error.what()) + ")");
    }
    if (response.status < 200 || response.status >= 300) {
      ErrorCode code = response.status == 401 || response.status == 403 || response.status == 404
                           ? ErrorCode::kPermissionDenied
                           : ErrorCode::kIo;
      throw Error(code, what + ": " + std::string(step) + " answered HTTP " +
                            std::to_string(response.status));
    }
    return response;
  };

  HttpRequest token_request;
  token_request.method = "PUT";
  token_request.url = endpoint + "/latest/api/token";
  token_request.headers.push_back({"X-aws-ec2-metadata-token-ttl-seconds", "21600"});
  HttpResponse token_response = send(std::move(token_request), "the session token PUT");
  Secret token = Secret::Adopt(token_response.body);

  const std::string base = endpoint + "/latest/meta-data/iam/security-credentials/";
  HttpRequest role_request;
  role_request.url = base;
  role_request.headers.push_back({"X-aws-ec2-metadata-token", std::string(token.Reveal())});
  HttpResponse role_response = send(std::move(role_request), "the role listing");
  std::string role(Trim(role_response.body.substr(0, role_response.body.find('\n'))));
  if (role.empty())
    throw Error(ErrorCode::kNotFound, what + ": the instance has no IAM role attached");

  HttpRequest credentials_request;
  credentials_request.url = base + UriEncode(role, false);
  credentials_request.headers.push_back({"X-aws-ec2-metadata-token", std::string(token.Reveal())});
  HttpResponse answer = send(std::move(credentials_request), "the credentials of role " + role);
  Secret body = Secret::Adopt(answer.body);
  const std::string source = what + ": the credentials of role " + role;
  const nlohmann::json status = nlohmann::json::parse(body.Reveal(), nullptr, false);
  if (status.is_object() && status.contains("Code") && status["Code"].is_string() &&
      status["Code"] != "Success") {
    throw Error(ErrorCode::kPermissionDenied,
                source + " have Code " + status["Code"].get<std::string>());
  }
  AwsSessionCredentials out = CredentialsFromJson(body, source, "Token");
  if (!out.expiration) out.expiration = context_.now() + std::chrono::minutes(15);
  return out;
}

AwsSessionCredentials AwsCredentialResolver::FromProfile(const std::string& profile,
                                                         const StsTarget& target) {
  return FromProfileAt(profile, target, 0);
}

AwsSessionCredentials AwsCredentialResolver::FromProfileAt(const std::string& name,
                                                           const StsTarget& given_target,
                                                           int depth) {
  const AwsEnv& env = context_.env;
  if (depth > kMaxProfileDepth)
    throw Error(ErrorCode::kInvalidArgument,
                "AWS profile '" + name + "': source_profile chain is longer than " +
                    std::to_string(kMaxProfileDepth) + " (a cycle?) in " + ProfileFiles(env));
  AwsProfile profile = LoadAwsProfile(env, name);
  if (!profile.found)
    throw Error(ErrorCode::kNotFound, "AWS profile '" + name + "' not found; looked in " +
                                          ProfileFiles(env) +
                                          " (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE)");
  StsTarget target = given_target;
  if (target.endpoint.empty() && !profile.region.empty() && target.region.empty())
    target.region = profile.region;

  if (!profile.role_arn.empty()) {
    AwsSessionCredentials base;
    if (!profile.source_profile.empty()) {
      if (profile.source_profile == name) {
        if (profile.access_key_id.empty() || profile.secret_access_key.empty())
          throw Error(ErrorCode::kNotFound, "AWS profile '" + name +
                                                "' is its own source_profile but has no "
                                                "aws_access_key_id/aws_secret_access_key in " +
                                                ProfileFiles(env));
        base.credentials.access_key_id = profile.access_key_id;
        base.credentials.secret_access_key = profile.secret_access_key.Clone();
        base.credentials.session_token = profile.session_token.Clone();
      } else {
        base = FromProfileAt(profile.source_profile, given_target, depth + 1);
      }
    } else if (!profile.web_identity_token_file.empty()) {
      return WebIdentity(profile.web_identity_token_file, profile.role_arn,
                         profile.role_session_name, target);
    } else if (Lower(profile.credential_source) == "environment") {
      base = EnvironmentCredentials(env);
      if (base.credentials.anonymous())
        throw Error(ErrorCode::kNotFound,
                    "AWS profile '" + name +
                        "' has credential_source Environment, but AWS_ACCESS_KEY_ID / "
                        "AWS_SECRET_ACCESS_KEY are not set");
    } else if (Lower(profile.credential_source) == "ec2instancemetadata") {
      base = Imds();
    } else {
      throw Error(ErrorCode::kInvalidArgument,
                  "AWS profile '" + name +
                      "' has role_arn but no source_profile (or a "
                      "credential_source of Environment / Ec2InstanceMetadata) in " +
                      ProfileFiles(env));
    }
    return AssumeRole(base.credentials, profile.role_arn, target, profile.external_id,
                      profile.role_session_name);
  }
  if (!profile.access_key_id.empty() && !profile.secret_access_key.empty()) {
    AwsSessionCredentials out;
    out.credentials.access_key_id = profile.access_key_id;
    out.credentials.secret_access_key = std::move(profile.secret_access_key);
    out.credentials.session_token = std::move(profile.session_token);
    return out;
  }
  if (!profile.credential_process.empty()) return Process(profile.credential_process, name);
  throw Error(ErrorCode::kNotFound, "AWS profile '" + name +
                                        "' has neither aws_access_key_id/aws_secret_access_key, "
                                        "role_arn nor credential_process; looked in " +
                                        ProfileFiles(env));
}

AwsSessionCredentials AwsCredentialResolver::DefaultChain(const StsTarget& target) {
  const AwsEnv& env = context_.env;
  std::vector<std::string> looked;

  AwsSessionCredentials from_env = EnvironmentCredentials(env);
  if (!from_env.credentials.anonymous()) return from_env;
  looked.push_back("environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY not set)");

  const std::string profile_name = AwsProfileName(env);
  AwsProfile profile = LoadAwsProfile(env, profile_name);
  bool usable = !profile.role_arn.empty() || !profile.credential_process.empty() ||
                (!profile.access_key_id.empty() && !profile.secret_access_key.empty());
  if (profile.found && usable) return FromProfile(profile_name, target);
  looked.push_back("profile '" + profile_name + "' in " + ProfileFiles(env) +
                   (profile.found ? " (no keys, role_arn or credential_process)" : " (not found)"));

  std::string token_file = EnvOr(env, "AWS_WEB_IDENTITY_TOKEN_FILE");
  std::string role_arn = EnvOr(env, "AWS_ROLE_ARN");
  if (!token_file.empty() && !role_arn.empty())
    return WebIdentity(token_file, role_arn, EnvOr(env, "AWS_ROLE_SESSION_NAME"), target);
  looked.push_back("web identity (AWS_WEB_IDENTITY_TOKEN_FILE / AWS_ROLE_ARN not set)");

  if (!EnvOr(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").empty() ||
      !EnvOr(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI").empty())
    return Container();
  looked.push_back("container credentials (AWS_CONTAINER_CREDENTIALS_*_URI not set)");

  if (Lower(EnvOr(env, "AWS_EC2_METADATA_DISABLED")) == "true") {
    looked.push_back("EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)");
  } else {
    try {
      return Imds();
    } catch (const Error& error) {
      looked.push_back(error.what());
    }
  }
  std::string message = "no AWS credentials found; looked at:";
  for (size_t i = 0; i < looked.size(); ++i) message += (i ? "; " : " ") + looked[i];
  throw Error(ErrorCode::kNotFound, message);
}

// ---- provider ----------------------------------------------------------------------------

AwsCredentialProvider::AwsCredentialProvider(Fetch fetch, std::function<AwsClock::time_point()> now)
    : fetch_(std::move(fetch)), now_(std::move(now)) {
  if (!now_) now_ = [] { return AwsClock::now(); };
}

std::shared_ptr<AwsCredentialProvider> AwsCredentialProvider::Static(AwsCredentials credentials) {
  auto held = std::make_shared<AwsCredentials>(std::move(credentials));
  return std::make_shared<AwsCredentialProvider>(
      [held] {
        AwsSessionCredentials out;
        out.credentials = held->Clone();
        return out;
      },
      nullptr);
}

std::shared_ptr<const AwsSessionCredentials> AwsCredentialProvider::Current() {
  std::lock_guard lock(mutex_);
  bool stale = !cached_ || (cached_->expiration && now_() + kRefreshMargin >= *cached_->expiration);
  if (stale) cached_ = std::make_shared<const AwsSessionCredentials>(fetch_());
  return cached_;
}

// ---- connections -------------------------------------------------------------------------

S3Auth MakeS3Auth(const CloudStorageConnectionInfo& info, CloudSecrets& secrets,
                  AwsAuthContext context) {
  const std::string& name = info.connection_name;
  if (!context.env) context.env = ProcessAwsEnv();
  if (!context.now) context.now = [] { return AwsClock::now(); };
  const AwsEnv env = context.env;
  const std::function<AwsClock::time_point()> now = context.now;
  auto take = [&](const char* field) {
    Secret out;
    if (auto it = secrets.find(field); it != secrets.end()) out = std::move(it->second);
    return out;
  };
  S3Auth auth;
  auth.region = info.aws_region;
  StsTarget target;
  target.region = info.aws_region;
  target.endpoint = info.endpoint_url;
  target.allow_http = info.aws_allow_unsafe_html;
  auto resolver = [&] { return std::make_shared<AwsCredentialResolver>(std::move(context)); };
  auto fill_region = [&](const std::string& fallback, bool from_environment = true) {
    if (auth.region.empty()) auth.region = fallback;
    if (auth.region.empty() && from_environment) auth.region = EnvironmentRegion(env);
    if (auth.region.empty()) auth.region = "us-east-1";
    target.region = auth.region;
  };

  const std::string& method = info.auth_method;
  if (method == "anonymous") {
    fill_region({}, false);
    auth.provider = AwsCredentialProvider::Static({});
  } else if (method == "access_key") {
    fill_region({}, false);
    AwsCredentials credentials;
    credentials.access_key_id = info.aws_access_key_id;
    credentials.secret_access_key = take("aws_secret_access_key");
    credentials.session_token = take("aws_session_token");
    auth.provider = AwsCredentialProvider::Static(std::move(credentials));
  } else if (method == "env_vars") {
    fill_region({});
    AwsSessionCredentials from_env = EnvironmentCredentials(env);
    if (from_env.credentials.anonymous())
      throw Error(ErrorCode::kPermissionDenied,
                  "cloud connection '" + name +
                      "' uses env_vars, but AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set");
    auth.provider = AwsCredentialProvider::Static(std::move(from_env.credentials));
  } else if (method == "aws-cli") {
    const std::string profile = AwsProfileName(env);
    fill_region(LoadAwsProfile(env, profile).region);
    auto shared = resolver();
    auth.provider = std::make_shared<AwsCredentialProvider>(
        [shared, profile, target] { return shared->FromProfile(profile, target); }, now);
  } else if (method == "iam_role") {
    if (info.aws_role_arn.empty())
      throw Error(ErrorCode::kInvalidArgument,
                  "cloud connection '" + name + "' uses iam_role but has no aws_role_arn");
    fill_region({});
    auto base = std::make_shared<AwsCredentials>();
    if (!info.aws_access_key_id.empty()) {
      base->access_key_id = info.aws_access_key_id;
      base->secret_access_key = take("aws_secret_access_key");
      base->session_token = take("aws_session_token");
      if (base->secret_access_key.empty())
        throw Error(ErrorCode::kInvalidArgument,
                    "cloud connection '" + name +
                        "' uses iam_role with aws_access_key_id but has no aws_secret_access_key");
    }
    auto shared = resolver();
    const std::string role_arn = info.aws_role_arn;
    auth.provider = std::make_shared<AwsCredentialProvider>(
        [shared, base, role_arn, target] {
          if (!base->anonymous()) return shared->AssumeRole(*base, role_arn, target);
          AwsSessionCredentials chain = shared->DefaultChain(target);
          return shared->AssumeRole(chain.credentials, role_arn, target);
        },
        now);
  } else {
    throw Error(ErrorCode::kUnsupported,
                "cloud connection '" + name + "' uses auth_method '" + method +
                    "'; S3 supports access_key, env_vars, aws-cli, iam_role and anonymous");
  }
  return auth;
}

}  // namespace ff::cloud
