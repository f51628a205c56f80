// Re-sealing stored values under another master key, in batches small enough that other
// processes' writes interleave with a rotation instead of waiting for all of it.
#pragma once

#include <cstdint>
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

struct ResealOutcome {
  size_t resealed = 0;
  std::vector<std::string> unreadable;  //!< values that did not open, by name
};

//! Re-seal every sealed value not under `target`. A value that does not open is an error
//! (Error(kCrypto) naming it) unless `skip_unreadable`, which leaves it as it is and
//! reports it. Each batch is one transaction; a value written meanwhile by another
//! process is already under `target` (it is the store's current key).
ResealOutcome ResealAll(Store& store, crypto::MasterKeyProvider& keys,
                        const crypto::MasterKey& target, bool skip_unreadable);

//! The values no available key opens, by name (at most `limit`); nothing is changed.
std::vector<std::string> UnreadableValues(Store& store, crypto::MasterKeyProvider& keys,
                                          size_t limit);

}  // namespace ff::keys
