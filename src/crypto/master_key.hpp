// Where the master key lives, and how it is rotated.
//
// Sources, first found wins:
//   1. the environment variable FLOWFILE_MASTER_KEY: a Fernet key (44 characters of
//      url-safe base64 encoding 32 bytes); surrounding whitespace and one pair of quotes
//      are stripped. Malformed -> Error(kInvalidArgument) naming the variable and the
//      expected format, never echoing the value.
//   2. a Docker secret file (KeyProviderOptions::docker_secret, by default
//      /run/secrets/flowfile_master_key). Docker mounts it read-only 0444: no mode check.
//   3. the OS keyring (Secret Service through libsecret; see crypto/keyring.hpp): the item
//      {application=flowfile, home=<config dir>, role=active}. Skipped quietly and fast
//      when there is no session bus or no unlocked keyring answering, when
//      KeyProviderOptions::use_keyring is false, or when FLOWFILE_KEYRING=0.
//   4. <config dir>/.secret_key: created with open(O_CREAT|O_EXCL, 0600) in a folder made
//      0700. An existing key file that group or others can access is refused with
//      Error(kPermissionDenied) naming the path and the fix (`chmod 600 <path>`).
// When no source holds a key, one is generated (RAND_bytes) into the keyring if it is
// unlocked, else into the file. Creation is serialised between processes with a lock file
// (<config dir>/.key.lock). The key never goes into the SQLite store.
//
// Read-only sources (environment, Docker secret) cannot be rotated by Flowfile. Rotate them
// by hand: set FLOWFILE_MASTER_KEY_PREVIOUS to the old key and FLOWFILE_MASTER_KEY (or the
// Docker secret) to a new one. The previous key then joins KnownKeys(), so rows still
// sealed with it decrypt (MultiFernet-style) until they are re-saved or `key rotate`d by a
// process that can write. FLOWFILE_MASTER_KEY_PREVIOUS is read only with those two sources.
//
// Rotation of the keyring and file sources is two-phase around the store's
// re-encryption transaction:
//   StageNextKey()   -> a new key is persisted beside the active one (".secret_key.next",
//                       written atomically, or the keyring item with role "next") before
//                       any row uses it;
//   <the store re-encrypts every secret in one transaction>
//   PromoteNextKey() -> the staged key becomes the active one atomically (rename over
//                       .secret_key; keyring: store active = new, then delete next).
// A process killed anywhere leaves every row decryptable: rows name their key by
// fingerprint, and a provider constructed later loads a leftover staged key into
// KnownKeys() without promoting it. The store decides (it knows which fingerprint its rows
// use) and calls PromoteNextKey() or DiscardNextKey(); see FinishPendingRotation.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/secret.hpp"

namespace ff::crypto {

enum class KeySourceKind { kEnvironment, kDockerSecret, kKeyring, kFile };
//! "env:FLOWFILE_MASTER_KEY", "docker-secret", "keyring" or "file".
std::string_view KeySourceName(KeySourceKind kind);

//! The first 16 hex characters of SHA-256 over the key *text*. Safe to show and store.
std::string KeyFingerprint(std::string_view key);

struct MasterKey {
  Secret key;               //!< the Fernet key text (base64url, 44 characters)
  std::string fingerprint;  //!< KeyFingerprint(key)
  KeySourceKind source;
  //! Where it is: the file path, the keyring item label, or the environment variable name.
  std::string location;
};

struct KeyProviderOptions {
  std::filesystem::path config_dir;  //!< the Flowfile home; created 0700 when missing
  std::filesystem::path docker_secret = "/run/secrets/flowfile_master_key";
  bool use_keyring = true;  //!< FLOWFILE_KEYRING=0 turns it off as well
};

class MasterKeyProvider {
 public:
  //! Find (or create) the active key and any staged or previous key. Throws
  //! Error(kInvalidArgument) for a malformed FLOWFILE_MASTER_KEY or
  //! FLOWFILE_MASTER_KEY_PREVIOUS, Error(kPermissionDenied) for a key file others can
  //! access or a locked keyring item, Error(kCrypto) for a malformed stored key.
  explicit MasterKeyProvider(KeyProviderOptions options);
  ~MasterKeyProvider();
  MasterKeyProvider(const MasterKeyProvider&) = delete;
  MasterKeyProvider& operator=(const MasterKeyProvider&) = delete;

  const MasterKey& Active() const;
  //! Every key that may have sealed a stored row: the active key first (it sealed almost
  //! every row), then the staged key (if any), then older keys: FLOWFILE_MASTER_KEY_PREVIOUS
  //! (environment and Docker sources) or, when the keyring holds the active key, a
  //! different key in <config dir>/.secret_key (written by a process that could not reach
  //! the keyring; the next rotation re-seals its rows under the keyring key).
  //! Pointers stay valid until the next StageNextKey/PromoteNextKey/DiscardNextKey.
  std::vector<const MasterKey*> KnownKeys() const;
  //! The known key with this fingerprint, or nullptr.
  const MasterKey* FindByFingerprint(std::string_view fingerprint) const;

  //! Generate a new key and persist it as "next" in the active source (replacing an older
  //! staged key). Throws Error(kUnsupported) for the environment and Docker sources,
  //! explaining how to rotate there.
  const MasterKey& StageNextKey();
  //! Make the staged key the active one and forget the old active key. Idempotent: without
  //! a staged key it does nothing.
  void PromoteNextKey();
  //! Forget a staged key, in memory and in its source (rotation aborted before any row
  //! used it). Idempotent.
  void DiscardNextKey();
  bool HasStagedKey() const;
  //! The staged key, or nullptr. Used to finish an interrupted rotation.
  const MasterKey* StagedKey() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ff::crypto
