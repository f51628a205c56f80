#include "views.hpp"

#include "flowfile/secret.hpp"

namespace ff::cli {
namespace {

std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

std::string OrDash(const std::string& text) { return text.empty() ? "-" : text; }

bool IsFileDatabase(const std::string& type) { return type == "sqlite" || type == "duckdb"; }

std::string DatabaseTarget(const DatabaseConnectionInfo& info) {
  if (IsFileDatabase(info.database_type)) return info.database;
  if (!info.url.empty()) return info.url;
  std::string target = info.host;
  if (info.port) target += ":" + std::to_string(*info.port);
  if (!info.database.empty()) target += "/" + info.database;
  return target;
}

std::string PasswordText(const DatabaseConnectionInfo& info) {
  if (!info.password_ref.empty()) return "${secret:" + info.password_ref + "}";
  return info.has_password ? std::string(Secret::kMask) : "";
}

// The mask, or "${secret:NAME}" for a field that refers to a named secret.
std::string SecretFieldText(const std::string& field, const FieldReferences& references) {
  auto ref = references.find(field);
  return ref == references.end() ? std::string(Secret::kMask) : "${secret:" + ref->second + "}";
}

std::string CloudTarget(const CloudStorageConnectionInfo& info) {
  if (!info.scopes.empty()) return Join(info.scopes, ",");
  return info.endpoint_url;
}

}  // namespace

Json DatabaseJson(const DatabaseConnectionInfo& info) {
  Json password = info.has_password ? Json(PasswordText(info)) : Json(nullptr);
  return {{"kind", "database"},
          {"id", info.id},
          {"connection_name", info.connection_name},
          {"database_type", info.database_type},
          {"host", info.host},
          {"port", info.port ? Json(*info.port) : Json(nullptr)},
          {"database", info.database},
          {"username", info.username},
          {"ssl_enabled", info.ssl_enabled},
          {"url", info.url},
          {"password", password},
          {"has_password", info.has_password},
          {"password_ref", info.password_ref},  // "" when none, as in Python and the web API
          {"created_at", info.created_at},
          {"updated_at", info.updated_at}};
}

Json CloudJson(const CloudStorageConnectionInfo& info, const FieldReferences& references) {
  Json secrets = Json::object();
  for (const auto& field : info.secret_fields_set)
    secrets[field] = SecretFieldText(field, references);
  return {{"kind", "cloud"},
          {"id", info.id},
          {"connection_name", info.connection_name},
          {"storage_type", info.storage_type},
          {"auth_method", info.auth_method},
          {"endpoint_url", info.endpoint_url},
          {"verify_ssl", info.verify_ssl},
          {"scopes", info.scopes},
          {"aws_region", info.aws_region},
          {"aws_access_key_id", info.aws_access_key_id},
          {"aws_role_arn", info.aws_role_arn},
          {"aws_allow_unsafe_html", info.aws_allow_unsafe_html},
          {"azure_account_name", info.azure_account_name},
          {"azure_tenant_id", info.azure_tenant_id},
          {"azure_client_id", info.azure_client_id},
          {"gcs_project_id", info.gcs_project_id},
          {"secret_fields_set", info.secret_fields_set},
          {"secret_fields", secrets},
          {"created_at", info.created_at},
          {"updated_at", info.updated_at}};
}

const std::vector<std::string>& ConnectionListHeaders() {
  static const std::vector<std::string> headers = {"NAME",      "KIND",    "TYPE",   "TARGET",
                                                   "USER/AUTH", "SECRETS", "UPDATED"};
  return headers;
}

std::vector<std::string> DatabaseRow(const DatabaseConnectionInfo& info) {
  return {
      info.connection_name,
      "database",
      info.database_type,
      OrDash(DatabaseTarget(info)),
      OrDash(info.username),
      info.has_password ? "password" + std::string(info.password_ref.empty() ? "" : " (ref)") : "-",
      info.updated_at};
}

std::vector<std::string> CloudRow(const CloudStorageConnectionInfo& info) {
  return {info.connection_name, "cloud",
          info.storage_type,    OrDash(CloudTarget(info)),
          info.auth_method,     OrDash(Join(info.secret_fields_set, ",")),
          info.updated_at};
}

std::vector<std::pair<std::string, std::string>> DatabaseFields(
    const DatabaseConnectionInfo& info) {
  std::vector<std::pair<std::string, std::string>> f = {
      {"name", info.connection_name}, {"kind", "database"}, {"type", info.database_type}};
  if (IsFileDatabase(info.database_type)) {
    f.emplace_back("file", info.database);
  } else {
    f.emplace_back("host", OrDash(info.host));
    f.emplace_back("port", info.port ? std::to_string(*info.port) : "-");
    f.emplace_back("database", OrDash(info.database));
    f.emplace_back("username", OrDash(info.username));
    f.emplace_back("password", info.has_password ? PasswordText(info) : "(none)");
    f.emplace_back("ssl", info.ssl_enabled ? "yes" : "no");
  }
  if (!info.url.empty()) f.emplace_back("url", info.url);
  f.emplace_back("created", info.created_at);
  f.emplace_back("updated", info.updated_at);
  return f;
}

std::vector<std::pair<std::string, std::string>> CloudFields(const CloudStorageConnectionInfo& info,
                                                             const FieldReferences& references) {
  std::vector<std::pair<std::string, std::string>> f = {{"name", info.connection_name},
                                                        {"kind", "cloud"},
                                                        {"storage type", info.storage_type},
                                                        {"auth method", info.auth_method}};
  auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) f.emplace_back(key, value);
  };
  add("endpoint url", info.endpoint_url);
  f.emplace_back("verify ssl", info.verify_ssl ? "yes" : "no");
  if (info.aws_allow_unsafe_html) f.emplace_back("allow http", "yes");
  add("scopes", Join(info.scopes, ", "));
  add("aws region", info.aws_region);
  add("aws access key id", info.aws_access_key_id);
  add("aws role arn", info.aws_role_arn);
  add("azure account name", info.azure_account_name);
  add("azure tenant id", info.azure_tenant_id);
  add("azure client id", info.azure_client_id);
  add("gcs project id", info.gcs_project_id);
  for (const auto& field : info.secret_fields_set)
    f.emplace_back(field, SecretFieldText(field, references));
  f.emplace_back("created", info.created_at);
  f.emplace_back("updated", info.updated_at);
  return f;
}

}  // namespace ff::cli
