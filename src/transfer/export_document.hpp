// The export document's shape, shared by export and import.
//
//   {
//     "flowfile_export": 1,
//     "exported_at": "2026-01-01T00:00:00.000Z",
//     "database_connections": [{"connection_name": ..., "password": "${secret:prod_db_password}"}],
//     "cloud_connections": [{"connection_name": ..., "aws_secret_access_key": "${secret:...}"}],
//     "secrets": [{"name": "api_token"}],
//     "placeholders": [{"name": "prod_db_password", "kind": "database_connection",
//                       "connection": "prod_db", "field": "password"}]
//   }
//
// A secret field holds "${secret:NAME}". When NAME is listed under "placeholders" the value
// belongs to that connection (stored inline on import); otherwise it refers to a named
// secret. Inside an encrypted bundle, placeholders and secrets also carry "value".
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "flowfile/connections.hpp"

namespace ff {
class Store;
}

namespace ff::transfer {

inline constexpr std::string_view kFormatKey = "flowfile_export";
inline constexpr int kFormatVersion = 1;
inline constexpr std::string_view kDatabaseKind = "database_connection";
inline constexpr std::string_view kCloudKind = "cloud_connection";
inline constexpr std::string_view kSecretKind = "secret";

//! The document as both sides hold it (keys in the order they were written).
using Document = nlohmann::ordered_json;

//! Overwrites the plaintext "value" of every placeholder and secret in `doc` (an unlocked
//! bundle), so no copy of a secret outlives the document.
void WipeValues(Document& doc);

}  // namespace ff::transfer
