// Cloud-storage connections: rows in `cloud_storage_connections`, secret fields in the vault.
#include <nlohmann/json.hpp>

#include "audit/audited.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "secrets/vault.hpp"
#include "store/store.hpp"

namespace ff {

std::string NormalisedStorageType(std::string_view type);  // cloud_validation.cpp

namespace {

constexpr std::string_view kCloudKind = "cloud_connection";

constexpr std::string_view kCloudColumns =
    "id, connection_name, storage_type, auth_method, endpoint_url, verify_ssl, scopes, "
    "aws_region, aws_access_key_id, aws_role_arn, aws_allow_unsafe_html, azure_account_name, "
    "azure_tenant_id, azure_client_id, gcs_project_id, created_at, updated_at";

CloudStorageConnectionInfo ReadCloudRow(const Statement& s) {
  CloudStorageConnectionInfo i;
  i.id = s.Int(0);
  i.connection_name = s.Text(1);
  i.storage_type = s.Text(2);
  i.auth_method = s.Text(3);
  i.endpoint_url = s.Text(4);
  i.verify_ssl = s.Int(5) != 0;
  i.scopes = nlohmann::json::parse(s.Text(6)).get<std::vector<std::string>>();
  i.aws_region = s.Text(7);
  i.aws_access_key_id = s.Text(8);
  i.aws_role_arn = s.Text(9);
  i.aws_allow_unsafe_html = s.Int(10) != 0;
  i.azure_account_name = s.Text(11);
  i.azure_tenant_id = s.Text(12);
  i.azure_client_id = s.Text(13);
  i.gcs_project_id = s.Text(14);
  i.created_at = s.Text(15);
  i.updated_at = s.Text(16);
  return i;
}

std::vector<std::string> CloudNames(Store& store) {
  auto lock = store.Lock();
  auto s = store.Prepare(
      "SELECT connection_name FROM cloud_storage_connections WHERE user_id = 1 ORDER BY "
      "connection_name");
  std::vector<std::string> names;
  while (s.Step()) names.push_back(s.Text(0));
  return names;
}

const Secret& SecretField(const CloudStorageConnection& c, std::string_view field) {
  if (field == "aws_secret_access_key") return c.aws_secret_access_key;
  if (field == "aws_session_token") return c.aws_session_token;
  if (field == "azure_account_key") return c.azure_account_key;
  if (field == "azure_client_secret") return c.azure_client_secret;
  if (field == "azure_sas_token") return c.azure_sas_token;
  return c.gcs_service_account_key;
}

// Insert or update the row's plain fields (the same statement shape for both).
void WriteRow(Store& store, const CloudStorageConnection& c, std::optional<int64_t> id) {
  std::string now = UtcNow();
  auto s = store.Prepare(
      id ? "UPDATE cloud_storage_connections SET storage_type = ?2, auth_method = ?3, "
           "endpoint_url = ?4, verify_ssl = ?5, scopes = ?6, aws_region = ?7, "
           "aws_access_key_id = ?8, aws_role_arn = ?9, aws_allow_unsafe_html = ?10, "
           "azure_account_name = ?11, azure_tenant_id = ?12, azure_client_id = ?13, "
           "gcs_project_id = ?14, updated_at = ?15 WHERE id = ?16"
         : "INSERT INTO cloud_storage_connections (connection_name, storage_type, auth_method, "
           "endpoint_url, verify_ssl, scopes, aws_region, aws_access_key_id, aws_role_arn, "
           "aws_allow_unsafe_html, azure_account_name, azure_tenant_id, azure_client_id, "
           "gcs_project_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
           "?10, ?11, ?12, ?13, ?14, ?15, ?15)");
  s.Bind(1, c.connection_name)
      .Bind(2, NormalisedStorageType(c.storage_type))
      .Bind(3, c.auth_method)
      .Bind(4, c.endpoint_url)
      .Bind(5, int64_t{c.verify_ssl})
      .Bind(6, nlohmann::json(c.scopes).dump())
      .Bind(7, c.aws_region)
      .Bind(8, c.aws_access_key_id)
      .Bind(9, c.aws_role_arn)
      .Bind(10, int64_t{c.aws_allow_unsafe_html})
      .Bind(11, c.azure_account_name)
      .Bind(12, c.azure_tenant_id)
      .Bind(13, c.azure_client_id)
      .Bind(14, c.gcs_project_id)
      .Bind(15, now);
  if (id) s.Bind(16, *id);
  s.Run();
}

}  // namespace

std::string SecretReference(std::string_view name) { return "${secret:" + std::string(name) + "}"; }

Secret* CloudSecretField(CloudStorageConnection& c, std::string_view field) {
  if (field == "aws_secret_access_key") return &c.aws_secret_access_key;
  if (field == "aws_session_token") return &c.aws_session_token;
  if (field == "azure_account_key") return &c.azure_account_key;
  if (field == "azure_client_secret") return &c.azure_client_secret;
  if (field == "azure_sas_token") return &c.azure_sas_token;
  if (field == "gcs_service_account_key") return &c.gcs_service_account_key;
  return nullptr;
}

const std::vector<std::string>& CloudSecretFieldNames() {
  static const std::vector<std::string> names = {
      "aws_secret_access_key", "aws_session_token", "azure_account_key",
      "azure_client_secret",   "azure_sas_token",   "gcs_service_account_key"};
  return names;
}

std::optional<CloudStorageConnectionInfo> Connections::FindCloud(std::string_view name) {
  std::optional<CloudStorageConnectionInfo> info;
  {
    auto lock = store_.Lock();
    auto s = store_.Prepare("SELECT " + std::string(kCloudColumns) +
                            " FROM cloud_storage_connections WHERE user_id = 1 AND "
                            "connection_name = ?1");
    s.Bind(1, name);
    if (!s.Step()) return std::nullopt;
    info = ReadCloudRow(s);
  }
  Vault vault(store_, keys_);
  info->secret_fields_set = vault.FieldsSet(kCloudKind, info->id);
  for (const auto& field : info->secret_fields_set)
    if (auto ref = vault.FieldReference(kCloudKind, info->id, field))
      info->secret_field_refs.emplace(field, *ref);
  return info;
}

CloudStorageConnectionInfo Connections::GetCloud(std::string_view name) {
  auto info = FindCloud(name);
  if (!info) ThrowUnknownName("cloud storage connection", name, CloudNames(store_));
  return *info;
}

std::vector<CloudStorageConnectionInfo> Connections::ListClouds() {
  std::vector<CloudStorageConnectionInfo> out;
  for (const auto& name : CloudNames(store_))
    if (auto info = FindCloud(name)) out.push_back(std::move(*info));
  return out;
}

CloudStorageConnectionInfo Connections::CreateCloud(const CloudStorageConnection& c) {
  return Audited(audit_, "create", kCloudKind, c.connection_name, [&] {
    ValidateCloud(c);
    store_.Transaction([&] {
      if (FindCloud(c.connection_name))
        throw Error(ErrorCode::kAlreadyExists,
                    "cloud storage connection '" + c.connection_name +
                        "' already exists; use update, or create_cloud_storage_connection_if_not_"
                        "exists to keep it");
      WriteRow(store_, c, std::nullopt);
      int64_t id = store_.LastInsertId();
      Vault vault(store_, keys_);
      for (const auto& field : CloudSecretFieldNames())
        if (!SecretField(c, field).empty())
          vault.PutField(kCloudKind, id, field, SecretField(c, field));
    });
    return GetCloud(c.connection_name);
  });
}

CloudStorageConnectionInfo Connections::CreateCloudIfNotExists(const CloudStorageConnection& c) {
  if (auto existing = FindCloud(c.connection_name)) return *existing;
  try {
    return CreateCloud(c);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kAlreadyExists) throw;
    return GetCloud(c.connection_name);
  }
}

