// Reading credentials without putting them on the command line: a no-echo prompt on a
// terminal, or standard input, or a file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "flowfile/secret.hpp"

namespace ff::cli {

bool StdinIsTerminal();
bool StdoutIsTerminal();

//! Prompt on stderr and read one line from the terminal with echo off (restored on return
//! and on Ctrl-C). Throws UsageError when stdin is not a terminal.
Secret PromptSecret(std::string_view prompt);
//! PromptSecret twice; UsageError when the two entries differ.
Secret PromptSecretConfirmed(std::string_view prompt);
//! Prompt on stderr and read one visible line (e.g. yes/no); empty at end of input.
std::string PromptLine(std::string_view prompt);

//! All of stdin, without one trailing newline ("\n" or "\r\n").
Secret ReadStdinSecret();
//! A whole file (e.g. a GCS service-account JSON key), without one trailing newline.
Secret ReadFileSecret(const std::filesystem::path& path);

}  // namespace ff::cli
