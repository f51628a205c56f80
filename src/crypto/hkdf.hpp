// HKDF-SHA256 (RFC 5869) through OpenSSL's EVP_KDF ("HKDF", extract-and-expand mode).
#pragma once

#include <string>
#include <string_view>

namespace ff::crypto {

//! `length` bytes (1..8160) of output keying material, raw bytes (not text). An empty
//! `salt` means RFC 5869's default (32 zero bytes). The caller wipes the result when it
//! is key material. Throws Error(kInvalidArgument) for a length out of range.
std::string HkdfSha256(std::string_view ikm, std::string_view salt, std::string_view info,
                       size_t length);

}  // namespace ff::crypto