CloudStorageConnectionInfo Connections::UpdateCloud(const CloudStorageConnection& c) {
  return Audited(audit_, "update", kCloudKind, c.connection_name, [&] {
    store_.Transaction([&] {
      auto current = GetCloud(c.connection_name);
      // Secret fields left empty keep their stored value: validate as if they were set.
      CloudStorageConnection check;
      check.connection_name = c.connection_name;
      check.storage_type = c.storage_type;
      check.auth_method = c.auth_method;
      check.endpoint_url = c.endpoint_url;
      check.scopes = c.scopes;
      check.aws_access_key_id = c.aws_access_key_id;
      check.aws_role_arn = c.aws_role_arn;
      check.azure_account_name = c.azure_account_name;
      check.azure_tenant_id = c.azure_tenant_id;
      check.azure_client_id = c.azure_client_id;
      const auto& set = current.secret_fields_set;
      auto has = [&](const std::string& f) {
        return !SecretField(c, f).empty() || std::find(set.begin(), set.end(), f) != set.end();
      };
      Secret placeholder("set");
      if (has("aws_secret_access_key")) check.aws_secret_access_key = placeholder.Clone();
      if (has("azure_account_key")) check.azure_account_key = placeholder.Clone();
      if (has("azure_client_secret")) check.azure_client_secret = placeholder.Clone();
      if (has("azure_sas_token")) check.azure_sas_token = placeholder.Clone();
      if (has("gcs_service_account_key")) check.gcs_service_account_key = placeholder.Clone();
      ValidateCloud(check);
      WriteRow(store_, c, current.id);
      Vault vault(store_, keys_);
      for (const auto& field : CloudSecretFieldNames())
        if (!SecretField(c, field).empty())
          vault.PutField(kCloudKind, current.id, field, SecretField(c, field));
    });
    return GetCloud(c.connection_name);
  });
}

bool Connections::DeleteCloud(std::string_view name) {
  bool deleted = false;
  store_.Transaction([&] {
    auto info = FindCloud(name);
    if (!info) return;
    Vault(store_, keys_).DeleteFields(kCloudKind, info->id);
    store_.Prepare("DELETE FROM cloud_storage_connections WHERE id = ?1").Bind(1, info->id).Run();
    deleted = true;
  });
  audit_.Record("delete", kCloudKind, name, deleted ? "ok" : "error: not found");
  return deleted;
}

CloudSecrets Connections::ResolveCloudSecrets(std::string_view name) {
  return Audited(audit_, "read", kCloudKind, name, [&] {
    auto info = GetCloud(name);
    Vault vault(store_, keys_);
    CloudSecrets out;
    for (const auto& field : info.secret_fields_set)
      if (auto value = vault.GetField(kCloudKind, info.id, field))
        out.emplace(field, std::move(*value));
    return out;
  });
}

}  // namespace ff
