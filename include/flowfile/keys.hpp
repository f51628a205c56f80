// The master key as users see it: where it is, which keys the store's values use,
// rotation, recovery and a deliberate fresh start. The protocol that keeps every value
// readable while other processes read and write during a rotation is in docs/security.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/secret.hpp"

namespace ff {

class Store;
class AuditLog;
namespace crypto {
class MasterKeyProvider;
}

struct KeyInfo {
  std::string source;            //!< "env:FLOWFILE_MASTER_KEY", "docker-secret", "keyring", "file"
  std::string location;          //!< the file path, variable name or keyring label
  std::string fingerprint;       //!< truncated SHA-256; never the key ("" when there is none)
  size_t secrets_encrypted = 0;  //!< stored values under this key
};

struct KeyInUse {
  std::string fingerprint;
  int64_t values = 0;
  bool available = false;  //!< this process holds the key
};

struct RotationInProgress {
  std::string from, to;
  std::string phase;  //!< "resealing" or "promoting"
  std::string started_at, actor;
  bool running = false;  //!< its process still runs (it holds the rotation lock)
};

struct KeyStatus {
  KeyInfo active;                   //!< this process's key source
  std::string current_fingerprint;  //!< the key new values are sealed with ("" before any)
  std::vector<KeyInUse> keys_in_use;
  std::optional<RotationInProgress> rotation;
  std::string staged_fingerprint;  //!< a staged key found beside the active one, if any
};

struct RotationOptions {
  //! Re-seal every value that opens and leave the ones that do not (reported by name).
  //! Without it a rotation that meets an unreadable value changes nothing.
  bool skip_unreadable = false;
};

struct RotationResult {
  std::string old_fingerprint;
  std::string new_fingerprint;
  size_t reencrypted = 0;
  std::vector<std::string> skipped;  //!< values left as they were (skip_unreadable)
  //! The new key, when its source is one Flowfile cannot write (FLOWFILE_MASTER_KEY, a
  //! Docker secret): the operator must install it. Until then it is kept, 0600, in
  //! <home>/.secret_key.next so that every process keeps reading and writing.
  std::optional<Secret> key_to_install;
};

struct KeyInitResult {
  std::string fingerprint;
  std::string replaced_fingerprint;  //!< the key file that was set aside, if any
  int64_t unreadable = 0;            //!< values no available key opens any more
  std::vector<std::string> unreadable_names;
};

class KeyManager {
 public:
  KeyManager(Store& store, crypto::MasterKeyProvider& keys, AuditLog& audit);
  KeyInfo Info();
  KeyStatus Status();
  //! New key, published in the store before any value uses it; every value re-sealed
  //! under it in batches while other processes keep working; the old key retired only
  //! when no value references it. Safe to kill at any point: the next process that opens
  //! the store finishes it. With FLOWFILE_MASTER_KEY (or a Docker secret) set to a key
  //! that is not yet the store's, the rotation adopts that key instead of making one.
  //! Throws Error(kCrypto) listing the values it cannot open (nothing changed) unless
  //! options.skip_unreadable; Error(kConflict) when another rotation runs for a minute.
  RotationResult Rotate(const RotationOptions& options = {});
  //! A fresh key. Without `force`: only when no stored value needs a key this process
  //! lacks (otherwise Error(kInvalidArgument) saying which values would be lost). With
  //! `force`: makes a new key and makes it the store's current one; values under keys
  //! that are not available stay in the store, unreadable, and are listed.
  KeyInitResult Init(bool force);

 private:
  Store& store_;
  crypto::MasterKeyProvider& keys_;
  AuditLog& audit_;
};

//! Finish or roll back a rotation whose process died (the rotation lock is free), and
//! remove a staged key that no value and no rotation references. Called when a workspace
//! opens; failures (a read-only home) are warnings, never errors: reads still work.
void RecoverInterruptedRotation(Store& store, crypto::MasterKeyProvider& keys);

}  // namespace ff
