// UTF-8 validity, for text that later becomes JSON (whose serialiser refuses invalid bytes).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace ff::util {

//! The byte offset of the first byte that does not start or continue a well-formed UTF-8
//! sequence (overlong forms, surrogates and code points past U+10FFFF included); nullopt
//! when `text` is valid.
std::optional<size_t> FirstInvalidUtf8(std::string_view text);

}  // namespace ff::util
