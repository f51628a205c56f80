#include "transfer/export_document.hpp"

#include <openssl/crypto.h>

#include <cctype>

#include "flowfile/transfer.hpp"
#include "store/store.hpp"

namespace ff {

std::string PlaceholderName(std::string_view connection, std::string_view field) {
  return std::string(connection) + "_" + std::string(field);
}

std::string SecretEnvVarName(std::string_view name) {
  std::string out = "FLOWFILE_SECRET_";
  for (unsigned char c : name) out += std::isalnum(c) ? static_cast<char>(std::toupper(c)) : '_';
  return out;
}

}  // namespace ff

namespace ff::transfer {

void WipeValues(Document& doc) {
  for (const char* section : {"placeholders", "secrets"}) {
    if (!doc.contains(section) || !doc[section].is_array()) continue;
    for (auto& entry : doc[section]) {
      if (!entry.is_object() || !entry.contains("value") || !entry["value"].is_string()) continue;
      auto& text = entry["value"].get_ref<std::string&>();
      OPENSSL_cleanse(text.data(), text.size());
    }
  }
}

}  // namespace ff::transfer
