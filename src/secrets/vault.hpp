// The one place where values are sealed into, and opened from, the `secrets` table.
//
// A value is either sealed ($ffsec$1$ envelope under the store's current master key,
// tagged with its fingerprint; see keys/key_state.hpp) or, when it is exactly "${secret:NAME}",
// stored as a reference to the user secret NAME and resolved at use. Connections and user secrets
// both go through here, so key rotation has one table to walk.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/secret.hpp"

namespace ff {

class Store;
namespace crypto {
class MasterKeyProvider;
}

class Vault {
 public:
  Vault(Store& store, crypto::MasterKeyProvider& keys);

  // --- fields of a connection (owner_kind "database_connection" / "cloud_connection")
  void PutField(std::string_view owner_kind, int64_t owner_id, std::string_view field,
                const Secret& value);
  //! The value with references resolved; nullopt when the field is not set.
  std::optional<Secret> GetField(std::string_view owner_kind, int64_t owner_id,
                                 std::string_view field);
  //! NAME when the field is a "${secret:NAME}" reference.
  std::optional<std::string> FieldReference(std::string_view owner_kind, int64_t owner_id,
                                            std::string_view field);
  std::vector<std::string> FieldsSet(std::string_view owner_kind, int64_t owner_id);
  void DeleteField(std::string_view owner_kind, int64_t owner_id, std::string_view field);
  void DeleteFields(std::string_view owner_kind, int64_t owner_id);

  // --- named user secrets
  //! Returns true when the name was new.
  bool PutUser(std::string_view name, const Secret& value);
  std::optional<Secret> GetUser(std::string_view name);
  bool DeleteUser(std::string_view name);
  std::vector<std::string> UserNames();

  //! Open an envelope sealed under the key with `fingerprint` (or try every known key).
  Secret Open(std::string_view envelope, std::string_view fingerprint);

 private:
  std::optional<Secret> ResolveRow(const std::optional<std::string>& envelope,
                                   const std::string& fingerprint,
                                   const std::optional<std::string>& reference);
  bool MovedByRotation(bool sealed, const std::string& fingerprint, int attempt);
  Store& store_;
  crypto::MasterKeyProvider& keys_;
};

}  // namespace ff
