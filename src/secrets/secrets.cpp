#include "flowfile/secrets.hpp"

#include "audit/audited.hpp"
#include "flowfile/names.hpp"
#include "secrets/vault.hpp"
#include "store/store.hpp"

namespace ff {

namespace {
constexpr std::string_view kSecretAuditKind = "secret";
}

Secrets::Secrets(Store& store, crypto::MasterKeyProvider& keys, AuditLog& audit)
    : store_(store), keys_(keys), audit_(audit) {}

std::string Secrets::ReferencedName(std::string_view value) {
  constexpr std::string_view prefix = "${secret:";
  if (value.size() <= prefix.size() + 1 || value.substr(0, prefix.size()) != prefix ||
      value.back() != '}')
    return {};
  return std::string(value.substr(prefix.size(), value.size() - prefix.size() - 1));
}

bool Secrets::Set(std::string_view name, const Secret& value) {
  ValidateName("secret", name);
  bool created = Vault(store_, keys_).PutUser(name, value);
  audit_.Record(created ? "create" : "update", kSecretAuditKind, name);
  return created;
}

Secret Secrets::Get(std::string_view name) {
  return Audited(audit_, "read", kSecretAuditKind, name, [&] {
    Vault vault(store_, keys_);
    auto value = vault.GetUser(name);
    if (!value) ThrowUnknownName("secret", name, vault.UserNames());
    return std::move(*value);
  });
}

bool Secrets::Exists(std::string_view name) {
  auto lock = store_.Lock();
  auto stmt = store_.Prepare(
      "SELECT 1 FROM secrets WHERE owner_kind = 'user' AND user_id = 1 AND name = ?1");
  stmt.Bind(1, name);
  return stmt.Step();
}

std::vector<SecretInfo> Secrets::List() {
  auto lock = store_.Lock();
  auto stmt = store_.Prepare(
      "SELECT name, created_at, updated_at FROM secrets WHERE owner_kind = 'user' AND "
      "user_id = 1 ORDER BY name");
  std::vector<SecretInfo> out;
  while (stmt.Step()) out.push_back({stmt.Text(0), stmt.Text(1), stmt.Text(2)});
  return out;
}

bool Secrets::Delete(std::string_view name) {
  bool deleted = Vault(store_, keys_).DeleteUser(name);
  audit_.Record("delete", kSecretAuditKind, name, deleted ? "ok" : "error: not found");
  return deleted;
}

}  // namespace ff
