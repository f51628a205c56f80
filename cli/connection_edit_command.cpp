// `flowfile connections add database|cloud NAME ...` and `flowfile connections update NAME`.
// Credentials come from a no-echo prompt, stdin or a file, never from argv: there is no
// --password flag on purpose.
#include <cctype>
#include <filesystem>
#include <iostream>
#include <map>

#include "context.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/secrets.hpp"
#include "flowfile/workspace.hpp"
#include "lookup.hpp"
#include "output.hpp"
#include "terminal.hpp"
#include "views.hpp"

namespace ff::cli {
namespace {

bool Given(const CLI::Option* option) { return option != nullptr && option->count() > 0; }

bool IsFileDatabase(std::string type) {
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == "sqlite" || type == "duckdb";
}

// A file database is used from any directory later: store its absolute path.
std::string FileDatabasePath(const std::string& type, const std::string& database) {
  if (!IsFileDatabase(type) || database.empty() || database == ":memory:") return database;
  return std::filesystem::absolute(database).lexically_normal().string();
}

std::string Reference(const std::string& secret_name) {
  ValidateName("secret", secret_name);
  return SecretReference(secret_name);
}

void NoteMissingSecret(Context& context, const std::string& secret_name) {
  if (!context.workspace().secrets().Exists(secret_name))
    PrintWarning("secret '" + secret_name +
                 "' does not exist yet; set it with `flowfile secrets set " + secret_name + "`");
}

// ------------------------------------------------------------------ database flags
struct DatabaseFlags {
  std::string type = "postgresql", host, database, username, url, password_secret;
  int port = 0;
  bool ssl = false, password_stdin = false, password_prompt = false, no_password = false;
  CLI::Option *type_opt = nullptr, *host_opt = nullptr, *port_opt = nullptr,
              *database_opt = nullptr, *username_opt = nullptr, *url_opt = nullptr,
              *ssl_opt = nullptr, *password_secret_opt = nullptr;

  void Add(CLI::App* command, bool update) {
    const char* group = "Database connection";
    type_opt = command
                   ->add_option("--type", type,
                                "postgresql | mysql | mariadb | sqlite | duckdb | mssql" +
                                    std::string(update ? "" : " (default postgresql)"))
                   ->group(group);
    host_opt = command->add_option("--host", host, "Server host name")->group(group);
    port_opt = command->add_option("--port", port, "Server port")
                   ->check(CLI::Range(1, 65535))
                   ->group(group);
    database_opt =
        command->add_option("--database", database, "Database name (sqlite/duckdb: the file path)")
            ->group(group);
    username_opt = command->add_option("--username", username, "User name")->group(group);
    url_opt = command->add_option("--url", url, "Full URL without a password")->group(group);
    ssl_opt = command->add_flag("--ssl,!--no-ssl", ssl, "Require SSL/TLS")->group(group);
    auto* stdin_opt =
        command
            ->add_flag("--password-stdin", password_stdin,
                       "Read the password from stdin (all of it, one trailing newline dropped)")
            ->group(group);
    password_secret_opt =
        command
            ->add_option("--password-secret", password_secret,
                         "Use the named secret as the password (stored as ${secret:NAME})")
            ->group(group);
    CLI::Option* none_opt = nullptr;
    if (update) {
      auto* prompt_opt =
          command->add_flag("--password-prompt", password_prompt, "Prompt for a new password")
              ->group(group);
      none_opt = command->add_flag("--clear-password", no_password, "Remove the stored password")
                     ->group(group);
      prompt_opt->excludes(stdin_opt)->excludes(password_secret_opt)->excludes(none_opt);
    } else {
      none_opt = command->add_flag("--no-password", no_password, "Do not prompt for a password")
                     ->group(group);
    }
    stdin_opt->excludes(password_secret_opt)->excludes(none_opt);
    password_secret_opt->excludes(none_opt);
  }

  bool AnyGiven() const {
    for (const auto* o : {type_opt, host_opt, port_opt, database_opt, username_opt, url_opt,
                          ssl_opt, password_secret_opt})
      if (Given(o)) return true;
    return password_stdin || password_prompt || no_password;
  }

