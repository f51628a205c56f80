#include "crypto/keyring.hpp"

#include <cstdlib>
#include <memory>

#include "crypto/libsecret_loader.hpp"
#include "flowfile/errors.hpp"

#ifdef FLOWFILE_HAVE_LIBSECRET
#include <gio/gio.h>
#include <libsecret/secret.h>
#endif

namespace ff::crypto {

std::string Keyring::Label(const std::string& home, const std::string& role) {
  return "Flowfile master key (" + role + ") for " + home;
}

#ifdef FLOWFILE_HAVE_LIBSECRET
namespace {

constexpr int kTimeoutMs = 2000;
constexpr const char* kServiceName = "org.freedesktop.secrets";

// Owners for GLib objects: move-only, released on every path out.
template <auto Release>
struct GlibRelease {
  template <typename T>
  void operator()(T* object) const noexcept {
    Release(object);
  }
};
using ErrorOwner = std::unique_ptr<GError, GlibRelease<&g_error_free>>;
using ConnectionOwner = std::unique_ptr<GDBusConnection, GlibRelease<&g_object_unref>>;
using VariantOwner = std::unique_ptr<GVariant, GlibRelease<&g_variant_unref>>;
using ServiceOwner = std::unique_ptr<SecretService, GlibRelease<&g_object_unref>>;
using TableOwner = std::unique_ptr<GHashTable, GlibRelease<&g_hash_table_unref>>;
using ValueOwner = std::unique_ptr<SecretValue, GlibRelease<&secret_value_unref>>;

void FreeItemList(GList* list) { g_list_free_full(list, g_object_unref); }
using ItemListOwner = std::unique_ptr<GList, GlibRelease<&FreeItemList>>;

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

std::string Message(const ErrorOwner& error) {
  return error && error->message ? error->message : "unknown error";
}

// One D-Bus method call with our timeout; nullptr on any error (the probe stays quiet).
VariantOwner Call(GDBusConnection* bus, const char* destination, const char* path,
                  const char* interface, const char* method, GVariant* arguments,
                  const char* reply_type) {
  GError* raw_error = nullptr;
  GVariant* reply = g_dbus_connection_call_sync(
      bus, destination, path, interface, method, arguments, G_VARIANT_TYPE(reply_type),
      G_DBUS_CALL_FLAGS_NO_AUTO_START, kTimeoutMs, nullptr, &raw_error);
  ErrorOwner error(raw_error);
  return VariantOwner(reply);
}

ServiceOwner Service() {
  GError* raw_error = nullptr;
  ServiceOwner service(secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, nullptr, &raw_error));
  ErrorOwner error(raw_error);
  if (!service) throw Error(ErrorCode::kIo, "cannot reach the OS keyring: " + Message(error));
  return service;
}

TableOwner Attributes(const std::string& home, const std::string& role) {
  return TableOwner(secret_attributes_build(Schema(), "application", "flowfile", "home",
                                            home.c_str(), "role", role.c_str(), nullptr));
}

}  // namespace

Keyring::Status Keyring::Probe() {
  const char* address = std::getenv("DBUS_SESSION_BUS_ADDRESS");
  if (address == nullptr || *address == '\0') return Status::kOff;
  if (!Libsecret().Available()) return Status::kOff;
  GError* raw_error = nullptr;
  ConnectionOwner bus(g_bus_get_sync(G_BUS_TYPE_SESSION, nullptr, &raw_error));
  ErrorOwner error(raw_error);
  if (!bus) return Status::kOff;
  // Only a service that already runs: D-Bus activation could start a locked daemon that
  // then waits for a password prompt nobody sees.
  VariantOwner owned =
      Call(bus.get(), "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
           "NameHasOwner", g_variant_new("(s)", kServiceName), "(b)");
  gboolean has_owner = FALSE;
  if (owned) g_variant_get(owned.get(), "(b)", &has_owner);
  if (!has_owner) return Status::kOff;

  VariantOwner alias =
      Call(bus.get(), kServiceName, "/org/freedesktop/secrets", "org.freedesktop.Secret.Service",
           "ReadAlias", g_variant_new("(s)", "default"), "(o)");
  if (!alias) return Status::kOff;
  const gchar* collection = nullptr;
  g_variant_get(alias.get(), "(&o)", &collection);
  if (collection == nullptr || std::string_view(collection) == "/") return Status::kLocked;
  VariantOwner locked =
      Call(bus.get(), kServiceName, collection, "org.freedesktop.DBus.Properties", "Get",
           g_variant_new("(ss)", "org.freedesktop.Secret.Collection", "Locked"), "(v)");
  if (!locked) return Status::kOff;
  GVariant* boxed = nullptr;
  g_variant_get(locked.get(), "(v)", &boxed);
  VariantOwner value(boxed);
  if (!value || !g_variant_is_of_type(value.get(), G_VARIANT_TYPE_BOOLEAN)) return Status::kOff;
  return g_variant_get_boolean(value.get()) ? Status::kLocked : Status::kReady;
}

