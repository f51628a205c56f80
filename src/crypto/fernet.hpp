// Fernet (github.com/fernet/spec): AES-128-CBC + HMAC-SHA256 tokens, with OpenSSL.
// Checks in the spec's order: base64url, version byte and length, TTL and clock skew,
// HMAC (constant time), then decryption and PKCS#7 padding.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "flowfile/secret.hpp"

namespace ff::crypto {

//! 32 bytes from the OS CSPRNG as base64url text (44 characters).
std::string GenerateFernetKey();
//! True when `key` is 44 characters of base64url decoding to 32 bytes.
bool IsValidFernetKey(std::string_view key);

struct FernetEncryptOptions {
  std::optional<uint64_t> now;                //!< token timestamp; default: the clock
  std::optional<std::array<uint8_t, 16>> iv;  //!< fixed IV for spec vectors; default: random
};
//! Encrypt `plaintext` under `key`. Throws Error(kCrypto) when the key is malformed.
std::string FernetEncrypt(std::string_view key, std::string_view plaintext,
                          const FernetEncryptOptions& options = {});

struct FernetDecryptOptions {
  std::optional<uint64_t> ttl_seconds;  //!< reject tokens older than this
  std::optional<uint64_t> now;          //!< default: the clock
};
//! Verify and decrypt `token`. Throws Error(kCrypto) naming the reason (never the key).
Secret FernetDecrypt(std::string_view key, std::string_view token,
                     const FernetDecryptOptions& options = {});

}  // namespace ff::crypto
