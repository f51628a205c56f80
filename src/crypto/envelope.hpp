// Flowfile's stored secret format, compatible with the original (Python) Flowfile:
//
//   "$ffsec$1$<user_id>$<fernet token>"
//
// where the token is encrypted with the per-user key
//
//   base64url(HKDF-SHA256(ikm  = the master key's base64 *text* (44 ASCII bytes, not the
//                                decoded 32 bytes -- that is what Flowfile does),
//                         salt = "flowfile-secrets-v1", info = "user-<id>", length = 32)).
//
// A value without the "$ffsec$" prefix is a legacy bare Fernet token, decrypted with the
// master key itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "flowfile/secret.hpp"

namespace ff::crypto {

inline constexpr int64_t kLocalUserId = 1;  //!< local (in-process) use acts as user 1

//! The per-user Fernet key text derived from `master_key` (base64url, 44 characters).
//! Throws Error(kInvalidArgument) for a negative user id.
Secret DeriveUserKey(std::string_view master_key, int64_t user_id);
//! Encrypt `plaintext` for `user_id` into the $ffsec$1$ envelope (fresh random IV).
//! Throws Error(kCrypto) when `master_key` is not a Fernet key.
std::string SealSecret(std::string_view master_key, int64_t user_id, std::string_view plaintext);
//! Decrypt an envelope (or a legacy bare token). Throws Error(kUnsupported) for an envelope
//! version other than 1, and Error(kCrypto) for every other failure: a malformed user id,
//! a malformed key, a wrong key or an altered token.
Secret OpenSecret(std::string_view master_key, std::string_view envelope);

}  // namespace ff::crypto
