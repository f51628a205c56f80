// ExportWorkspace: every connection and named secret, values replaced by placeholders
// (or, under a passphrase, sealed into an encrypted bundle).
#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "flowfile/audit.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/secrets.hpp"
#include "flowfile/transfer.hpp"
#include "flowfile/workspace.hpp"
#include "store/store.hpp"
#include "transfer/export_document.hpp"
#include "transfer/passphrase_box.hpp"

namespace ff {
namespace {

using Json = transfer::Document;

// Collects the document; values only when `with_values` (the encrypted bundle).
class Exporter {
 public:
  Exporter(Workspace& workspace, bool with_values)
      : workspace_(workspace), with_values_(with_values) {}

  Json Build() {
    Json doc;
    doc[transfer::kFormatKey] = transfer::kFormatVersion;
    doc["exported_at"] = UtcNow();
    doc["database_connections"] = Json::array();
    for (const auto& info : workspace_.connections().ListDatabases())
      doc["database_connections"].push_back(Database(info));
    doc["cloud_connections"] = Json::array();
    for (const auto& info : workspace_.connections().ListClouds())
      doc["cloud_connections"].push_back(Cloud(info));
    doc["secrets"] = Json::array();
    for (const auto& info : workspace_.secrets().List()) {
      Json entry = {{"name", info.name}};
      if (with_values_)
        Guarded(entry, "secret '" + info.name + "'",
                [&] { entry["value"] = workspace_.secrets().Get(info.name).Reveal(); });
      doc["secrets"].push_back(std::move(entry));
    }
    doc["placeholders"] = std::move(placeholders_);
    return doc;
  }

 private:
  Json Database(const DatabaseConnectionInfo& info) {
    Json j = {{"connection_name", info.connection_name},
              {"database_type", info.database_type},
              {"host", info.host},
              {"port", info.port ? Json(*info.port) : Json(nullptr)},
              {"database", info.database},
              {"username", info.username},
              {"ssl_enabled", info.ssl_enabled},
              {"url", info.url}};
    if (!info.password_ref.empty()) {
      j["password"] = SecretReference(info.password_ref);
    } else if (info.has_password) {
      std::string name = AddPlaceholder(transfer::kDatabaseKind, info.connection_name, "password");
      j["password"] = SecretReference(name);
      if (with_values_)
        Guarded(
            placeholders_.back(),
            "database connection '" + info.connection_name + "' field password", [&] {
              placeholders_.back()["value"] =
                  workspace_.connections().ResolveDatabasePassword(info.connection_name).Reveal();
            });
    }
    return j;
  }

  Json Cloud(const CloudStorageConnectionInfo& info) {
    Json j = {{"connection_name", info.connection_name},
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
              {"gcs_project_id", info.gcs_project_id}};
    const auto& references = info.secret_field_refs;
    std::optional<CloudSecrets> values;
    for (const auto& field : info.secret_fields_set) {
      if (auto ref = references.find(field); ref != references.end()) {
        j[field] = SecretReference(ref->second);
        continue;
      }
      std::string name = AddPlaceholder(transfer::kCloudKind, info.connection_name, field);
      j[field] = SecretReference(name);
      if (!with_values_) continue;
      Guarded(placeholders_.back(), "cloud connection '" + info.connection_name + "'", [&] {
        if (!values) values = workspace_.connections().ResolveCloudSecrets(info.connection_name);
        if (auto value = values->find(field); value != values->end())
          placeholders_.back()["value"] = value->second.Reveal();
      });
    }
    return j;
  }

  std::string AddPlaceholder(std::string_view kind, const std::string& connection,
                             std::string_view field) {
    std::string name = PlaceholderName(connection, field);
    placeholders_.push_back(
        {{"name", name}, {"kind", kind}, {"connection", connection}, {"field", field}});
    return name;
  }

  // A value that does not open is collected, not fatal at once, so that the error (or the
  // report under skip_unreadable) names every such value.
  template <class Read>
  void Guarded(Json& entry, const std::string& name, Read&& read) {
    try {
      read();
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kCrypto) throw;
      entry["unreadable"] = true;
      unreadable_.push_back(name);
    }
  }

 public:
  const std::vector<std::string>& unreadable() const { return unreadable_; }

 private:
  std::vector<std::string> unreadable_;
  Workspace& workspace_;
  bool with_values_;
  Json placeholders_ = Json::array();
};

}  // namespace

bool IsEncryptedExport(std::string_view text) { return transfer::LooksLikeBox(text); }

std::string ExportWorkspace(Workspace& workspace, const ExportOptions& options) {
  bool encrypted = options.passphrase != nullptr;
  if (encrypted && options.passphrase->empty())
    throw Error(ErrorCode::kInvalidArgument,
                "the export passphrase is empty; give a passphrase to encrypt the export");
  std::string_view mode = encrypted ? "encrypted" : "plain";
  try {
    Exporter exporter(workspace, encrypted);
    Json doc = exporter.Build();
    if (!exporter.unreadable().empty()) {
      std::string names;
      for (const auto& name : exporter.unreadable()) names += (names.empty() ? "" : ", ") + name;
      if (!options.skip_unreadable) {
        transfer::WipeValues(doc);
        throw Error(ErrorCode::kCrypto,
                    "cannot export these values: they do not open with any available master "
                    "key: " +
                        names +
                        ". Nothing was written. Restore the key they need (`flowfile key "
                        "status`), or export with --skip-unreadable to leave them out");
      }
      if (options.skipped) *options.skipped = exporter.unreadable();
    }
    std::string out;
    if (!encrypted) {
      out = doc.dump(2) + "\n";
    } else {
      std::string plaintext = doc.dump();
      transfer::WipeValues(doc);
      try {
        out = transfer::BoxToJson(transfer::SealWithPassphrase(plaintext, *options.passphrase));
      } catch (...) {
        OPENSSL_cleanse(plaintext.data(), plaintext.size());
        throw;
      }
      OPENSSL_cleanse(plaintext.data(), plaintext.size());
    }
    workspace.audit().Record("export", "workspace", mode);
    return out;
  } catch (const Error& e) {
    workspace.audit().Record("export", "workspace", mode, std::string("error: ") + e.what());
    throw;
  }
}

}  // namespace ff
