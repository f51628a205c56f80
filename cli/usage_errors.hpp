// Usage errors in our words, like git's: the bad word is named and the closest valid one
// suggested ("unknown command 'conections' — did you mean 'connections'?"), always prefixed
// "error:", exit status 2, and as JSON on stdout under --json. Also `flowfile help [CMD...]`
// and a bare `flowfile`, which show help.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ff::cli {

//! The help to print for `flowfile` alone or `flowfile help [CMD...]` (nullopt otherwise).
//! Throws nothing; an unknown CMD gets a usage error message instead (second member set).
struct HelpRequest {
  std::string text;
  bool unknown = false;
};
std::optional<HelpRequest> HelpFor(CLI::App& root, const std::vector<std::string>& args);

//! The message for a command line CLI11 refused: names the unknown command or option and
//! its closest valid spelling when there is one, else CLI11's reason; then where to look.
std::string DescribeUsageError(CLI::App& root, const std::vector<std::string>& args,
                               const CLI::ParseError& error);

}  // namespace ff::cli
