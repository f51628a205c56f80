// The terminal: colour for message labels, and reading credentials without putting them on
// the command line (a no-echo prompt on a terminal, or standard input, or a file).
//
// Colour (https://no-color.org): `--no-color` / `--color=never` turn it off and
// `--color=always` on; otherwise FORCE_COLOR (non-empty, not "0") turns it on, NO_COLOR
// (non-empty) off, TERM=dumb off, and else a stream is coloured only when it is a terminal.
// Every escape sequence the CLI prints comes from here.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/secret.hpp"

namespace ff::cli {

bool StdinIsTerminal();
bool StdoutIsTerminal();

enum class ColorWhen { kAuto, kAlways, kNever };
//! The choice from the command line (before any output); kAuto until called.
void SetColorWhen(ColorWhen when);
//! --color/--no-color from raw arguments (so even a usage error is coloured as asked); the
//! last one wins. Throws nothing: a bad value is left for the parser to report.
ColorWhen ColorWhenFromArgs(const std::vector<std::string>& args);

//! Whether to draw progress bars: stderr is a terminal (TERM is not dumb), and neither
//! FLOWFILE_PROGRESS=0, --no-progress, -q/--quiet nor --json was given.
bool ProgressBarWanted(const std::vector<std::string>& args, bool json);

enum class Stream { kOut, kErr };
enum class Tone { kError, kWarning, kOk };
//! `text` in the tone's colour (red, yellow, green) when `stream` gets colour, else as is.
std::string Paint(Stream stream, Tone tone, std::string_view text);
//! "warning: <message>" on stderr, the label yellow when colour is on.
void PrintWarning(std::string_view message);
//! Erases the rest of the line on a terminal (after a "\r" progress line); "" elsewhere.
std::string_view EraseLineEnd(Stream stream);

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
