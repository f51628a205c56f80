// Which fields each storage type and auth method needs (Flowfile's rules, plus
// `anonymous` and GCS HMAC keys).
#include <algorithm>
#include <map>

#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"

namespace ff {
namespace {

using Requirement = std::pair<std::string, bool (*)(const CloudStorageConnection&)>;

#define FF_FIELD(name)                                                     \
  Requirement {                                                            \
#name, [](const CloudStorageConnection& c) { return !c.name.empty(); } \
  }

// storage type -> auth method -> required fields
const std::map<std::string, std::map<std::string, std::vector<Requirement>>>& Rules() {
  static const std::map<std::string, std::map<std::string, std::vector<Requirement>>> rules = {
      {"s3",
       {{"access_key", {FF_FIELD(aws_access_key_id), FF_FIELD(aws_secret_access_key)}},
        {"iam_role", {FF_FIELD(aws_role_arn)}},
        {"aws-cli", {}},
        {"env_vars", {}},
        {"anonymous", {}}}},
      {"adls",
       {{"access_key", {FF_FIELD(azure_account_name), FF_FIELD(azure_account_key)}},
        {"sas_token", {FF_FIELD(azure_account_name), FF_FIELD(azure_sas_token)}},
        {"service_principal",
         {FF_FIELD(azure_account_name), FF_FIELD(azure_tenant_id), FF_FIELD(azure_client_id),
          FF_FIELD(azure_client_secret)}},
        {"managed_identity", {FF_FIELD(azure_account_name)}},
        {"env_vars", {FF_FIELD(azure_account_name)}},
        {"anonymous", {FF_FIELD(azure_account_name)}}}},
      {"gcs",
       {{"service_account", {FF_FIELD(gcs_service_account_key)}},
        // HMAC keys through the S3-compatible XML API.
        {"access_key", {FF_FIELD(aws_access_key_id), FF_FIELD(aws_secret_access_key)}},
        {"env_vars", {}},
        {"anonymous", {}}}},
  };
  return rules;
}

#undef FF_FIELD

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

std::string NormalisedStorageType(std::string_view type) {
  std::string t(type);
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  if (t == "azure") t = "adls";
  if (!Rules().count(t))
    throw Error(ErrorCode::kInvalidArgument, "unknown storage_type '" + std::string(type) +
                                                 "'; expected one of: s3, adls (alias azure), gcs");
  return t;
}

void Connections::ValidateCloud(const CloudStorageConnection& c) {
  ValidateName("connection", c.connection_name);
  std::string type = NormalisedStorageType(c.storage_type);
  const auto& methods = Rules().at(type);
  auto method = methods.find(c.auth_method);
  if (method == methods.end()) {
    std::vector<std::string> allowed;
    for (const auto& [name, _] : methods) allowed.push_back(name);
    throw Error(ErrorCode::kInvalidArgument, "auth_method '" + c.auth_method +
                                                 "' is not available for storage_type '" + type +
                                                 "'; expected one of: " + Join(allowed));
  }
  std::vector<std::string> missing;
  for (const auto& [field, present] : method->second)
    if (!present(c)) missing.push_back(field);
  if (!missing.empty())
    throw Error(ErrorCode::kInvalidArgument, "cloud storage connection '" + c.connection_name +
                                                 "' (" + type + ", " + c.auth_method +
                                                 ") is missing: " + Join(missing));
  if (!c.endpoint_url.empty() && c.endpoint_url.rfind("http://", 0) != 0 &&
      c.endpoint_url.rfind("https://", 0) != 0)
    throw Error(ErrorCode::kInvalidArgument,
                "endpoint_url '" + c.endpoint_url + "' must start with http:// or https://");
  for (const auto& scope : c.scopes) {
    auto pos = scope.find("://");
    if (pos == std::string::npos || pos == 0 || scope.size() == pos + 3)
      throw Error(ErrorCode::kInvalidArgument,
                  "scope '" + scope + "' is not a storage URL; expected e.g. s3://bucket/prefix");
  }
}

}  // namespace ff