  // nullopt: leave the password as it is (update) / no password (add).
  std::optional<Secret> Password(Context& context, const std::string& name,
                                 const std::string& effective_type, bool update) {
    bool asked = password_stdin || password_prompt || Given(password_secret_opt);
    if (IsFileDatabase(effective_type)) {
      if (asked) throw UsageError(effective_type + " connections are files and take no password");
      return std::nullopt;
    }
    if (Given(password_secret_opt)) {
      NoteMissingSecret(context, password_secret);
      return Secret(Reference(password_secret));
    }
    if (password_stdin) return ReadStdinSecret();
    if (no_password) return update ? std::optional<Secret>(Secret()) : std::nullopt;
    if (password_prompt || (!update && StdinIsTerminal()))
      return PromptSecret("Password for database connection '" + name +
                          "' (input hidden; empty for none): ");
    return std::nullopt;
  }
};

// ------------------------------------------------------------------ cloud flags
struct CloudFlags {
  std::string storage_type, auth_method, endpoint_url, aws_region, aws_access_key_id, aws_role_arn,
      azure_account_name, azure_tenant_id, azure_client_id, gcs_project_id;
  std::vector<std::string> scopes, from_files, references, prompts;
  bool verify_ssl = true, allow_http = false, secrets_stdin = false;
  std::map<std::string, CLI::Option*> options;  // flag name -> option, to see what was given

  void Add(CLI::App* command, bool update) {
    const char* group = "Cloud storage connection";
    auto add = [&](const std::string& flag, std::string& target, const std::string& help) {
      options[flag] = command->add_option(flag, target, help)->group(group);
    };
    add("--storage-type", storage_type, "s3 | adls (alias azure) | gcs");
    add("--auth-method", auth_method,
        "access_key | iam_role | service_principal | managed_identity | sas_token | aws-cli | "
        "env_vars | service_account | anonymous" +
            std::string(update ? "" : " (default access_key)"));
    add("--endpoint-url", endpoint_url, "Custom endpoint (http:// or https://)");
    add("--aws-region", aws_region, "AWS region");
    add("--aws-access-key-id", aws_access_key_id, "AWS access key id (not secret)");
    add("--aws-role-arn", aws_role_arn, "Role to assume (iam_role)");
    add("--azure-account-name", azure_account_name, "Azure storage account");
    add("--azure-tenant-id", azure_tenant_id, "Azure tenant (service_principal)");
    add("--azure-client-id", azure_client_id, "Azure client (service_principal)");
    add("--gcs-project-id", gcs_project_id, "GCS project");
    options["--verify-ssl"] =
        command->add_flag("--verify-ssl,!--no-verify-ssl", verify_ssl, "Verify TLS certificates")
            ->group(group);
    options["--allow-http"] =
        command
            ->add_flag("--allow-http,!--no-allow-http", allow_http,
                       "Allow plain http endpoints (Flowfile's aws_allow_unsafe_html)")
            ->group(group);
    options["--scope"] =
        command
            ->add_option("--scope", scopes,
                         "URL prefix this connection serves, e.g. s3://bucket/prefix (repeat)")
            ->group(group);
    const char* secrets_group = "Cloud secret fields (never on the command line)";
    options["--secrets-stdin"] =
        command
            ->add_flag("--secrets-stdin", secrets_stdin,
                       "Read FIELD=VALUE lines from stdin (fields: " + SecretFieldList() + ")")
            ->group(secrets_group);
    options["--secret-field-from-file"] =
        command
            ->add_option("--secret-field-from-file", from_files,
                         "FIELD=PATH: read a secret field from a file, e.g. "
                         "gcs_service_account_key=key.json (repeat)")
            ->group(secrets_group);
    options["--secret-ref"] = command
                                  ->add_option("--secret-ref", references,
                                               "FIELD=SECRET: use a named secret for a field, "
                                               "stored as ${secret:SECRET} (repeat)")
                                  ->group(secrets_group);
    options["--prompt"] = command
                              ->add_option("--prompt", prompts,
                                           "FIELD: prompt (no echo) for this secret field (repeat)")
                              ->group(secrets_group);
  }

