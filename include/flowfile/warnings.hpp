// Warnings: something the user should know that does not stop the operation (an audit
// entry that could not be written to a read-only home, a rotation left for later).
// Never silent: by default each goes to stderr as "flowfile: warning: <message>".
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace ff {

//! Report `message` (which, like every message, carries no secret value).
void Warn(std::string_view message);
//! Route warnings elsewhere (Python's warnings module, a server log); an empty handler
//! restores stderr. Returns the previous handler.
std::function<void(const std::string&)> SetWarningHandler(
    std::function<void(const std::string&)> handler);

}  // namespace ff
