// The libsecret and GLib functions the keyring calls, each forwarding to libsecret-1.so.0
// (whose dependencies bring GLib, GObject and GIO) opened on first use. Hidden: they never
// leave the binary that links them.
#include "crypto/libsecret_loader.hpp"

namespace ff::crypto {

util::SharedLibrary& Libsecret() {
  static util::SharedLibrary library("The OS keyring (Secret Service)", "libsecret-1.so.0",
                                     "libsecret-1-0");
  return library;
}

}  // namespace ff::crypto

#ifdef FLOWFILE_HAVE_LIBSECRET
#include <cstdarg>

#pragma GCC visibility push(hidden)
#include <gio/gio.h>
#include <libsecret/secret.h>

#define GL(ret, name, params, args) FF_FORWARD(ff::crypto::Libsecret(), ret, name, params, args)
#define GL_RELEASE(name, params, first, args) \
  FF_FORWARD_RELEASE(ff::crypto::Libsecret(), name, params, first, args)

extern "C" {
GL(GDBusConnection*, g_bus_get_sync, (GBusType bus_type, GCancellable* cancellable, GError** error),
   (bus_type, cancellable, error))
GL(GVariant*, g_dbus_connection_call_sync,
   (GDBusConnection * connection, const gchar* bus_name, const gchar* object_path,
    const gchar* interface_name, const gchar* method_name, GVariant* parameters,
    const GVariantType* reply_type, GDBusCallFlags flags, gint timeout_msec,
    GCancellable* cancellable, GError** error),
   (connection, bus_name, object_path, interface_name, method_name, parameters, reply_type, flags,
    timeout_msec, cancellable, error))
GL_RELEASE(g_object_unref, (gpointer object), object, (object))
GL_RELEASE(g_error_free, (GError * error), error, (error))
GL_RELEASE(g_hash_table_unref, (GHashTable * hash_table), hash_table, (hash_table))
GL_RELEASE(g_list_free_full, (GList * list, GDestroyNotify free_func), list, (list, free_func))
GL_RELEASE(g_variant_unref, (GVariant * value), value, (value))
GL(gboolean, g_variant_get_boolean, (GVariant * value), (value))
GL(gboolean, g_variant_is_of_type, (GVariant * value, const GVariantType* type), (value, type))
GL(const GVariantType*, g_variant_type_checked_, (const gchar* type_string), (type_string))
GL(gboolean, secret_item_get_locked, (SecretItem * self), (self))
GL(SecretValue*, secret_item_get_secret, (SecretItem * self), (self))
GL(gboolean, secret_service_clear_sync,
   (SecretService * service, const SecretSchema* schema, GHashTable* attributes,
    GCancellable* cancellable, GError** error),
   (service, schema, attributes, cancellable, error))
GL(SecretService*, secret_service_get_sync,
   (SecretServiceFlags flags, GCancellable* cancellable, GError** error),
   (flags, cancellable, error))
GL(GList*, secret_service_search_sync,
   (SecretService * service, const SecretSchema* schema, GHashTable* attributes,
    SecretSearchFlags flags, GCancellable* cancellable, GError** error),
   (service, schema, attributes, flags, cancellable, error))
GL(gboolean, secret_service_store_sync,
   (SecretService * service, const SecretSchema* schema, GHashTable* attributes,
    const gchar* collection, const gchar* label, SecretValue* value, GCancellable* cancellable,
    GError** error),
   (service, schema, attributes, collection, label, value, cancellable, error))
GL(const gchar*, secret_value_get, (SecretValue * value, gsize* length), (value, length))
GL(SecretValue*, secret_value_new, (const gchar* secret, gssize length, const gchar* content_type),
   (secret, length, content_type))
GL_RELEASE(secret_value_unref, (gpointer value), value, (value))

// The variadic three forward to the va_list forms GLib and libsecret provide for this.
GVariant* g_variant_new(const gchar* format_string, ...) {
  static const auto real =
      ff::crypto::Libsecret().Function<decltype(&g_variant_new_va)>("g_variant_new_va");
  va_list arguments;
  va_start(arguments, format_string);
  GVariant* value = real(format_string, nullptr, &arguments);
  va_end(arguments);
  return value;
}

void g_variant_get(GVariant* value, const gchar* format_string, ...) {
  static const auto real =
      ff::crypto::Libsecret().Function<decltype(&g_variant_get_va)>("g_variant_get_va");
  va_list arguments;
  va_start(arguments, format_string);
  real(value, format_string, nullptr, &arguments);
  va_end(arguments);
}

GHashTable* secret_attributes_build(const SecretSchema* schema, ...) {
  static const auto real = ff::crypto::Libsecret().Function<decltype(&secret_attributes_buildv)>(
      "secret_attributes_buildv");
  va_list arguments;
  va_start(arguments, schema);
  GHashTable* table = real(schema, arguments);
  va_end(arguments);
  return table;
}
}
#pragma GCC visibility pop
#endif
