#include "secrets/vault.hpp"

#include "crypto/envelope.hpp"
#include "crypto/master_key.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/secrets.hpp"
#include "keys/key_state.hpp"
#include "store/store.hpp"

namespace ff {

Vault::Vault(Store& store, crypto::MasterKeyProvider& keys) : store_(store), keys_(keys) {}

namespace {

struct Sealed {
  std::optional<std::string> envelope, fingerprint, reference;
};

// Called inside the write transaction: the key is the store's current one, checked
// against concurrent rotations by the transaction itself (keys/key_state.hpp).
Sealed Seal(Store& store, crypto::MasterKeyProvider& keys, const Secret& value) {
  std::string ref = Secrets::ReferencedName(value.Reveal());
  if (!ref.empty()) return {std::nullopt, std::nullopt, ref};
  const auto& key = keys::SealingKey(store, keys);
  return {crypto::SealSecret(key.key.Reveal(), crypto::kLocalUserId, value.Reveal()),
          key.fingerprint, std::nullopt};
}

std::optional<std::string> OptionalText(const Statement& s, int column) {
  if (s.IsNull(column)) return std::nullopt;
  return s.Text(column);
}

}  // namespace

Secret Vault::Open(std::string_view envelope, std::string_view fingerprint) {
  if (const auto* key = keys_.Resolve(fingerprint)) {
    try {
      return crypto::OpenSecret(key->key.Reveal(), envelope);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kCrypto) throw;
      throw Error(ErrorCode::kCrypto,
                  "a stored value does not decrypt under its master key " + key->fingerprint +
                      " (the row was altered or damaged); register the credential again");
    }
  }
  // Rows from an older Flowfile carry no fingerprint: try every key we know.
  for (const auto* key : keys_.KnownKeys()) {
    try {
      return crypto::OpenSecret(key->key.Reveal(), envelope);
    } catch (const Error&) {
    }
  }
  auto lock = store_.Lock();
  keys::ThrowMissingKey(store_, keys_, fingerprint.empty() ? "unknown" : fingerprint,
                        "read a stored value");
}

std::optional<Secret> Vault::ResolveRow(const std::optional<std::string>& envelope,
                                        const std::string& fingerprint,
                                        const std::optional<std::string>& reference) {
  if (reference) {
    auto value = GetUser(*reference);
    if (!value) ThrowUnknownName("secret", *reference, UserNames());
    return value;
  }
  if (!envelope) return std::nullopt;
  return Open(*envelope, fingerprint);
}

void Vault::PutField(std::string_view owner_kind, int64_t owner_id, std::string_view field,
                     const Secret& value) {
  std::string now = UtcNow();
  store_.Transaction([&] {
    Sealed s = Seal(store_, keys_, value);
    auto stmt = store_.Prepare(
        "INSERT INTO secrets (owner_kind, owner_id, field, encrypted_value, key_fingerprint, "
        "reference, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) "
        "ON CONFLICT (owner_kind, owner_id, field) WHERE owner_kind != 'user' DO UPDATE SET "
        "encrypted_value = ?4, key_fingerprint = ?5, reference = ?6, updated_at = ?7");
    stmt.Bind(1, owner_kind).Bind(2, owner_id).Bind(3, field);
    s.envelope ? stmt.Bind(4, *s.envelope) : stmt.BindNull(4);
    s.fingerprint ? stmt.Bind(5, *s.fingerprint) : stmt.BindNull(5);
    s.reference ? stmt.Bind(6, *s.reference) : stmt.BindNull(6);
    stmt.Bind(7, now).Run();
  });
}

std::optional<Secret> Vault::GetField(std::string_view owner_kind, int64_t owner_id,
                                      std::string_view field) {
  std::optional<std::string> envelope, reference;
  std::string fingerprint;
  for (int attempt = 0;; ++attempt) {
    {
      auto lock = store_.Lock();
      auto stmt = store_.Prepare(
          "SELECT encrypted_value, key_fingerprint, reference FROM secrets "
          "WHERE owner_kind = ?1 AND owner_id = ?2 AND field = ?3");
      stmt.Bind(1, owner_kind).Bind(2, owner_id).Bind(3, field);
      if (!stmt.Step()) return std::nullopt;
      envelope = OptionalText(stmt, 0);
      fingerprint = stmt.Text(1);
      reference = OptionalText(stmt, 2);
    }
    if (!MovedByRotation(envelope.has_value(), fingerprint, attempt)) break;
  }
  return ResolveRow(envelope, fingerprint, reference);
}

