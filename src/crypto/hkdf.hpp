// HKDF-SHA256 (RFC 5869) through OpenSSL's EVP_KDF.
#pragma once

#include <string>
#include <string_view>

namespace ff::crypto {

//! `length` bytes of output keying material (raw bytes, not text).
std::string HkdfSha256(std::string_view ikm, std::string_view salt, std::string_view info,
                       size_t length);

}  // namespace ff::crypto
