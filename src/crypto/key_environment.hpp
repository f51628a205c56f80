// Master keys given in environment variables (FLOWFILE_MASTER_KEY and
// FLOWFILE_MASTER_KEY_PREVIOUS).
#pragma once

#include <optional>
#include <string_view>

#include "flowfile/secret.hpp"

namespace ff::crypto {

inline constexpr std::string_view kMasterKeyVariable = "FLOWFILE_MASTER_KEY";
inline constexpr std::string_view kPreviousMasterKeyVariable = "FLOWFILE_MASTER_KEY_PREVIOUS";
inline constexpr std::string_view kExpectedKeyFormat =
    "expected a Fernet key: 44 characters of url-safe base64 encoding 32 bytes";

//! `text` without surrounding whitespace and without one pair of matching quotes
//! ('...' or "..."), as shells, .env files and Docker secrets tend to add them.
std::string_view StripKeyText(std::string_view text);

//! The key in `variable`; nullopt when it is unset or empty. Throws Error(kInvalidArgument)
//! naming the variable and the expected format (never the value) when it is not a key.
std::optional<Secret> KeyFromEnvironment(std::string_view variable);

}  // namespace ff::crypto