  bool Given(const std::string& flag) const { return cli::Given(options.at(flag)); }

  bool AnyGiven() const {
    for (const auto& [flag, option] : options)
      if (cli::Given(option)) return true;
    return false;
  }

  static std::string SecretFieldList() {
    std::string out;
    for (const auto& field : CloudSecretFieldNames()) out += (out.empty() ? "" : ", ") + field;
    return out;
  }

  // Apply the given non-secret flags onto `c`.
  void ApplyFields(CloudStorageConnection& c) const {
    auto set = [&](const char* flag, std::string& target, const std::string& value) {
      if (Given(flag)) target = value;
    };
    set("--storage-type", c.storage_type, storage_type);
    set("--auth-method", c.auth_method, auth_method);
    set("--endpoint-url", c.endpoint_url, endpoint_url);
    set("--aws-region", c.aws_region, aws_region);
    set("--aws-access-key-id", c.aws_access_key_id, aws_access_key_id);
    set("--aws-role-arn", c.aws_role_arn, aws_role_arn);
    set("--azure-account-name", c.azure_account_name, azure_account_name);
    set("--azure-tenant-id", c.azure_tenant_id, azure_tenant_id);
    set("--azure-client-id", c.azure_client_id, azure_client_id);
    set("--gcs-project-id", c.gcs_project_id, gcs_project_id);
    if (Given("--verify-ssl")) c.verify_ssl = verify_ssl;
    if (Given("--allow-http")) c.aws_allow_unsafe_html = allow_http;
    if (Given("--scope")) c.scopes = scopes;
  }

  // Fill the secret fields of `c` from stdin, files, references and prompts; on `add`, also
  // prompt on a terminal for the secret fields the auth method needs.
  void ApplySecrets(Context& context, CloudStorageConnection& c, bool update) const {
    std::map<std::string, std::string> source;  // field -> where its value came from
    auto put = [&](const std::string& field, Secret value, const std::string& from) {
      Secret* target = CloudSecretField(c, field);
      if (target == nullptr)
        throw UsageError("'" + field +
                         "' is not a secret field of a cloud connection; expected "
                         "one of: " +
                         SecretFieldList());
      if (source.count(field))
        throw UsageError("secret field '" + field + "' is given twice (" + source[field] + " and " +
                         from + ")");
      source[field] = from;
      *target = std::move(value);
    };
    if (secrets_stdin) ParseSecretLines(ReadStdinSecret(), put);
    for (const auto& item : from_files) {
      auto [field, path] = SplitAssignment(item, "--secret-field-from-file", "FIELD=PATH");
      put(field, ReadFileSecret(path), "--secret-field-from-file");
    }
    for (const auto& item : references) {
      auto [field, name] = SplitAssignment(item, "--secret-ref", "FIELD=SECRET");
      NoteMissingSecret(context, name);
      put(field, Secret(Reference(name)), "--secret-ref");
    }
    for (const auto& field : prompts)
      put(field, PromptSecret(field + " for '" + c.connection_name + "' (input hidden): "),
          "--prompt");
    if (update || !StdinIsTerminal()) return;
    for (const auto& field : RequiredSecretFields(c.storage_type, c.auth_method)) {
      if (source.count(field)) continue;
      put(field, PromptSecret(field + " for '" + c.connection_name + "' (input hidden): "),
          "the prompt");
    }
  }

 private:
  static std::pair<std::string, std::string> SplitAssignment(const std::string& item,
                                                             const std::string& flag,
                                                             const std::string& shape) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw UsageError(flag + " expects " + shape + ", got '" + item.substr(0, eq) + "...'");
    return {item.substr(0, eq), item.substr(eq + 1)};
  }

