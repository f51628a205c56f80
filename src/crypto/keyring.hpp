// The OS keyring through the Secret Service API (libsecret). Items are keyed by the
// Flowfile home they belong to and a role ("active" or "next", for rotation).
#pragma once

#include <optional>
#include <string>

#include "flowfile/secret.hpp"

namespace ff::crypto {

class Keyring {
 public:
  //! True when this build has libsecret, a session bus is configured, and a Secret Service
  //! answers a lookup. Quietly false otherwise (no prompt, no error).
  static bool Available();
  static std::optional<Secret> Lookup(const std::string& home, const std::string& role);
  static void Store(const std::string& home, const std::string& role, const Secret& key);
  static void Clear(const std::string& home, const std::string& role);
  //! The label shown in keyring tools.
  static std::string Label(const std::string& home, const std::string& role);
};

}  // namespace ff::crypto
