// Named database and cloud-storage connections, stored encrypted in the workspace.
//
// Contract:
//  - A name is 1-128 characters of letters, digits, '_', '-', '.'; it is unique per kind.
//  - Credential fields are ff::Secret on the way in and never come back out of the
//    *Info types; Resolve*() decrypts them just in time for a driver, and is audited.
//  - A field whose whole value is "${secret:NAME}" refers to a stored secret and is
//    resolved at use, so it can be changed without touching the connection.
//  - Unknown names throw ErrorCode::kNotFound listing the known names, closest first;
//    duplicates throw kAlreadyExists; missing fields throw kInvalidArgument naming all.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/names.hpp"
#include "flowfile/secret.hpp"

namespace ff {

class Store;
class AuditLog;
namespace crypto {
class MasterKeyProvider;
}

// ---------------------------------------------------------------- database
//! database_type: postgresql | mysql | mariadb | sqlite | duckdb | mssql.
struct DatabaseConnection {
  std::string connection_name;
  std::string database_type = "postgresql";
  std::string host;
  std::optional<int> port;
  std::string database;  //!< for sqlite/duckdb: the file path
  std::string username;
  Secret password;
  bool ssl_enabled = false;
  std::string url;  //!< optional full URL (without a password) instead of host/port
};

//! What may be shown: everything but the password.
struct DatabaseConnectionInfo {
  int64_t id = 0;
  std::string connection_name;
  std::string database_type;
  std::string host;
  std::optional<int> port;
  std::string database;
  std::string username;
  bool has_password = false;
  std::string password_ref;  //!< the NAME of a "${secret:NAME}" password, else empty
  bool ssl_enabled = false;
  std::string url;
  std::string created_at;  //!< ISO-8601 UTC
  std::string updated_at;
};

//! An update: fields left unset keep their value (an unset password keeps the old one).
struct DatabaseConnectionUpdate {
  std::optional<std::string> database_type, host, database, username, url;
  std::optional<int> port;
  std::optional<Secret> password;
  std::optional<bool> ssl_enabled;
};

// ---------------------------------------------------------------- cloud storage
//! Flowfile's FullCloudStorageConnection. storage_type: s3 | adls (alias azure) | gcs.
//! auth_method: access_key | iam_role | service_principal | managed_identity |
//! sas_token | aws-cli | env_vars | service_account | anonymous.
struct CloudStorageConnection {
  std::string connection_name;
  std::string storage_type = "s3";
  std::string auth_method = "access_key";
  std::string endpoint_url;
  bool verify_ssl = true;
  std::vector<std::string> scopes;  //!< e.g. "s3://bucket/prefix": URL-based selection
  // S3
  std::string aws_region, aws_access_key_id, aws_role_arn;
  Secret aws_secret_access_key, aws_session_token;
  bool aws_allow_unsafe_html = false;
  // Azure
  std::string azure_account_name, azure_tenant_id, azure_client_id;
  Secret azure_account_key, azure_client_secret, azure_sas_token;
  // GCS
  Secret gcs_service_account_key;
  std::string gcs_project_id;
};

struct CloudStorageConnectionInfo {
  int64_t id = 0;
  std::string connection_name, storage_type, auth_method, endpoint_url;
  bool verify_ssl = true;
  std::vector<std::string> scopes;
  std::string aws_region, aws_access_key_id, aws_role_arn;
  bool aws_allow_unsafe_html = false;
  std::string azure_account_name, azure_tenant_id, azure_client_id;
  std::string gcs_project_id;
  //! Names of the secret fields that hold a value (e.g. "aws_secret_access_key").
  std::vector<std::string> secret_fields_set;
  //! Secret fields stored as "${secret:NAME}" references: field -> NAME.
  std::map<std::string, std::string> secret_field_refs;
  std::string created_at, updated_at;
};

//! Secret fields of a cloud connection, by field name (the resolved values).
using CloudSecrets = std::map<std::string, Secret>;

//! The names of the secret-holding fields of a cloud connection, in schema order.
const std::vector<std::string>& CloudSecretFieldNames();

//! The member of `connection` holding secret field `field`, or nullptr when `field` is not
//! one of CloudSecretFieldNames().
Secret* CloudSecretField(CloudStorageConnection& connection, std::string_view field);

//! "${secret:NAME}": a field value that refers to the stored secret NAME.
std::string SecretReference(std::string_view name);

// ---------------------------------------------------------------- registry
class Connections {
 public:
  Connections(Store& store, crypto::MasterKeyProvider& keys, AuditLog& audit);

  DatabaseConnectionInfo CreateDatabase(const DatabaseConnection& connection);
  //! Create unless the name exists; returns the existing or new one.
  DatabaseConnectionInfo CreateDatabaseIfNotExists(const DatabaseConnection& connection);
  DatabaseConnectionInfo UpdateDatabase(std::string_view name, const DatabaseConnectionUpdate& u);
  DatabaseConnectionInfo GetDatabase(std::string_view name);
  std::optional<DatabaseConnectionInfo> FindDatabase(std::string_view name);
  std::vector<DatabaseConnectionInfo> ListDatabases();
  //! False when there was nothing to delete.
  bool DeleteDatabase(std::string_view name);
  //! The decrypted password (with ${secret:NAME} resolved), for a driver. Audited as "read".
  Secret ResolveDatabasePassword(std::string_view name);

  CloudStorageConnectionInfo CreateCloud(const CloudStorageConnection& connection);
  CloudStorageConnectionInfo CreateCloudIfNotExists(const CloudStorageConnection& connection);
  //! Replace the connection's fields; secret fields left empty keep their stored value.
  CloudStorageConnectionInfo UpdateCloud(const CloudStorageConnection& connection);
  CloudStorageConnectionInfo GetCloud(std::string_view name);
  std::optional<CloudStorageConnectionInfo> FindCloud(std::string_view name);
  std::vector<CloudStorageConnectionInfo> ListClouds();
  bool DeleteCloud(std::string_view name);
  CloudSecrets ResolveCloudSecrets(std::string_view name);

  //! Check the fields a storage type + auth method needs; throws kInvalidArgument naming
  //! every missing field at once.
  static void ValidateCloud(const CloudStorageConnection& connection);

 private:
  Store& store_;
  crypto::MasterKeyProvider& keys_;
  AuditLog& audit_;
};

}  // namespace ff