  // FIELD=VALUE per line; blank lines and lines starting with '#' are skipped. Error
  // messages name the line number and field, never the value.
  template <typename Put>
  static void ParseSecretLines(const Secret& text, Put&& put) {
    std::string_view rest = text.Reveal();
    size_t line_number = 0;
    while (!rest.empty()) {
      ++line_number;
      size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line.front() == '#') continue;
      size_t eq = line.find('=');
      if (eq == std::string_view::npos || eq == 0)
        throw UsageError("--secrets-stdin: line " + std::to_string(line_number) +
                         " is not FIELD=VALUE");
      put(std::string(line.substr(0, eq)), Secret(line.substr(eq + 1)), "--secrets-stdin");
    }
  }

  static std::vector<std::string> RequiredSecretFields(const std::string& storage_type,
                                                       const std::string& auth_method) {
    bool azure = storage_type == "adls" || storage_type == "azure";
    if (auth_method == "access_key" && azure) return {"azure_account_key"};
    if (auth_method == "access_key") return {"aws_secret_access_key"};  // s3, gcs HMAC
    if (auth_method == "sas_token") return {"azure_sas_token"};
    if (auth_method == "service_principal") return {"azure_client_secret"};
    if (auth_method == "service_account") return {"gcs_service_account_key"};
    return {};
  }
};

// ------------------------------------------------------------------ commands
void PrintDatabase(Context& context, const DatabaseConnectionInfo& info, const char* verb) {
  if (context.json) {
    PrintJson(DatabaseJson(info));
    return;
  }
  std::cout << verb << " database connection '" << info.connection_name << "'.\n";
  PrintFields(DatabaseFields(info));
}

void PrintCloud(Context& context, const CloudStorageConnectionInfo& info, const char* verb) {
  if (context.json) {
    PrintJson(CloudJson(info));
    return;
  }
  std::cout << verb << " cloud connection '" << info.connection_name << "'.\n";
  PrintFields(CloudFields(info));
}

void RegisterAddDatabase(CLI::App& add, Context& context) {
  auto* command = add.add_subcommand("database", "Register a database connection");
  struct Options {
    std::string name;
    DatabaseFlags flags;
  };
  auto options = std::make_shared<Options>();
  command->add_option("name", options->name, "Connection name (letters, digits, _ - .)")
      ->required();
  options->flags.Add(command, /*update=*/false);
  command->footer(
      "The password comes from a no-echo prompt (on a terminal), from stdin with "
      "--password-stdin, or from a named secret with --password-secret. Never from argv.");
  command->callback([&context, options] {
    context.action = [&context, options] {
      auto& f = options->flags;
      DatabaseConnection c;
      c.connection_name = options->name;
      ValidateName("connection", c.connection_name);
      c.database_type = f.type;
      c.host = f.host;
      if (Given(f.port_opt)) c.port = f.port;
      c.database = FileDatabasePath(f.type, f.database);
      c.username = f.username;
      c.ssl_enabled = f.ssl;
      c.url = f.url;
      auto& registry = context.workspace().connections();
      if (registry.FindDatabase(c.connection_name))  // before asking for a password
        throw Error(ErrorCode::kAlreadyExists,
                    "database connection '" + c.connection_name +
                        "' already exists; change it with `flowfile connections update`");
      if (auto password = f.Password(context, c.connection_name, f.type, false))
        c.password = std::move(*password);
      PrintDatabase(context, registry.CreateDatabase(c), "Created");
    };
  });
}

void RegisterAddCloud(CLI::App& add, Context& context) {
  auto* command = add.add_subcommand("cloud", "Register a cloud-storage connection");
  struct Options {
    std::string name;
    CloudFlags flags;
  };
  auto options = std::make_shared<Options>();
  command->add_option("name", options->name, "Connection name (letters, digits, _ - .)")
      ->required();
  options->flags.Add(command, /*update=*/false);
  options->flags.options.at("--storage-type")->required();
  command->footer(
      "Secret fields (" + CloudFlags::SecretFieldList() +
      ") are read from --secrets-stdin, --secret-field-from-file, --secret-ref or --prompt; "
      "on a terminal the ones the auth method needs are prompted for.");
  command->callback([&context, options] {
    context.action = [&context, options] {
      CloudStorageConnection c;
      c.connection_name = options->name;
      ValidateName("connection", c.connection_name);
      options->flags.ApplyFields(c);
      auto& registry = context.workspace().connections();
      if (registry.FindCloud(c.connection_name))
        throw Error(ErrorCode::kAlreadyExists,
                    "cloud connection '" + c.connection_name +
                        "' already exists; change it with `flowfile connections update`");
      options->flags.ApplySecrets(context, c, /*update=*/false);
      PrintCloud(context, registry.CreateCloud(c), "Created");
    };
  });
}

