#include "crypto/keyring.hpp"

#include <openssl/crypto.h>

#include <cstdlib>

#include "flowfile/errors.hpp"

#ifdef FLOWFILE_HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

namespace ff::crypto {

std::string Keyring::Label(const std::string& home, const std::string& role) {
  return "Flowfile master key (" + role + ") for " + home;
}

#ifdef FLOWFILE_HAVE_LIBSECRET
namespace {

const SecretSchema* Schema() {
  static const SecretSchema schema = {"org.flowfile.MasterKey",
                                      SECRET_SCHEMA_NONE,
                                      {{"application", SECRET_SCHEMA_ATTRIBUTE_STRING},
                                       {"home", SECRET_SCHEMA_ATTRIBUTE_STRING},
                                       {"role", SECRET_SCHEMA_ATTRIBUTE_STRING},
                                       {nullptr, SECRET_SCHEMA_ATTRIBUTE_STRING}},
                                      0,
                                      nullptr,
                                      nullptr,
                                      nullptr,
                                      nullptr,
                                      nullptr,
                                      nullptr,
                                      nullptr};
  return &schema;
}

std::string TakeMessage(GError* error) {
  std::string message = error && error->message ? error->message : "unknown error";
  if (error) g_error_free(error);
  return message;
}

}  // namespace

bool Keyring::Available() {
  const char* off = std::getenv("FLOWFILE_KEYRING");
  if (off && std::string_view(off) == "0") return false;
  const char* bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
  if (!bus || !*bus) return false;
  GError* error = nullptr;
  gchar* value = secret_password_lookup_sync(Schema(), nullptr, &error, "application", "flowfile",
                                             "home", "(probe)", "role", "probe", nullptr);
  if (value) secret_password_free(value);
  if (error) {
    g_error_free(error);
    return false;
  }
  return true;
}

std::optional<Secret> Keyring::Lookup(const std::string& home, const std::string& role) {
  GError* error = nullptr;
  gchar* value = secret_password_lookup_sync(Schema(), nullptr, &error, "application", "flowfile",
                                             "home", home.c_str(), "role", role.c_str(), nullptr);
  if (error) throw Error(ErrorCode::kIo, "keyring lookup failed: " + TakeMessage(error));
  if (!value) return std::nullopt;
  Secret key(value);
  secret_password_free(value);  // wipes
  return key;
}

void Keyring::Store(const std::string& home, const std::string& role, const Secret& key) {
  std::string text(key.Reveal());
  GError* error = nullptr;
  gboolean ok = secret_password_store_sync(
      Schema(), SECRET_COLLECTION_DEFAULT, Label(home, role).c_str(), text.c_str(), nullptr, &error,
      "application", "flowfile", "home", home.c_str(), "role", role.c_str(), nullptr);
  OPENSSL_cleanse(text.data(), text.size());
  if (!ok || error) throw Error(ErrorCode::kIo, "keyring store failed: " + TakeMessage(error));
}

void Keyring::Clear(const std::string& home, const std::string& role) {
  GError* error = nullptr;
  secret_password_clear_sync(Schema(), nullptr, &error, "application", "flowfile", "home",
                             home.c_str(), "role", role.c_str(), nullptr);
  if (error) throw Error(ErrorCode::kIo, "keyring clear failed: " + TakeMessage(error));
}

#else  // no libsecret in this build: the keyring source is never available

bool Keyring::Available() { return false; }
std::optional<Secret> Keyring::Lookup(const std::string&, const std::string&) { return {}; }
void Keyring::Store(const std::string&, const std::string&, const Secret&) {
  throw Error(ErrorCode::kUnsupported, "this build has no keyring support");
}
void Keyring::Clear(const std::string&, const std::string&) {}

#endif

}  // namespace ff::crypto