std::optional<std::string> Vault::FieldReference(std::string_view owner_kind, int64_t owner_id,
                                                 std::string_view field) {
  auto lock = store_.Lock();
  auto stmt = store_.Prepare(
      "SELECT reference FROM secrets WHERE owner_kind = ?1 AND owner_id = ?2 AND field = ?3");
  stmt.Bind(1, owner_kind).Bind(2, owner_id).Bind(3, field);
  if (!stmt.Step()) return std::nullopt;
  return OptionalText(stmt, 0);
}

std::vector<std::string> Vault::FieldsSet(std::string_view owner_kind, int64_t owner_id) {
  auto lock = store_.Lock();
  auto stmt = store_.Prepare(
      "SELECT field FROM secrets WHERE owner_kind = ?1 AND owner_id = ?2 ORDER BY field");
  stmt.Bind(1, owner_kind).Bind(2, owner_id);
  std::vector<std::string> fields;
  while (stmt.Step()) fields.push_back(stmt.Text(0));
  return fields;
}

void Vault::DeleteField(std::string_view owner_kind, int64_t owner_id, std::string_view field) {
  store_.Transaction([&] {
    store_.Prepare("DELETE FROM secrets WHERE owner_kind = ?1 AND owner_id = ?2 AND field = ?3")
        .Bind(1, owner_kind)
        .Bind(2, owner_id)
        .Bind(3, field)
        .Run();
  });
}

void Vault::DeleteFields(std::string_view owner_kind, int64_t owner_id) {
  store_.Transaction([&] {
    store_.Prepare("DELETE FROM secrets WHERE owner_kind = ?1 AND owner_id = ?2")
        .Bind(1, owner_kind)
        .Bind(2, owner_id)
        .Run();
  });
}

bool Vault::PutUser(std::string_view name, const Secret& value) {
  if (!Secrets::ReferencedName(value.Reveal()).empty())
    throw Error(ErrorCode::kInvalidArgument,
                "secret '" + std::string(name) +
                    "': a secret's value cannot itself be a ${secret:NAME} reference");
  std::string now = UtcNow();
  bool created = false;
  store_.Transaction([&] {
    Sealed s = Seal(store_, keys_, value);
    auto exists = store_.Prepare(
        "SELECT 1 FROM secrets WHERE owner_kind = 'user' AND user_id = 1 AND name = ?1");
    exists.Bind(1, name);
    created = !exists.Step();
    store_
        .Prepare(
            "INSERT INTO secrets (owner_kind, name, encrypted_value, key_fingerprint, "
            "created_at, updated_at) VALUES ('user', ?1, ?2, ?3, ?4, ?4) "
            "ON CONFLICT (user_id, name) WHERE owner_kind = 'user' DO UPDATE SET "
            "encrypted_value = ?2, key_fingerprint = ?3, updated_at = ?4")
        .Bind(1, name)
        .Bind(2, *s.envelope)
        .Bind(3, *s.fingerprint)
        .Bind(4, now)
        .Run();
  });
  return created;
}

std::optional<Secret> Vault::GetUser(std::string_view name) {
  std::string envelope, fingerprint;
  for (int attempt = 0;; ++attempt) {
    {
      auto lock = store_.Lock();
      auto stmt = store_.Prepare(
          "SELECT encrypted_value, key_fingerprint FROM secrets "
          "WHERE owner_kind = 'user' AND user_id = 1 AND name = ?1");
      stmt.Bind(1, name);
      if (!stmt.Step()) return std::nullopt;
      envelope = stmt.Text(0);
      fingerprint = stmt.Text(1);
    }
    if (!MovedByRotation(true, fingerprint, attempt)) break;
  }
  return Open(envelope, fingerprint);
}

// A row read under a key this process cannot find may have been re-sealed by a rotation
// that retired that key just after the read: read it once more before giving up.
bool Vault::MovedByRotation(bool sealed, const std::string& fingerprint, int attempt) {
  return sealed && attempt == 0 && !fingerprint.empty() && keys_.Resolve(fingerprint) == nullptr;
}

bool Vault::DeleteUser(std::string_view name) {
  int changed = 0;
  store_.Transaction([&] {
    changed = store_
                  .Prepare(
                      "DELETE FROM secrets WHERE owner_kind = 'user' AND user_id = 1 AND "
                      "name = ?1")
                  .Bind(1, name)
                  .Run();
  });
  return changed > 0;
}

std::vector<std::string> Vault::UserNames() {
  auto lock = store_.Lock();
  auto stmt = store_.Prepare(
      "SELECT name FROM secrets WHERE owner_kind = 'user' AND user_id = 1 ORDER BY name");
  std::vector<std::string> names;
  while (stmt.Step()) names.push_back(stmt.Text(0));
  return names;
}

}  // namespace ff
