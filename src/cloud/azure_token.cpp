#include "cloud/azure_token.hpp"

#include <nlohmann/json.hpp>

#include "cloud/url.hpp"
#include "util/text.hpp"

namespace ff::cloud {
namespace {

constexpr std::string_view kStorageScope = "https://storage.azure.com/.default";
constexpr std::string_view kStorageResource = "https://storage.azure.com/";
std::string Describe(const AzureServicePrincipal& principal) {
  return "Azure service principal (tenant '" + principal.tenant_id + "', client '" +
         principal.client_id + "')";
}

std::string Describe(const AzureManagedIdentity& identity) {
  return identity.client_id.empty()
             ? std::string("Azure managed identity (system-assigned)")
             : "Azure managed identity (client '" + identity.client_id + "')";
}

}  // namespace

HttpRequest ClientCredentialsRequest(const AzureServicePrincipal& principal) {
  if (principal.tenant_id.empty() || principal.client_id.empty() || principal.client_secret.empty())
    throw Error(ErrorCode::kInvalidArgument,
                "an Azure service principal needs azure_tenant_id, azure_client_id and "
                "azure_client_secret");
  HttpRequest request;
  request.method = "POST";
  request.url = util::TrimRight(principal.authority, "/") + "/" +
                UriEncode(principal.tenant_id, false) + "/oauth2/v2.0/token";
  ParseUrl(request.url);  // validates the authority (throws naming it)
  request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  request.headers.push_back({"Accept", "application/json"});
  request.body =
      "grant_type=client_credentials&client_id=" + UriEncode(principal.client_id, false) +
      "&client_secret=" + UriEncode(principal.client_secret.Reveal(), false) +
      "&scope=" + UriEncode(kStorageScope, false);
  request.headers.push_back({"Content-Length", std::to_string(request.body.size())});
  return request;
}

HttpRequest ManagedIdentityRequest(const AzureManagedIdentity& identity) {
  HttpRequest request;
  request.url = util::TrimRight(identity.imds_endpoint, "/") +
                "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=" +
                UriEncode(kStorageResource, false);
  if (!identity.client_id.empty())
    request.url += "&client_id=" + UriEncode(identity.client_id, false);
  ParseUrl(request.url);
  request.headers.push_back({"Metadata", "true"});  // IMDS refuses requests without it
  return request;
}

AzureAccessToken ParseAzureTokenResponse(const HttpResponse& response, const std::string& what,
                                         std::chrono::system_clock::time_point now) {
  if (response.status < 200 || response.status >= 300) {
    ServiceError service = ParseServiceError(response.body);
    std::string detail = service.code.empty() ? "" : " " + service.code;
    // AAD descriptions carry trace ids after the first line; the first line explains.
    std::string reason = service.message.substr(0, service.message.find_first_of("\r\n"));
    ErrorCode code = response.status == 400 || response.status == 401 || response.status == 403
                         ? ErrorCode::kPermissionDenied
                         : ErrorCodeForStatus(response.status);
    throw Error(code, what + ": the token endpoint refused the request (HTTP " +
                          std::to_string(response.status) + detail + ")" +
                          (reason.empty() ? "" : ": " + reason));
  }
  nlohmann::json json = nlohmann::json::parse(response.body, nullptr, false);
  if (!json.is_object() || !json.contains("access_token") || !json["access_token"].is_string())
    throw Error(ErrorCode::kIo, what + ": the token endpoint answered without an access_token");
  AzureAccessToken token;
  token.token = Secret(json["access_token"].get_ref<const std::string&>());
  if (auto in = json.contains("expires_in") ? TokenSeconds(json["expires_in"]) : std::nullopt) {
    token.expires_at = now + std::chrono::seconds(*in);
  } else if (auto on =
                 json.contains("expires_on") ? TokenSeconds(json["expires_on"]) : std::nullopt) {
    token.expires_at = std::chrono::system_clock::time_point(std::chrono::seconds(*on));
  } else {
    token.expires_at = now + std::chrono::minutes(10);  // unknown lifetime: refresh soon
  }
  return token;
}

AzureTokenSource::AzureTokenSource(AzureServicePrincipal principal,
                                   std::shared_ptr<HttpTransport> transport, RetryPolicy retry)
    : principal_(std::move(principal)), http_(std::move(transport), std::move(retry)) {
  ClientCredentialsRequest(principal_);  // fail at open time on a bad configuration
}

AzureTokenSource::AzureTokenSource(AzureManagedIdentity identity,
                                   std::shared_ptr<HttpTransport> transport, RetryPolicy retry)
    : managed_(true),
      identity_(std::move(identity)),
      http_(std::move(transport), std::move(retry)) {
  ManagedIdentityRequest(identity_);
}

AzureAccessToken AzureTokenSource::Fetch() {
  const std::string what = managed_ ? Describe(identity_) : Describe(principal_);
  HttpRequest request =
      managed_ ? ManagedIdentityRequest(identity_) : ClientCredentialsRequest(principal_);
  HttpResponse response;
  try {
    response = http_.Send(request);
  } catch (const TransportError& error) {
    throw Error(ErrorCode::kIo, what + ": the token endpoint " +
                                    ScrubUrl(request.url.substr(0, request.url.find('?'))) +
                                    " is unreachable (" + error.what() + ")");
  }
  return ParseAzureTokenResponse(response, what, std::chrono::system_clock::now());
}

std::string AzureTokenSource::Token() {
  return cache_.Get([this] { return Fetch(); });
}

}  // namespace ff::cloud