CloudStorageConnection CloudFromInfo(const CloudStorageConnectionInfo& info) {
  CloudStorageConnection c;
  c.connection_name = info.connection_name;
  c.storage_type = info.storage_type;
  c.auth_method = info.auth_method;
  c.endpoint_url = info.endpoint_url;
  c.verify_ssl = info.verify_ssl;
  c.scopes = info.scopes;
  c.aws_region = info.aws_region;
  c.aws_access_key_id = info.aws_access_key_id;
  c.aws_role_arn = info.aws_role_arn;
  c.aws_allow_unsafe_html = info.aws_allow_unsafe_html;
  c.azure_account_name = info.azure_account_name;
  c.azure_tenant_id = info.azure_tenant_id;
  c.azure_client_id = info.azure_client_id;
  c.gcs_project_id = info.gcs_project_id;
  return c;  // secret fields empty: the stored values are kept
}

void RegisterUpdate(CLI::App& connections, Context& context) {
  auto* command = connections.add_subcommand(
      "update", "Change fields of a connection; fields not given keep their value");
  struct Options {
    std::string name, kind;
    DatabaseFlags database;
    CloudFlags cloud;
  };
  auto options = std::make_shared<Options>();
  command->add_option("name", options->name, "Connection name")->required();
  command->add_option("--kind", options->kind, "Only this kind of connection")
      ->check(CLI::IsMember({"database", "cloud"}));
  options->database.Add(command, /*update=*/true);
  options->cloud.Add(command, /*update=*/true);
  command->callback([&context, options] {
    context.action = [&context, options] {
      auto& registry = context.workspace().connections();
      auto found = FindConnection(registry, options->name, options->kind);
      if (found.database) {
        if (options->cloud.AnyGiven())
          throw UsageError("'" + options->name +
                           "' is a database connection; cloud flags do not apply");
        auto& f = options->database;
        DatabaseConnectionUpdate u;
        if (Given(f.type_opt)) u.database_type = f.type;
        if (Given(f.host_opt)) u.host = f.host;
        if (Given(f.port_opt)) u.port = f.port;
        if (Given(f.database_opt))
          u.database =
              FileDatabasePath(u.database_type.value_or(found.database->database_type), f.database);
        if (Given(f.username_opt)) u.username = f.username;
        if (Given(f.url_opt)) u.url = f.url;
        if (Given(f.ssl_opt)) u.ssl_enabled = f.ssl;
        u.password = f.Password(context, options->name,
                                u.database_type.value_or(found.database->database_type), true);
        PrintDatabase(context, registry.UpdateDatabase(options->name, u), "Updated");
        return;
      }
      if (options->database.AnyGiven())
        throw UsageError("'" + options->name +
                         "' is a cloud connection; database flags do not apply");
      CloudStorageConnection c = CloudFromInfo(*found.cloud);
      options->cloud.ApplyFields(c);
      options->cloud.ApplySecrets(context, c, /*update=*/true);
      PrintCloud(context, registry.UpdateCloud(c), "Updated");
    };
  });
}

}  // namespace

void RegisterConnectionEditCommands(CLI::App& connections, Context& context) {
  auto* add = connections.add_subcommand("add", "Register a database or cloud connection");
  add->require_subcommand(1);
  RegisterAddDatabase(*add, context);
  RegisterAddCloud(*add, context);
  RegisterUpdate(connections, context);
}

}  // namespace ff::cli
