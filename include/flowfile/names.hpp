// Names users give things (connections, secrets): one rule for all of them.
#pragma once

#include <string_view>

namespace ff {

//! Checks `name` (1-128 of [A-Za-z0-9_.-]); throws kInvalidArgument naming `what`.
void ValidateName(std::string_view what, std::string_view name);

}  // namespace ff
