// ImportWorkspace: restore an export. Values are gathered first (file, environment,
// prompt) so that no prompt waits while the store's write lock is held; then everything is
// written in one transaction.
#include <openssl/crypto.h>

#include <cstdlib>
#include <map>
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

Json ParseDocument(std::string_view text, const ImportOptions& options, bool& encrypted) {
  encrypted = transfer::LooksLikeBox(text);
  Json doc;
  if (encrypted) {
    if (options.passphrase == nullptr || options.passphrase->empty())
      throw Error(ErrorCode::kInvalidArgument,
                  "this export is encrypted; give its passphrase to import it");
    Secret plaintext =
        transfer::OpenWithPassphrase(transfer::BoxFromJson(text), *options.passphrase);
    doc = Json::parse(plaintext.Reveal(), nullptr, /*allow_exceptions=*/false);
  } else {
    doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  }
  if (!doc.is_object() || !doc.contains(transfer::kFormatKey))
    throw Error(ErrorCode::kInvalidArgument,
                "not a Flowfile export: expected a JSON object with \"flowfile_export\": 1 (as "
                "written by `flowfile connections export`)");
  if (doc[transfer::kFormatKey] != transfer::kFormatVersion)
    throw Error(ErrorCode::kInvalidArgument, "Flowfile export version " +
                                                 doc[transfer::kFormatKey].dump() +
                                                 " is not supported; expected 1");
  for (const char* section :
       {"database_connections", "cloud_connections", "secrets", "placeholders"})
    if (doc.contains(section) && !doc[section].is_array())
      throw Error(ErrorCode::kInvalidArgument,
                  std::string("Flowfile export: \"") + section + "\" must be a list");
  return doc;
}

std::string Text(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string())
    throw Error(ErrorCode::kInvalidArgument,
                std::string("Flowfile export: field \"") + key + "\" must be a string");
  return it->get<std::string>();
}

bool Flag(const Json& object, const char* key, bool fallback) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  if (!it->is_boolean())
    throw Error(ErrorCode::kInvalidArgument,
                std::string("Flowfile export: field \"") + key + "\" must be true or false");
  return it->get<bool>();
}

// The list under `key`, or an empty one. A reference into `doc`: pointers into it stay valid.
const Json& Section(const Json& doc, const char* key) {
  static const Json kEmpty = Json::array();
  auto it = doc.find(key);
  return it == doc.end() ? kEmpty : *it;
}

class Importer {
 public:
  Importer(Workspace& workspace, const Json& doc, const ImportOptions& options,
           ImportReport& report)
      : workspace_(workspace), doc_(doc), options_(options), report_(report) {
    for (const auto& p : Section(doc_, "placeholders")) placeholders_[Text(p, "name")] = &p;
  }

  void Plan() {
    auto& connections = workspace_.connections();
    for (const auto& j : Section(doc_, "database_connections"))
      PlanDatabase(j, connections.FindDatabase(Text(j, "connection_name")).has_value());
    for (const auto& j : Section(doc_, "cloud_connections"))
      PlanCloud(j, connections.FindCloud(Text(j, "connection_name")).has_value());
    for (const auto& j : Section(doc_, "secrets")) PlanSecret(j);
  }

  void Write() {
    workspace_.store().Transaction([&] {
      auto& connections = workspace_.connections();
      for (auto& [c, exists] : databases_) {
        if (exists) connections.DeleteDatabase(c.connection_name);
        connections.CreateDatabase(c);
      }
      for (auto& [c, exists] : clouds_) {
        if (exists) connections.DeleteCloud(c.connection_name);
        connections.CreateCloud(c);
      }
      for (auto& [name, value] : secrets_) workspace_.secrets().Set(name, value);
    });
  }

 private:
  // Skips an existing name unless overwriting; returns whether to import it.
  bool Admit(std::string_view kind, const std::string& name, bool exists) {
    if (exists && !options_.overwrite) {
      report_.items.push_back({std::string(kind), name, "skipped"});
      return false;
    }
    report_.items.push_back({std::string(kind), name, exists ? "replaced" : "created"});
    return true;
  }

  void PlanDatabase(const Json& j, bool exists) {
    DatabaseConnection c;
    c.connection_name = Text(j, "connection_name");
    ValidateName("connection", c.connection_name);
    if (!Admit(transfer::kDatabaseKind, c.connection_name, exists)) return;
    c.database_type = Text(j, "database_type");
    c.host = Text(j, "host");
    if (j.contains("port") && !j["port"].is_null()) {
      if (!j["port"].is_number_integer())
        throw Error(
            ErrorCode::kInvalidArgument,
            "Flowfile export: connection '" + c.connection_name + "': port must be an integer");
      c.port = j["port"].get<int>();
    }
    c.database = Text(j, "database");
    c.username = Text(j, "username");
    c.ssl_enabled = Flag(j, "ssl_enabled", false);
    c.url = Text(j, "url");
    c.password = FieldValue(c.connection_name, "password", Text(j, "password"));
    databases_.emplace_back(std::move(c), exists);
  }

