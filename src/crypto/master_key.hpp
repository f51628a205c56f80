// Where the master key lives, and how it is rotated.
//
// Sources, first found wins:
//   1. FLOWFILE_MASTER_KEY (a Fernet key; surrounding quotes stripped; malformed -> an
//      error naming the variable and the expected format)
//   2. the Docker secret /run/secrets/flowfile_master_key
//   3. the OS keyring (Secret Service through libsecret) when a session bus and an
//      unlocked keyring answer; otherwise skipped quietly
//   4. <config dir>/.secret_key, created on first use with mode 0600 (O_CREAT|O_EXCL)
// When none holds a key, one is generated into the first *writable* source that answers
// (keyring, else the file). The key never goes into the SQLite store.
//
// Rotation is two-phase around the store's re-encryption transaction:
//   StageNextKey()  -> a new key is persisted beside the active one (".secret_key.next"
//                      or a keyring item with role "next") before any row uses it;
//   <store re-encrypts every secret in one transaction>
//   PromoteNextKey() -> the staged key replaces the active one, atomically.
// A process killed anywhere leaves every row decryptable: rows name their key by
// fingerprint, and KnownKeys() includes a staged key. Open() finishes an interrupted
// promotion when the store says the staged key is in use (see FinishPendingRotation).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/secret.hpp"

namespace ff::crypto {

enum class KeySourceKind { kEnvironment, kDockerSecret, kKeyring, kFile };
std::string_view KeySourceName(KeySourceKind kind);  //!< "env:FLOWFILE_MASTER_KEY", ...

//! Truncated SHA-256 of the key text: 16 hex characters. Safe to show and store.
std::string KeyFingerprint(std::string_view key);

struct MasterKey {
  Secret key;               //!< the Fernet key text (base64url, 44 characters)
  std::string fingerprint;  //!< KeyFingerprint(key)
  KeySourceKind source;
  std::string location;  //!< e.g. the file path, the keyring item label, the env var name
};

struct KeyProviderOptions {
  std::filesystem::path config_dir;
  std::filesystem::path docker_secret = "/run/secrets/flowfile_master_key";
  bool use_keyring = true;  //!< FLOWFILE_KEYRING=0 turns it off as well
};

class MasterKeyProvider {
 public:
  //! Find (or create) the active key. Throws Error(kInvalidArgument) for a malformed
  //! FLOWFILE_MASTER_KEY, Error(kPermissionDenied) for a key file readable by others.
  explicit MasterKeyProvider(KeyProviderOptions options);
  ~MasterKeyProvider();

  const MasterKey& Active() const;
  //! Every key that may have encrypted a stored row: active first, then a staged key.
  std::vector<const MasterKey*> KnownKeys() const;
  const MasterKey* FindByFingerprint(std::string_view fingerprint) const;

  //! Generate and persist a new key as "next" in the active source. Throws
  //! Error(kUnsupported) for read-only sources (environment, Docker secret), naming how
  //! to rotate there.
  const MasterKey& StageNextKey();
  //! Make the staged key active and delete the old one. Idempotent.
  void PromoteNextKey();
  //! Forget a staged key (rotation aborted before any row used it).
  void DiscardNextKey();
  bool HasStagedKey() const;
  //! The staged key, or nullptr. (Added by the lead: used to finish an interrupted rotation.)
  const MasterKey* StagedKey() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ff::crypto
