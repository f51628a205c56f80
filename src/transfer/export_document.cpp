#include "transfer/export_document.hpp"

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
