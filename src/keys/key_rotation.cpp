// Rotation and recovery: the protocol of docs/security.md ("Rotation protocol").
//
//   1. under the rotation lock, refuse (changing nothing) when a value does not open;
//   2. stage the new key at its source (persisted before anything refers to it);
//   3. one transaction: record the rotation and make the new key the store's current one
//      (from here every writer seals with it, checked in its own transaction);
//   4. re-seal the values under other keys, in batches;
//   5. one transaction: check that no value uses the old key; phase "promoting";
//   6. promote the staged key at its source (the old key is gone from then on);
//   7. one transaction: clear the record.
// A process killed anywhere leaves the lock free and the record (or a staged key) behind;
// the next process that opens the store finishes from the recorded phase.
#include <csignal>
#include <cstdlib>

#include "audit/audited.hpp"
#include "crypto/master_key.hpp"
#include "flowfile/keys.hpp"
#include "flowfile/warnings.hpp"
#include "keys/key_state.hpp"
#include "keys/reseal.hpp"
#include "keys/rotation_lock.hpp"
#include "store/store.hpp"
#include "util/secret_caches.hpp"

namespace ff {
namespace {

constexpr std::string_view kRotationAuditKind = "master_key";
constexpr auto kLockWait = std::chrono::seconds(60);

// Fault injection for the crash-safety tests: FLOWFILE_FAULT=rotate:<point> kills the
// process (SIGKILL, no cleanup) when rotation reaches <point>.
void MaybeDie(std::string_view point) {
  const char* fault = std::getenv("FLOWFILE_FAULT");
  if (fault == nullptr) return;
  std::string_view wanted(fault);
  if (wanted == "rotate:" + std::string(point) ||
      (point == "resealed" && wanted == "rotate:committed"))
    std::raise(SIGKILL);
}

bool WritableSource(crypto::KeySourceKind kind) {
  return kind == crypto::KeySourceKind::kKeyring || kind == crypto::KeySourceKind::kFile;
}

std::string ActorName() { return "pid " + std::to_string(::getpid()); }

// Steps 4 to 7 for a rotation whose record says `rotation` (ours, or a dead process's).
// Returns false, leaving the record, when some value still uses the old key.
bool FinishRotation(Store& store, crypto::MasterKeyProvider& keys, const keys::Rotation& rotation,
                    const crypto::MasterKey& target, bool skip_unreadable, RotationResult* result) {
  if (rotation.phase == "resealing") {
    auto outcome = keys::ResealAll(store, keys, target, skip_unreadable);
    if (result) {
      result->reencrypted += outcome.resealed;
      result->skipped = outcome.unreadable;
    }
    bool clean = true;
    store.Transaction([&] {
      // A value that did not open is no loss of the old key: it was unreadable under it.
      int64_t left = keys::SealedValuesUnder(store, rotation.from);
      if (left > static_cast<int64_t>(outcome.unreadable.size())) clean = false;
      if (!clean) return;
      auto promoting = rotation;
      promoting.phase = "promoting";
      keys::WriteRotation(store, promoting);
    });
    if (!clean) return false;
    MaybeDie("resealed");
  }
  if (keys.StagedKey() != nullptr && keys.StagedKey()->fingerprint == target.fingerprint)
    keys.PromoteNextKey();
  MaybeDie("promoted");
  store.Transaction([&] { keys::WriteRotation(store, std::nullopt); });
  return true;
}

// The key store's values move from: its current one, adopted first in a store that has
// none recorded yet.
std::string CurrentFingerprint(Store& store, crypto::MasterKeyProvider& keys) {
  std::string current;
  store.Transaction([&] { current = keys::SealingKey(store, keys).fingerprint; });
  return current;
}

void RecoverHoldingLock(Store& store, crypto::MasterKeyProvider& keys) {
  keys::KeyState state;
  {
    auto lock = store.Lock();
    state = keys::ReadKeyState(store);
  }
  if (state.rotation) {
    const auto& rotation = *state.rotation;
    const auto* target = keys.Resolve(rotation.to);
    if (target == nullptr) {
      Warn("an interrupted master-key rotation to key " + rotation.to +
           " cannot be finished: no source holds that key. `flowfile key status` shows the "
           "values that need it");
      return;
    }
    if (!FinishRotation(store, keys, rotation, *target, /*skip_unreadable=*/true, nullptr))
      Warn("an interrupted master-key rotation was resumed, but some values still use key " +
           rotation.from +
           " and did not open; the old key is kept. `flowfile key status` "
           "lists them");
    return;
  }
  const auto* staged = keys.StagedKey();
  if (staged == nullptr) return;
  bool unreferenced = false;
  store.Transaction([&] {
    keys::KeyState now = keys::ReadKeyState(store);
    unreferenced = now.current != staged->fingerprint &&
                   keys::SealedValuesUnder(store, staged->fingerprint) == 0;
  });
  // No rotation record, not the current key, no value under it, and no rotation running
  // (we hold its lock): a rotation died before it published this key.
  if (unreferenced) keys.DiscardNextKey();
}

}  // namespace

RotationResult KeyManager::Rotate(const RotationOptions& options) {
  return Audited(audit_, "rotate", kRotationAuditKind, "master_key", [&] {
    // Tokens and keys cached from values sealed under the old key go, whatever the outcome.
    struct ClearCaches {
      ClearCaches() { ClearSecretCaches(); }
      ~ClearCaches() { ClearSecretCaches(); }
    } clear_caches;
    keys::RotationLock lock(keys_.home());
    lock.Acquire(kLockWait);
    RecoverHoldingLock(store_, keys_);

    RotationResult result;
    if (!options.skip_unreadable) {
      auto unreadable = keys::UnreadableValues(store_, keys_, 20);
      if (!unreadable.empty()) {
        std::string names;
        for (const auto& name : unreadable) names += (names.empty() ? "" : ", ") + name;
        throw Error(ErrorCode::kCrypto,
                    "cannot rotate the master key: these values do not open with any available "
                    "key: " +
                        names +
                        ". Nothing was changed. Restore the key they need (`flowfile key "
                        "status`), or rotate with --skip-unreadable (Python: "
                        "skip_unreadable=True) to re-seal the rest and leave these as they are");
      }
    }

    result.old_fingerprint = CurrentFingerprint(store_, keys_);
    // A key an earlier rotation made for FLOWFILE_MASTER_KEY (or a Docker secret) waits,
    // staged, until the operator installs it: replacing it now would lose it.
    const crypto::MasterKey* target = nullptr;
    if (const auto* staged = keys_.StagedKey(); staged != nullptr &&
                                                staged->fingerprint == result.old_fingerprint &&
                                                staged->fingerprint != keys_.Active().fingerprint)
      throw Error(ErrorCode::kInvalidArgument,
                  "the key made by the last rotation (" + staged->fingerprint +
                      ") is not installed yet: set " + keys_.ActiveLocation() +
                      " to it (it is kept in " + staged->location +
                      " until then), then rotate "
                      "again");
    // An operator who set FLOWFILE_MASTER_KEY (or the Docker secret) to a new key, keeping
    // the old one as FLOWFILE_MASTER_KEY_PREVIOUS, rotates to that key.
    bool adopted = !WritableSource(keys_.ActiveSource()) &&
                   keys_.Active().fingerprint != result.old_fingerprint;
    target = adopted ? &keys_.Active() : &keys_.StageNextKey();
    result.new_fingerprint = target->fingerprint;
    MaybeDie("staged");

    keys::Rotation rotation{result.old_fingerprint, target->fingerprint, "resealing", UtcNow(),
                            ActorName()};
    try {
      store_.Transaction([&] {
        keys::WriteRotation(store_, rotation);
        keys::WriteCurrent(store_, target->fingerprint);
      });
    } catch (...) {
      if (!adopted) keys_.DiscardNextKey();  // nothing refers to it yet
      throw;
    }
    MaybeDie("switched");
    if (!FinishRotation(store_, keys_, rotation, *target, options.skip_unreadable, &result))
      throw Error(ErrorCode::kInternal,
                  "values under the old master key remain after re-sealing; the old key is "
                  "kept and the rotation stays recorded (`flowfile key status`)");
    if (!adopted && !WritableSource(keys_.ActiveSource()))
      result.key_to_install = target->key.Clone();
    return result;
  });
}

void RecoverInterruptedRotation(Store& store, crypto::MasterKeyProvider& keys) {
  bool pending = keys.StagedKey() != nullptr;
  if (!pending) {
    auto lock = store.Lock();
    pending = keys::ReadKeyState(store).rotation.has_value();
  }
  if (!pending) return;
  keys::RotationLock lock(keys.home());
  if (!lock.TryAcquire()) return;  // a rotation is running: it finishes its own work
  try {
    RecoverHoldingLock(store, keys);
  } catch (const Error& e) {
    Warn(std::string("could not finish an interrupted master-key rotation (values stay "
                     "readable under both keys): ") +
         e.what());
  }
}

}  // namespace ff
