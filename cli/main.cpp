// `flowfile`: the command-line front end over the core library.
//
// Exit status: 0 ok, 1 failure, 2 usage error, 3 unknown name (ff::ErrorCode::kNotFound).
// Errors print "error: <message>" on stderr; with --json, also {"error": {...}} on stdout.
#include <pwd.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "context.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/progress.hpp"
#include "flowfile/warnings.hpp"
#include "flowfile/workspace.hpp"
#include "output.hpp"
#include "terminal.hpp"
#include "usage_errors.hpp"

#ifndef FLOWFILE_VERSION
#define FLOWFILE_VERSION "unknown"
#endif

namespace ff::cli {
namespace {

constexpr int kExitFailure = 1, kExitUsage = 2, kExitNotFound = 3;

std::string CurrentUser() {
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') return user;
  if (const passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return "unknown";
}

int ReportError(const Context& context, std::string_view code, const std::string& message,
                int status) {
  std::cerr << Paint(Stream::kErr, Tone::kError, "error:") << " " << message << "\n";
  if (context.json) PrintJson({{"error", {{"code", code}, {"message", message}}}});
  return status;
}

int Run(int argc, char** argv) {
  CLI::App app{
      "Flowfile: connections and secrets registered once, encrypted at rest, used by name.",
      "flowfile"};
  app.set_version_flag("--version", std::string("flowfile ") + FLOWFILE_VERSION);
  // Global flags may follow the subcommand ("flowfile connections list --json").
  app.fallthrough();
  app.require_subcommand(1);
  Context context;
  app.add_flag("--json", context.json, "Print machine-readable JSON on stdout");
  app.add_option("--home", context.home,
                 "The Flowfile home (default: $FLOWFILE_HOME, else $XDG_CONFIG_HOME/flowfile, "
                 "else ~/.config/flowfile)");
  // Read before parsing (ColorWhenFromArgs); declared so the parser accepts them.
  std::string color_when;
  bool no_color = false;
  app.add_option("--color", color_when,
                 "Colour messages: auto (on a terminal, unless NO_COLOR is set), "
                 "always, never")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("--no-color", no_color, "Never colour (as --color=never)");
  bool no_progress = false;
  app.add_flag("--no-progress", no_progress,
               "Never draw progress bars (also FLOWFILE_PROGRESS=0, --quiet, --json, or when "
               "stderr is not a terminal)");
  app.footer(
      "Exit status: 0 ok, 1 failure, 2 usage error, 3 unknown name.\n"
      "'flowfile help COMMAND' shows a command's help.\n"
      "Secrets are never read from the command line: use the no-echo prompt or stdin.");

  RegisterConnectionsCommands(app, context);
  RegisterSecretsCommands(app, context);
  RegisterKeyCommands(app, context);
  RegisterAuditCommand(app, context);
  RegisterDataCommands(app, context);
  RegisterCatalogCommands(app, context);
  RegisterFlowCommands(app, context);
  RegisterUiCommand(app, context);
  RegisterDocsCommands(app, context);

  const std::vector<std::string> args(argv + 1, argv + argc);
  // Known before parsing, so that even a usage error is JSON under --json.
  for (const auto& arg : args) context.json = context.json || arg == "--json";
  SetColorWhen(ColorWhenFromArgs(args));
  // The core's warnings (e.g. a file database ignoring a password) get the CLI's label.
  SetWarningHandler([](const std::string& message) { PrintWarning(message); });
  if (ProgressBarWanted(args, context.json)) SetProgressHandler(TerminalProgressBar(2));
  if (auto help = HelpFor(app, args)) {
    if (help->unknown) return ReportError(context, "usage", help->text, kExitUsage);
    std::cout << help->text;
    return 0;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    return ReportError(context, "usage", DescribeUsageError(app, args, e), kExitUsage);
  }
  try {
    if (context.action) context.action();
    return 0;
  } catch (const UsageError& e) {
    return ReportError(context, "usage", e.what(), kExitUsage);
  } catch (const Error& e) {
    int status = e.code() == ErrorCode::kNotFound ? kExitNotFound : kExitFailure;
    return ReportError(context, ErrorCodeName(e.code()), e.what(), status);
  } catch (const std::exception& e) {
    return ReportError(context, "internal error", e.what(), kExitFailure);
  }
}

}  // namespace

Workspace& Context::workspace() {
  if (!workspace_) {
    WorkspaceOptions options;
    options.config_dir = home;
    options.actor = "cli:" + CurrentUser();
    workspace_ = Workspace::Open(std::move(options));
  }
  return *workspace_;
}

}  // namespace ff::cli

int main(int argc, char** argv) { return ff::cli::Run(argc, argv); }