std::optional<Secret> Keyring::Lookup(const std::string& home, const std::string& role) {
  ServiceOwner service = Service();
  TableOwner attributes = Attributes(home, role);
  // No SECRET_SEARCH_UNLOCK: a locked item is reported, never unlocked (no prompt). An
  // item another process deletes between the search and the loading of its secret (a
  // rotation promoting its staged key) fails the call: search again, it is simply gone.
  ItemListOwner items(nullptr);
  for (int attempt = 0;; ++attempt) {
    GError* raw_error = nullptr;
    items = ItemListOwner(secret_service_search_sync(
        service.get(), Schema(), attributes.get(),
        static_cast<SecretSearchFlags>(SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS), nullptr,
        &raw_error));
    ErrorOwner error(raw_error);
    if (!error) break;
    if (attempt == 4) throw Error(ErrorCode::kIo, "keyring lookup failed: " + Message(error));
  }
  bool saw_locked = false;
  for (GList* node = items.get(); node != nullptr; node = node->next) {
    auto* item = static_cast<SecretItem*>(node->data);
    if (secret_item_get_locked(item)) {
      saw_locked = true;
      continue;
    }
    ValueOwner value(secret_item_get_secret(item));
    if (!value) continue;
    gsize size = 0;
    const gchar* bytes = secret_value_get(value.get(), &size);
    return Secret(std::string_view(bytes, size));  // SecretValue wipes its own copy
  }
  if (saw_locked)
    throw Error(ErrorCode::kPermissionDenied,
                "the keyring item \"" + Label(home, role) +
                    "\" is locked; unlock the keyring (log in to the desktop session) or "
                    "set FLOWFILE_MASTER_KEY");
  return std::nullopt;
}

void Keyring::Store(const std::string& home, const std::string& role, const Secret& key) {
  ServiceOwner service = Service();
  TableOwner attributes = Attributes(home, role);
  ValueOwner value(
      secret_value_new(key.Reveal().data(), static_cast<gssize>(key.size()), "text/plain"));
  GError* raw_error = nullptr;
  gboolean ok = secret_service_store_sync(service.get(), Schema(), attributes.get(),
                                          SECRET_COLLECTION_DEFAULT, Label(home, role).c_str(),
                                          value.get(), nullptr, &raw_error);
  ErrorOwner error(raw_error);
  if (!ok || error) throw Error(ErrorCode::kIo, "keyring store failed: " + Message(error));
}

void Keyring::Clear(const std::string& home, const std::string& role) {
  ServiceOwner service = Service();
  TableOwner attributes = Attributes(home, role);
  GError* raw_error = nullptr;
  secret_service_clear_sync(service.get(), Schema(), attributes.get(), nullptr, &raw_error);
  ErrorOwner error(raw_error);
  if (error) throw Error(ErrorCode::kIo, "keyring delete failed: " + Message(error));
}

#else  // built without libsecret: the keyring is never available

Keyring::Status Keyring::Probe() { return Status::kOff; }
std::optional<Secret> Keyring::Lookup(const std::string&, const std::string&) { return {}; }
void Keyring::Store(const std::string&, const std::string&, const Secret&) {
  throw Error(ErrorCode::kUnsupported, "this build of Flowfile has no OS keyring support");
}
void Keyring::Clear(const std::string&, const std::string&) {}

#endif

}  // namespace ff::crypto
