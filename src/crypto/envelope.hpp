// Flowfile's stored secret format: "$ffsec$1$<user_id>$<fernet token>", where the token
// is encrypted with the per-user key
//   base64url(HKDF-SHA256(ikm = master key's base64 text, salt = "flowfile-secrets-v1",
//                         info = "user-<id>", length = 32)).
// Legacy values (a bare Fernet token) decrypt with the master key itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "flowfile/secret.hpp"

namespace ff::crypto {

inline constexpr int64_t kLocalUserId = 1;  //!< local (in-process) use acts as user 1

//! The per-user Fernet key text derived from `master_key` (base64url text).
Secret DeriveUserKey(std::string_view master_key, int64_t user_id);
//! Encrypt `plaintext` for `user_id` into the $ffsec$1$ envelope.
std::string SealSecret(std::string_view master_key, int64_t user_id, std::string_view plaintext);
//! Decrypt an envelope (or a legacy bare token). Throws Error(kCrypto) on any failure.
Secret OpenSecret(std::string_view master_key, std::string_view envelope);

}  // namespace ff::crypto
