// Where master keys live. Which key seals new values is the store's decision, not this
// file's: see keys/key_state.hpp and the protocol in docs/security.md.
//
// Sources of the active key, first found wins:
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
//   4. <config dir>/.secret_key: created with O_EXCL, mode 0600, in a folder made 0700. An
//      existing key file that group or others can access is refused with
//      Error(kPermissionDenied) naming the path and the fix (`chmod 600 <path>`).
// When no source holds a key and KeyProviderOptions::may_generate is set, one is generated
// (RAND_bytes) into the keyring if it is unlocked, else into the file, serialised between
// processes by a lock file (<config dir>/.key.lock). Without may_generate (the store
// already holds sealed values) the provider has no active key and says so on use: a new
// key would silently make every stored value unreadable.
//
// A staged key (a rotation's new key) lives beside the active one: the keyring item with
// role "next", or <config dir>/.secret_key.next for the file, environment and Docker
// sources (Flowfile cannot rewrite the latter two: their operator installs the new key).
//
// Every key this process has seen stays known until it exits, and Resolve() reads the
// sources again when it meets a fingerprint it has not seen, so a process notices another
// process's rotation. Thread-safe; pointers to keys stay valid for the provider's life.
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
  bool use_keyring = true;   //!< FLOWFILE_KEYRING=0 turns it off as well
  bool may_generate = true;  //!< create a key when no source holds one
};

class MasterKeyProvider {
 public:
  //! Find (or, with may_generate, create) the active key and every other key kept in the
  //! home. Throws Error(kInvalidArgument) for a malformed FLOWFILE_MASTER_KEY or
  //! FLOWFILE_MASTER_KEY_PREVIOUS, Error(kPermissionDenied) for a key file others can
  //! access or a locked keyring item, Error(kCrypto) for a malformed stored key.
  explicit MasterKeyProvider(KeyProviderOptions options);
  ~MasterKeyProvider();
  MasterKeyProvider(const MasterKeyProvider&) = delete;
  MasterKeyProvider& operator=(const MasterKeyProvider&) = delete;

  bool HasActive() const;
  //! The active key. Throws Error(kCrypto) naming where the key was looked for when no
  //! source holds one.
  const MasterKey& Active() const;
  //! The source that holds (or, without a key, would hold) the active key, and where.
  KeySourceKind ActiveSource() const;
  std::string ActiveLocation() const;
  const std::filesystem::path& home() const;

  //! Every key known to this process, the active key first.
  std::vector<const MasterKey*> KnownKeys() const;
  //! The known key with this fingerprint, or nullptr. Never reads the sources.
  const MasterKey* FindByFingerprint(std::string_view fingerprint) const;
  //! FindByFingerprint, reading the sources again when the key is not known yet (another
  //! process may have staged or promoted it). nullptr when no source holds it.
  const MasterKey* Resolve(std::string_view fingerprint);

  //! Generate a new key and persist it as "next" (keyring item, or .secret_key.next),
  //! replacing an older staged key. The caller (a rotation holding the rotation lock)
  //! checks that no value is sealed under the key it replaces.
  const MasterKey& StageNextKey();
  //! Make the staged key the active one at a source Flowfile can write (rename over
  //! .secret_key; keyring: store active = new, then delete next). With the environment
  //! or Docker sources the staged file stays until the operator installs the key.
  //! Idempotent: without a staged key it does nothing.
  void PromoteNextKey();
  //! Forget the staged key in its source. Idempotent.
  void DiscardNextKey();
  bool HasStagedKey() const;
  //! The staged key, or nullptr.
  const MasterKey* StagedKey() const;
  //! `key init --force`: a new active key at a writable source. A key file it replaces is
  //! kept as .secret_key.replaced-<fingerprint> (never deleted). Throws kUnsupported for
  //! the environment and Docker sources.
  const MasterKey& ReplaceActiveKey();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ff::crypto
