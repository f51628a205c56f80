#include "terminal.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>

#include "context.hpp"
#include "flowfile/errors.hpp"

namespace ff::cli {
namespace {

// The terminal state to restore if Ctrl-C arrives while echo is off. Only
// async-signal-safe calls happen in the handler.
termios g_saved_termios{};
volatile sig_atomic_t g_echo_off = 0;

void RestoreEchoAndDie(int signal_number) {
  if (g_echo_off) tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_termios);
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

class EchoOff {
 public:
  EchoOff() {
    if (tcgetattr(STDIN_FILENO, &g_saved_termios) != 0)
      throw Error(ErrorCode::kIo,
                  std::string("cannot read the terminal settings: ") + std::strerror(errno));
    previous_int_ = ::signal(SIGINT, RestoreEchoAndDie);
    previous_term_ = ::signal(SIGTERM, RestoreEchoAndDie);
    termios quiet = g_saved_termios;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;  // the user still sees the line end
    g_echo_off = 1;
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);  // not TCSAFLUSH: keep what was typed ahead
  }
  ~EchoOff() {
    tcsetattr(STDIN_FILENO, TCSADRAIN, &g_saved_termios);
    g_echo_off = 0;
    ::signal(SIGINT, previous_int_);
    ::signal(SIGTERM, previous_term_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  sighandler_t previous_int_;
  sighandler_t previous_term_;
};

void StripOneNewline(std::string& text) {
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
}

// Reads `fd` to the end into a buffer that is wiped by Secret::Adopt.
Secret ReadAll(int fd, std::string_view what) {
  std::string data;
  char chunk[4096];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      OPENSSL_cleanse(data.data(), data.size());
      throw Error(ErrorCode::kIo, "cannot read " + std::string(what) + ": " + std::strerror(errno));
    }
    // Grow by hand so no unwiped copy of earlier bytes is left behind by a reallocation.
    if (data.size() + static_cast<size_t>(n) > data.capacity()) {
      std::string bigger;
      bigger.reserve(2 * (data.size() + static_cast<size_t>(n)));
      bigger.append(data);
      OPENSSL_cleanse(data.data(), data.size());
      data.swap(bigger);
    }
    data.append(chunk, static_cast<size_t>(n));
  }
  OPENSSL_cleanse(chunk, sizeof chunk);
  StripOneNewline(data);
  return Secret::Adopt(data);
}

}  // namespace

bool StdinIsTerminal() { return ::isatty(STDIN_FILENO) == 1; }
bool StdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }

namespace {

ColorWhen g_color_when = ColorWhen::kAuto;

bool EnvSet(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

bool ColorOn(Stream stream) {
  if (g_color_when != ColorWhen::kAuto) return g_color_when == ColorWhen::kAlways;
  if (EnvSet("FORCE_COLOR") && std::string_view(std::getenv("FORCE_COLOR")) != "0") return true;
  if (EnvSet("NO_COLOR")) return false;
  if (const char* term = std::getenv("TERM"); term != nullptr && std::string_view(term) == "dumb")
    return false;
  return ::isatty(stream == Stream::kOut ? STDOUT_FILENO : STDERR_FILENO) == 1;
}

std::optional<ColorWhen> ParseColorWhen(std::string_view value) {
  if (value == "auto") return ColorWhen::kAuto;
  if (value == "always") return ColorWhen::kAlways;
  if (value == "never") return ColorWhen::kNever;
  return std::nullopt;
}

}  // namespace

void SetColorWhen(ColorWhen when) { g_color_when = when; }

ColorWhen ColorWhenFromArgs(const std::vector<std::string>& args) {
  ColorWhen when = ColorWhen::kAuto;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--") break;
    std::optional<ColorWhen> chosen;
    if (arg == "--no-color") chosen = ColorWhen::kNever;
    if (arg.starts_with("--color=")) chosen = ParseColorWhen(arg.substr(8));
    if (arg == "--color" && i + 1 < args.size()) chosen = ParseColorWhen(args[i + 1]);
    if (chosen) when = *chosen;
  }
  return when;
}

bool ProgressBarWanted(const std::vector<std::string>& args, bool json) {
  if (json || !::isatty(STDERR_FILENO)) return false;
  const char* setting = std::getenv("FLOWFILE_PROGRESS");
  if (setting != nullptr && std::string_view(setting) == "0") return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  for (const auto& arg : args) {
    if (arg == "--") break;
    if (arg == "--no-progress" || arg == "--quiet" || arg == "-q") return false;
  }
  return true;
}

std::string Paint(Stream stream, Tone tone, std::string_view text) {
  if (!ColorOn(stream)) return std::string(text);
  const char* color = tone == Tone::kError     ? "\033[31m"
                      : tone == Tone::kWarning ? "\033[33m"
                                               : "\033[32m";
  return std::string(color) + std::string(text) + "\033[0m";
}

void PrintWarning(std::string_view message) {
  std::cerr << Paint(Stream::kErr, Tone::kWarning, "warning:") << " " << message << "\n";
}

std::string_view EraseLineEnd(Stream stream) {
  const int fd = stream == Stream::kOut ? STDOUT_FILENO : STDERR_FILENO;
  return ::isatty(fd) == 1 ? "\033[K" : "";
}

Secret PromptSecret(std::string_view prompt) {
  if (!StdinIsTerminal())
    throw UsageError(
        "cannot prompt for a secret: standard input is not a terminal; pipe the "
        "value in with the command's stdin option instead");
  std::string line;
  line.reserve(1024);  // typed secrets fit; a longer one reallocates once or twice
  {
    // Echo goes off before the prompt appears, so an answer typed (or sent by a program) the
    // moment the prompt shows is neither echoed nor lost.
    EchoOff quiet;
    std::cerr << prompt << std::flush;
    // read(2) byte by byte: no stdio buffer keeps a copy of the secret.
    char c = 0;
    while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n') line.push_back(c);
    c = 0;
  }
  StripOneNewline(line);
  return Secret::Adopt(line);
}

Secret PromptSecretConfirmed(std::string_view prompt) {
  Secret first = PromptSecret(prompt);
  Secret again = PromptSecret("Repeat to confirm: ");
  if (first.Reveal() != again.Reveal())
    throw UsageError("the two entries differ; nothing was changed");
  return first;
}

std::string PromptLine(std::string_view prompt) {
  std::cerr << prompt << std::flush;
  std::string line;
  std::getline(std::cin, line);
  StripOneNewline(line);
  return line;
}

Secret ReadStdinSecret() { return ReadAll(STDIN_FILENO, "standard input"); }

Secret ReadFileSecret(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw Error(ErrorCode::kIo, "cannot open " + path.string() + ": " + std::strerror(errno));
  try {
    Secret value = ReadAll(fd, path.string());
    ::close(fd);
    return value;
  } catch (...) {
    ::close(fd);
    throw;
  }
}

}  // namespace ff::cli
