// Arbitrary named secrets (API tokens, passwords shared by several connections),
// encrypted in the workspace store. Values leave only as ff::Secret through Get().
#pragma once

#include <string>
#include <vector>

#include "flowfile/secret.hpp"

namespace ff {

class Store;
class AuditLog;
namespace crypto {
class MasterKeyProvider;
}

struct SecretInfo {
  std::string name;
  std::string created_at;  //!< ISO-8601 UTC
  std::string updated_at;
};

class Secrets {
 public:
  Secrets(Store& store, crypto::MasterKeyProvider& keys, AuditLog& audit);

  //! Create or replace. Returns true when it created a new secret.
  bool Set(std::string_view name, const Secret& value);
  //! Decrypt; audited as "read". Unknown name -> kNotFound listing the known names.
  Secret Get(std::string_view name);
  bool Exists(std::string_view name);
  std::vector<SecretInfo> List();
  bool Delete(std::string_view name);

  //! "${secret:NAME}" -> NAME, else empty.
  static std::string ReferencedName(std::string_view field_value);

 private:
  Store& store_;
  crypto::MasterKeyProvider& keys_;
  AuditLog& audit_;
};

}  // namespace ff
