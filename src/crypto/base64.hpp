// Base64 (RFC 4648 §4) and base64url (§5) with '=' padding, as Fernet writes them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ff::crypto {

std::string Base64Encode(std::string_view bytes);
std::string Base64UrlEncode(std::string_view bytes);
//! nullopt when `text` is not valid base64url (wrong alphabet, bad padding or length).
std::optional<std::string> Base64UrlDecode(std::string_view text);
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace ff::crypto
