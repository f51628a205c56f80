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

namespace transfer {

std::string SecretReference(std::string_view name) { return "${secret:" + std::string(name) + "}"; }

Secret* CloudSecretField(CloudStorageConnection& c, std::string_view field) {
  if (field == "aws_secret_access_key") return &c.aws_secret_access_key;
  if (field == "aws_session_token") return &c.aws_session_token;
  if (field == "azure_account_key") return &c.azure_account_key;
  if (field == "azure_client_secret") return &c.azure_client_secret;
  if (field == "azure_sas_token") return &c.azure_sas_token;
  if (field == "gcs_service_account_key") return &c.gcs_service_account_key;
  return nullptr;
}

}  // namespace transfer
}  // namespace ff
