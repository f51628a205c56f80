// Percent-decoding (RFC 3986 "%XX" escapes) for URLs, Delta log paths and connection URLs.
#pragma once

#include <string>
#include <string_view>

namespace ff {

//! `text` with every valid "%XX" escape replaced by its byte; an invalid or cut-off escape
//! stays as written. `plus_is_space`: '+' is a space too (form encoding, URL queries).
std::string PercentDecode(std::string_view text, bool plus_is_space = false);

}  // namespace ff
