// Azure Blob Storage / ADLS Gen2 behind the ObjectStore interface ("bucket" = container).
//
// Auth methods (the connection's auth_method): access_key (Shared Key with azure_account_key),
// sas_token (azure_sas_token), service_principal (OAuth2 client credentials: azure_tenant_id,
// azure_client_id, azure_client_secret), managed_identity (IMDS, azure_client_id optional for
// a user-assigned identity), env_vars (AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN, else the
// AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET service principal), anonymous.
// Token endpoints follow the Azure SDKs' variables: AZURE_AUTHORITY_HOST (default
// https://login.microsoftonline.com) and AZURE_POD_IDENTITY_AUTHORITY_HOST (default IMDS
// http://169.254.169.254).
#pragma once

#include "cloud/object_store.hpp"
#include "flowfile/connections.hpp"

namespace ff::cloud {

std::unique_ptr<ObjectStore> OpenAzureObjectStore(const CloudStorageConnectionInfo& info,
                                                  CloudSecrets secrets);

}  // namespace ff::cloud
