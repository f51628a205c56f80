// The store's side of the master key (docs/security.md, "Rotation protocol"): which key
// seals new values, which keys the stored values use, and the rotation in progress.
//
// Contract: every value is sealed with the key whose fingerprint is the store's current
// one, read in the same write transaction as the write (SealingKey). Because a rotation
// switches the current fingerprint in a transaction of its own, a writer either commits
// before the switch (its row is then re-sealed by the rotation) or after it (it seals with
// the new key): no row can be sealed with a key the rotation is about to retire.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ff {
class Store;
namespace crypto {
struct MasterKey;
class MasterKeyProvider;
}  // namespace crypto
}  // namespace ff

namespace ff::keys {

struct Rotation {
  std::string from;   //!< the fingerprint being retired
  std::string to;     //!< the fingerprint every value moves to (now the current one)
  std::string phase;  //!< "resealing" or "promoting"
  std::string started_at;
  std::string actor;
};

struct KeyState {
  std::optional<std::string> current;  //!< unset in a store no value was sealed in yet
  std::optional<Rotation> rotation;
};

struct KeyUse {
  std::string fingerprint;
  int64_t values = 0;
};

//! Readers and writers below expect the caller to hold the store's lock or transaction.
KeyState ReadKeyState(Store& store);
void WriteCurrent(Store& store, std::string_view fingerprint);
void WriteRotation(Store& store, const std::optional<Rotation>& rotation);
//! Sealed values (references to other secrets seal nothing), all or under one key.
int64_t SealedValues(Store& store);
int64_t SealedValuesUnder(Store& store, std::string_view fingerprint);
//! Fingerprints the stored values use, with counts, most used first.
std::vector<KeyUse> KeysInUse(Store& store);
//! Names of the values sealed under `fingerprint` ("secret 'x'", "database connection 'pg'
//! field password"), at most `limit`.
std::vector<std::string> ValuesUnder(Store& store, std::string_view fingerprint, size_t limit);
//! A stored value's name as shown in messages, from its row.
std::string DescribeValue(Store& store, int64_t row_id);

//! Inside a write transaction: the key a new value must be sealed with, which is the
//! store's current key, reading the key sources again when this process has not seen it.
//! A store with no current key yet adopts the active key. Throws Error(kCrypto) naming the
//! fingerprint the store needs and how to restore it when no source holds that key.
const crypto::MasterKey& SealingKey(Store& store, crypto::MasterKeyProvider& keys);

//! The error for a value (or a write) that needs a key no source holds.
[[noreturn]] void ThrowMissingKey(Store& store, crypto::MasterKeyProvider& keys,
                                  std::string_view fingerprint, std::string_view doing);

}  // namespace ff::keys
