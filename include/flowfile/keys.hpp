// The master key as users see it: where it came from, its fingerprint, rotation.
#pragma once

#include <string>

namespace ff {

class Store;
class AuditLog;
namespace crypto {
class MasterKeyProvider;
}

struct KeyInfo {
  std::string source;            //!< "env:FLOWFILE_MASTER_KEY", "docker-secret", "keyring", "file"
  std::string location;          //!< the file path, variable name or keyring label
  std::string fingerprint;       //!< truncated SHA-256; never the key
  size_t secrets_encrypted = 0;  //!< stored values under this key
};

struct RotationResult {
  std::string old_fingerprint;
  std::string new_fingerprint;
  size_t reencrypted = 0;
};

class KeyManager {
 public:
  KeyManager(Store& store, crypto::MasterKeyProvider& keys, AuditLog& audit);
  KeyInfo Info();
  //! New key -> re-encrypt every stored value in one transaction -> move the key at its
  //! source. Safe to kill at any point (see crypto/master_key.hpp). For a key Flowfile
  //! cannot write (FLOWFILE_MASTER_KEY, a Docker secret): re-seal, in one transaction, the
  //! values still under another known key (FLOWFILE_MASTER_KEY_PREVIOUS); when there are
  //! none, throw kUnsupported explaining how to rotate such a key.
  RotationResult Rotate();

 private:
  RotationResult ResealUnderActive();
  Store& store_;
  crypto::MasterKeyProvider& keys_;
  AuditLog& audit_;
};

}  // namespace ff
