// The OS keyring through the Secret Service D-Bus API (libsecret), as one source of the
// master key. Items use the schema "org.flowfile.MasterKey" with the attributes
//   application = "flowfile", home = <the Flowfile config folder>, role = "active" | "next"
// so every Flowfile home has its own key, and a staged rotation key sits beside it.
//
// Nothing here prompts the user or waits long: a missing session bus, a Secret Service that
// is not already running, or one that does not answer within ~2 s makes the keyring
// "off", and callers fall back to the key file. Built without libsecret (no
// FLOWFILE_HAVE_LIBSECRET), the keyring is always off.
#pragma once

#include <optional>
#include <string>

#include "flowfile/secret.hpp"

namespace ff::crypto {

class Keyring {
 public:
  enum class Status {
    kOff,     //!< no libsecret, no session bus, or no Secret Service answering
    kLocked,  //!< a Secret Service answers, but its default collection is locked or absent
    kReady,   //!< the default collection is unlocked: items can be read and created
  };
  //! Checks DBUS_SESSION_BUS_ADDRESS, then asks the bus (2 s timeouts, no auto-start)
  //! whether org.freedesktop.secrets runs and its default collection is unlocked.
  static Status Probe();

  //! The key stored for (`home`, `role`), nullopt when there is none. Never unlocks (so
  //! never prompts): throws Error(kPermissionDenied) when the item exists but is locked,
  //! Error(kIo) when the service fails.
  static std::optional<Secret> Lookup(const std::string& home, const std::string& role);
  //! Create or replace the item for (`home`, `role`) in the default collection.
  static void Store(const std::string& home, const std::string& role, const Secret& key);
  //! Delete the item for (`home`, `role`); no error when there is none.
  static void Clear(const std::string& home, const std::string& role);
  //! The label shown in keyring tools: "Flowfile master key (<role>) for <home>".
  static std::string Label(const std::string& home, const std::string& role);
};

}  // namespace ff::crypto
