// Database connections: rows in `database_connections`, the password in the vault.
#include <algorithm>
#include <array>

#include "audit/audited.hpp"
#include "connections/connection_url.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/warnings.hpp"
#include "secrets/vault.hpp"
#include "store/store.hpp"

namespace ff {
namespace {

constexpr std::string_view kDatabaseKind = "database_connection";
constexpr std::array<std::string_view, 6> kDatabaseTypes = {"postgresql", "mysql",  "mariadb",
                                                            "sqlite",     "duckdb", "mssql"};

std::string NormalisedType(std::string_view type) {
  std::string t(type);
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  if (t == "postgres" || t == "psql") t = "postgresql";
  if (std::find(kDatabaseTypes.begin(), kDatabaseTypes.end(), t) == kDatabaseTypes.end()) {
    std::string known;
    for (auto k : kDatabaseTypes) known += (known.empty() ? "" : ", ") + std::string(k);
    throw Error(ErrorCode::kInvalidArgument,
                "unknown database_type '" + std::string(type) + "'; expected one of: " + known);
  }
  return t;
}

bool IsFileDatabase(std::string_view type) { return type == "sqlite" || type == "duckdb"; }

void ValidatePort(std::optional<int> port) {
  if (port && (*port < 1 || *port > 65535))
    throw Error(ErrorCode::kInvalidArgument,
                "port " + std::to_string(*port) + " is out of range; expected 1-65535");
}

void ValidateFields(const DatabaseConnection& c, const std::string& type) {
  std::vector<std::string> missing;
  if (IsFileDatabase(type)) {
    if (c.database.empty()) missing.push_back("database (the file path)");
  } else if (c.url.empty() && c.host.empty()) {
    missing.push_back("host (or url)");
  }
  if (!missing.empty()) {
    std::string list;
    for (auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    throw Error(ErrorCode::kInvalidArgument, "database connection '" + c.connection_name + "' (" +
                                                 type + ") is missing: " + list);
  }
  ValidatePort(c.port);
  // A file database has no login. Flowfile's forms send a username and password anyway, so
  // they are accepted and not stored; the warning says so rather than dropping them quietly.
  if (IsFileDatabase(type) && (!c.password.empty() || !c.username.empty()))
    Warn("database connection '" + c.connection_name + "' (" + type +
         ") is a file: its username and password are not used and not stored");
  if (auto form = connections::PasswordInUrl(c.url))
    throw Error(ErrorCode::kInvalidArgument,
                "database connection '" + c.connection_name + "': the url contains a password (" +
                    *form + "); pass it as password= instead so it is stored encrypted");
}

constexpr std::string_view kDatabaseColumns =
    "id, connection_name, database_type, host, port, database, username, ssl_enabled, url, "
    "created_at, updated_at";

DatabaseConnectionInfo ReadDatabaseRow(const Statement& s) {
  DatabaseConnectionInfo i;
  i.id = s.Int(0);
  i.connection_name = s.Text(1);
  i.database_type = s.Text(2);
  i.host = s.Text(3);
  if (!s.IsNull(4)) i.port = static_cast<int>(s.Int(4));
  i.database = s.Text(5);
  i.username = s.Text(6);
  i.ssl_enabled = s.Int(7) != 0;
  i.url = s.Text(8);
  i.created_at = s.Text(9);
  i.updated_at = s.Text(10);
  return i;
}

std::vector<std::string> DatabaseNames(Store& store) {
  auto lock = store.Lock();
  auto s = store.Prepare(
      "SELECT connection_name FROM database_connections WHERE user_id = 1 ORDER BY "
      "connection_name");
  std::vector<std::string> names;
  while (s.Step()) names.push_back(s.Text(0));
  return names;
}

}  // namespace

Connections::Connections(Store& store, crypto::MasterKeyProvider& keys, AuditLog& audit)
    : store_(store), keys_(keys), audit_(audit) {}

std::optional<DatabaseConnectionInfo> Connections::FindDatabase(std::string_view name) {
  std::optional<DatabaseConnectionInfo> info;
  {
    auto lock = store_.Lock();
    auto s = store_.Prepare("SELECT " + std::string(kDatabaseColumns) +
                            " FROM database_connections WHERE user_id = 1 AND "
                            "connection_name = ?1");
    s.Bind(1, name);
    if (!s.Step()) return std::nullopt;
    info = ReadDatabaseRow(s);
  }
  Vault vault(store_, keys_);
  auto fields = vault.FieldsSet(kDatabaseKind, info->id);
  info->has_password = std::find(fields.begin(), fields.end(), "password") != fields.end();
  info->password_ref = vault.FieldReference(kDatabaseKind, info->id, "password").value_or("");
  return info;
}

DatabaseConnectionInfo Connections::GetDatabase(std::string_view name) {
  auto info = FindDatabase(name);
  if (!info) ThrowUnknownName("database connection", name, DatabaseNames(store_));
  return *info;
}

std::vector<DatabaseConnectionInfo> Connections::ListDatabases() {
  std::vector<DatabaseConnectionInfo> out;
  for (const auto& name : DatabaseNames(store_))
    if (auto info = FindDatabase(name)) out.push_back(std::move(*info));
  return out;
}

DatabaseConnectionInfo Connections::CreateDatabase(const DatabaseConnection& c) {
  return Audited(audit_, "create", kDatabaseKind, c.connection_name, [&] {
    ValidateName("connection", c.connection_name);
    std::string type = NormalisedType(c.database_type);
    ValidateFields(c, type);
    bool file_based = IsFileDatabase(type);
    std::string now = UtcNow();
    store_.Transaction([&] {
      auto exists = store_.Prepare(
          "SELECT 1 FROM database_connections WHERE user_id = 1 AND connection_name = ?1");
      exists.Bind(1, c.connection_name);
      if (exists.Step())
        throw Error(ErrorCode::kAlreadyExists,
                    "database connection '" + c.connection_name +
                        "' already exists; use update, or create_database_connection_if_not_"
                        "exists to keep it");
      store_
          .Prepare(
              "INSERT INTO database_connections (connection_name, database_type, host, port, "
              "database, username, ssl_enabled, url, created_at, updated_at) VALUES "
              "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)")
          .Bind(1, c.connection_name)
          .Bind(2, type)
          .Bind(3, c.host)
          .Bind(4, c.port ? std::optional<int64_t>(*c.port) : std::nullopt)
          .Bind(5, c.database)
          .Bind(6, file_based ? std::string() : c.username)
          .Bind(7, int64_t{c.ssl_enabled})
          .Bind(8, c.url)
          .Bind(9, now)
          .Run();
      int64_t id = store_.LastInsertId();
      if (!file_based && !c.password.empty())
        Vault(store_, keys_).PutField(kDatabaseKind, id, "password", c.password);
    });
    return GetDatabase(c.connection_name);
  });
}

DatabaseConnectionInfo Connections::CreateDatabaseIfNotExists(const DatabaseConnection& c) {
  if (auto existing = FindDatabase(c.connection_name)) return *existing;
  try {
    return CreateDatabase(c);
  } catch (const Error& e) {
    // Another process created it between our look and our insert.
    if (e.code() != ErrorCode::kAlreadyExists) throw;
    return GetDatabase(c.connection_name);
  }
}

DatabaseConnectionInfo Connections::UpdateDatabase(std::string_view name,
                                                   const DatabaseConnectionUpdate& u) {
  return Audited(audit_, "update", kDatabaseKind, name, [&] {
    store_.Transaction([&] {
      DatabaseConnectionInfo current = GetDatabase(name);
      DatabaseConnection merged;
      merged.connection_name = current.connection_name;
      merged.database_type = NormalisedType(u.database_type.value_or(current.database_type));
      merged.host = u.host.value_or(current.host);
      merged.port = u.port ? u.port : current.port;
      merged.database = u.database.value_or(current.database);
      merged.username = u.username.value_or(current.username);
      merged.ssl_enabled = u.ssl_enabled.value_or(current.ssl_enabled);
      merged.url = u.url.value_or(current.url);
      if (u.password) merged.password = u.password->Clone();
      ValidateFields(merged, merged.database_type);
      store_
          .Prepare(
              "UPDATE database_connections SET database_type = ?2, host = ?3, port = ?4, "
              "database = ?5, username = ?6, ssl_enabled = ?7, url = ?8, updated_at = ?9 "
              "WHERE id = ?1")
          .Bind(1, current.id)
          .Bind(2, merged.database_type)
          .Bind(3, merged.host)
          .Bind(4, merged.port ? std::optional<int64_t>(*merged.port) : std::nullopt)
          .Bind(5, merged.database)
          .Bind(6, merged.username)
          .Bind(7, int64_t{merged.ssl_enabled})
          .Bind(8, merged.url)
          .Bind(9, UtcNow())
          .Run();
      if (u.password) {
        Vault vault(store_, keys_);
        if (u.password->empty())
          vault.DeleteField(kDatabaseKind, current.id, "password");
        else
          vault.PutField(kDatabaseKind, current.id, "password", *u.password);
      }
    });
    return GetDatabase(name);
  });
}

bool Connections::DeleteDatabase(std::string_view name) {
  bool deleted = false;
  store_.Transaction([&] {
    auto info = FindDatabase(name);
    if (!info) return;
    Vault(store_, keys_).DeleteFields(kDatabaseKind, info->id);
    store_.Prepare("DELETE FROM database_connections WHERE id = ?1").Bind(1, info->id).Run();
    deleted = true;
  });
  audit_.Record("delete", kDatabaseKind, name, deleted ? "ok" : "error: not found");
  return deleted;
}

Secret Connections::ResolveDatabasePassword(std::string_view name) {
  return Audited(audit_, "read", kDatabaseKind, name, [&] {
    auto info = GetDatabase(name);
    auto value = Vault(store_, keys_).GetField(kDatabaseKind, info.id, "password");
    return value ? std::move(*value) : Secret();
  });
}

}  // namespace ff
