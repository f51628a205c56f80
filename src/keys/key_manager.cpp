#include <csignal>
#include <cstdlib>

#include "audit/audited.hpp"
#include "crypto/envelope.hpp"
#include "crypto/master_key.hpp"
#include "flowfile/keys.hpp"
#include "secrets/vault.hpp"
#include "store/store.hpp"

namespace ff {
namespace {

constexpr std::string_view kKind = "master_key";

// Fault injection for the crash-safety test: FLOWFILE_FAULT=rotate:<point> kills the
// process (SIGKILL, no cleanup) when rotation reaches <point>.
void MaybeDie(std::string_view point) {
  const char* fault = std::getenv("FLOWFILE_FAULT");
  if (fault != nullptr && std::string_view(fault) == "rotate:" + std::string(point))
    std::raise(SIGKILL);
}

}  // namespace

KeyManager::KeyManager(Store& store, crypto::MasterKeyProvider& keys, AuditLog& audit)
    : store_(store), keys_(keys), audit_(audit) {}

KeyInfo KeyManager::Info() {
  const auto& active = keys_.Active();
  KeyInfo info{std::string(crypto::KeySourceName(active.source)), active.location,
               active.fingerprint, 0};
  auto lock = store_.Lock();
  auto s = store_.Prepare("SELECT count(*) FROM secrets WHERE key_fingerprint = ?1");
  s.Bind(1, active.fingerprint);
  if (s.Step()) info.secrets_encrypted = static_cast<size_t>(s.Int(0));
  return info;
}

// A key from FLOWFILE_MASTER_KEY or a Docker secret cannot be rewritten by Flowfile. The
// user rotates there by setting the new key and passing the old one as
// FLOWFILE_MASTER_KEY_PREVIOUS; rotation then re-seals every row still under another key.
RotationResult KeyManager::ResealUnderActive() {
  RotationResult result;
  const auto& active = keys_.Active();
  result.new_fingerprint = active.fingerprint;
  Vault vault(store_, keys_);
  store_.Transaction([&] {
    struct Row {
      int64_t id, user_id;
      std::string envelope, fingerprint;
    };
    std::vector<Row> rows;
    {
      auto s = store_.Prepare(
          "SELECT id, user_id, encrypted_value, key_fingerprint FROM secrets "
          "WHERE encrypted_value IS NOT NULL AND key_fingerprint IS NOT ?1");
      s.Bind(1, active.fingerprint);
      while (s.Step()) rows.push_back({s.Int(0), s.Int(1), s.Text(2), s.Text(3)});
    }
    for (const auto& row : rows) {
      Secret plain = vault.Open(row.envelope, row.fingerprint);
      result.old_fingerprint = row.fingerprint;
      store_.Prepare("UPDATE secrets SET encrypted_value = ?2, key_fingerprint = ?3 WHERE id = ?1")
          .Bind(1, row.id)
          .Bind(2, crypto::SealSecret(active.key.Reveal(), row.user_id, plain.Reveal()))
          .Bind(3, active.fingerprint)
          .Run();
      ++result.reencrypted;
    }
  });
  return result;
}

RotationResult KeyManager::Rotate() {
  return Audited(audit_, "rotate", kKind, "master_key", [&] {
    RotationResult result;
    result.old_fingerprint = keys_.Active().fingerprint;
    auto source = keys_.Active().source;
    if (source == crypto::KeySourceKind::kEnvironment ||
        source == crypto::KeySourceKind::kDockerSecret) {
      RotationResult resealed = ResealUnderActive();
      if (resealed.reencrypted > 0) return resealed;
      keys_.StageNextKey();  // throws kUnsupported, explaining how to rotate this source
    }
    const crypto::MasterKey& next = keys_.StageNextKey();
    result.new_fingerprint = next.fingerprint;
    MaybeDie("staged");
    Vault vault(store_, keys_);
    try {
      store_.Transaction([&] {
        struct Row {
          int64_t id, user_id;
          std::string envelope, fingerprint;
        };
        std::vector<Row> rows;
        {
          auto s = store_.Prepare(
              "SELECT id, user_id, encrypted_value, key_fingerprint FROM secrets "
              "WHERE encrypted_value IS NOT NULL");
          while (s.Step()) rows.push_back({s.Int(0), s.Int(1), s.Text(2), s.Text(3)});
        }
        for (const auto& row : rows) {
          Secret plain = vault.Open(row.envelope, row.fingerprint);
          store_
              .Prepare(
                  "UPDATE secrets SET encrypted_value = ?2, key_fingerprint = ?3 WHERE id = ?1")
              .Bind(1, row.id)
              .Bind(2, crypto::SealSecret(next.key.Reveal(), row.user_id, plain.Reveal()))
              .Bind(3, next.fingerprint)
              .Run();
          if (++result.reencrypted == (rows.size() + 1) / 2) MaybeDie("mid-transaction");
        }
      });
    } catch (...) {
      keys_.DiscardNextKey();
      throw;
    }
    MaybeDie("committed");
    keys_.PromoteNextKey();
    return result;
  });
}

//! After a crash mid-rotation, a staged key is either used by the rows (the transaction
//! committed: finish by promoting it) or by none (it did not: discard it).
void FinishPendingRotation(Store& store, crypto::MasterKeyProvider& keys) {
  if (!keys.HasStagedKey()) return;
  std::string staged = keys.StagedKey()->fingerprint;
  auto lock = store.Lock();
  auto s = store.Prepare(
      "SELECT count(*) FILTER (WHERE key_fingerprint = ?1), count(*) FROM secrets "
      "WHERE encrypted_value IS NOT NULL");
  s.Bind(1, staged);
  s.Step();
  int64_t on_staged = s.Int(0), total = s.Int(1);
  if (total > 0 && on_staged == total)
    keys.PromoteNextKey();
  else if (on_staged == 0)
    keys.DiscardNextKey();
  // Mixed cannot happen (one transaction); leave both keys known if it ever does.
}

}  // namespace ff
