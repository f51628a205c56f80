// Fernet (github.com/fernet/spec): AES-128-CBC + HMAC-SHA256 tokens, with OpenSSL.
//
// Decryption checks in the spec's order and stops at the first failure: the key's shape,
// base64url, version byte (0x80) and length, then -- only when a TTL is given -- age and
// clock skew, then the HMAC (compared in constant time, before any decryption), then
// AES-128-CBC and its PKCS#7 padding. Every failure is Error(kCrypto) with a reason;
// messages never contain the key or the token.
//
// Clock skew: like the reference implementations (Python `cryptography`, fernet-go), a
// timestamp more than 60 s in the future is rejected only together with a TTL. Stored
// secrets are decrypted without a TTL, so a machine whose clock was once ahead can still
// read what it wrote.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "flowfile/secret.hpp"

namespace ff::crypto {

inline constexpr uint64_t kFernetMaxClockSkewSeconds = 60;

//! 32 bytes from the OS CSPRNG (RAND_bytes) as base64url text (44 characters).
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
  std::optional<uint64_t> ttl_seconds;  //!< reject tokens older than this (and from the future)
  std::optional<uint64_t> now;          //!< default: the clock
};
//! Verify and decrypt `token`. Throws Error(kCrypto) naming the reason (never the key).
Secret FernetDecrypt(std::string_view key, std::string_view token,
                     const FernetDecryptOptions& options = {});

}  // namespace ff::crypto