  void PlanCloud(const Json& j, bool exists) {
    CloudStorageConnection c;
    c.connection_name = Text(j, "connection_name");
    ValidateName("connection", c.connection_name);
    if (!Admit(transfer::kCloudKind, c.connection_name, exists)) return;
    c.storage_type = Text(j, "storage_type");
    c.auth_method = Text(j, "auth_method");
    c.endpoint_url = Text(j, "endpoint_url");
    c.verify_ssl = Flag(j, "verify_ssl", true);
    for (const auto& scope : j.value("scopes", Json::array()))
      if (scope.is_string()) c.scopes.push_back(scope.get<std::string>());
    c.aws_region = Text(j, "aws_region");
    c.aws_access_key_id = Text(j, "aws_access_key_id");
    c.aws_role_arn = Text(j, "aws_role_arn");
    c.aws_allow_unsafe_html = Flag(j, "aws_allow_unsafe_html", false);
    c.azure_account_name = Text(j, "azure_account_name");
    c.azure_tenant_id = Text(j, "azure_tenant_id");
    c.azure_client_id = Text(j, "azure_client_id");
    c.gcs_project_id = Text(j, "gcs_project_id");
    for (const auto& field : CloudSecretFieldNames())
      *CloudSecretField(c, field) = FieldValue(c.connection_name, field, Text(j, field.c_str()));
    clouds_.emplace_back(std::move(c), exists);
  }

  void PlanSecret(const Json& j) {
    std::string name = Text(j, "name");
    ValidateName("secret", name);
    if (!Admit(transfer::kSecretKind, name, workspace_.secrets().Exists(name))) return;
    MissingValue need{name, SecretEnvVarName(name), "", ""};
    if (auto value = Gather(j, need)) {
      secrets_.emplace_back(name, std::move(*value));
    } else {
      report_.items.back().action = "missing";
      report_.missing.push_back(std::move(need));
    }
  }

  // The value to store for a connection's secret field written as `text` in the file.
  Secret FieldValue(const std::string& connection, std::string_view field,
                    const std::string& text) {
    if (text.empty()) return Secret();
    std::string name = Secrets::ReferencedName(text);
    auto placeholder = placeholders_.find(name);
    // A literal value (hand-written) or a reference to a named secret is kept as written.
    if (name.empty() || placeholder == placeholders_.end()) return Secret(text);
    MissingValue need{name, SecretEnvVarName(name), connection, std::string(field)};
    if (auto value = Gather(*placeholder->second, need)) return std::move(*value);
    // Keep the connection usable once the value is supplied: refer to a named secret.
    report_.missing.push_back(std::move(need));
    return Secret(SecretReference(name));
  }

  // File, then environment, then the prompt.
  std::optional<Secret> Gather(const Json& entry, const MissingValue& need) {
    if (entry.contains("value") && entry["value"].is_string()) {
      ++report_.values_from_file;
      return Secret(entry["value"].get_ref<const std::string&>());
    }
    if (auto value = Environment(need.env_var); value && !value->empty()) {
      ++report_.values_from_env;
      return Secret::Adopt(*value);
    }
    if (options_.ask) {
      if (auto value = options_.ask(need); value && !value->empty()) {
        ++report_.values_asked;
        return value;
      }
    }
    return std::nullopt;
  }

  std::optional<std::string> Environment(const std::string& variable) {
    if (options_.getenv) return options_.getenv(variable);
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  }

  Workspace& workspace_;
  const Json& doc_;
  const ImportOptions& options_;
  ImportReport& report_;
  std::map<std::string, const Json*> placeholders_;
  std::vector<std::pair<DatabaseConnection, bool>> databases_;  // (connection, exists)
  std::vector<std::pair<CloudStorageConnection, bool>> clouds_;
  std::vector<std::pair<std::string, Secret>> secrets_;
};

}  // namespace

ImportReport ImportWorkspace(Workspace& workspace, std::string_view text,
                             const ImportOptions& options) {
  bool encrypted = false;
  std::string_view mode = "plain";
  try {
    Json doc = ParseDocument(text, options, encrypted);
    mode = encrypted ? "encrypted" : "plain";
    ImportReport report;
    try {
      Importer importer(workspace, doc, options, report);
      importer.Plan();
      importer.Write();
    } catch (...) {
      transfer::WipeValues(doc);
      throw;
    }
    transfer::WipeValues(doc);
    workspace.audit().Record("import", "workspace", mode);
    return report;
  } catch (const Error& e) {
    workspace.audit().Record("import", "workspace", mode, std::string("error: ") + e.what());
    throw;
  } catch (const nlohmann::json::exception& e) {
    // A field of the wrong type that the checks above did not anticipate.
    std::string message = std::string("Flowfile export is malformed: ") + e.what();
    workspace.audit().Record("import", "workspace", mode, "error: " + message);
    throw Error(ErrorCode::kInvalidArgument, message);
  }
}

}  // namespace ff
