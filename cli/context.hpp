// State shared by the CLI's commands: global flags, the workspace (opened on first use)
// and the action the parsed command line selected.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace ff {
class Workspace;
}

namespace ff::cli {

//! A command line that parses but makes no sense (conflicting inputs): exit status 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Context {
  bool json = false;
  std::string home;  //!< --home; empty: FLOWFILE_HOME / XDG / ~/.config
  //! Set by the callback of the subcommand that was parsed; run after parsing.
  std::function<void()> action;

  //! Open the Flowfile home (actor "cli:<user>").
  Workspace& workspace();

 private:
  std::shared_ptr<Workspace> workspace_;
};

//! Makes `aliases` other names of `command`: one verb per idea, the others still work. The
//! parser, help ("show, get"), completion and the manual (docs_commands.cpp) all know them.
inline CLI::App* AddAliases(CLI::App* command, const std::vector<std::string>& aliases) {
  for (const std::string& alias : aliases) command->alias(alias);
  return command;
}

void RegisterConnectionsCommands(CLI::App& app, Context& context);
void RegisterConnectionEditCommands(CLI::App& connections, Context& context);
void RegisterTransferCommands(CLI::App& connections, Context& context);
void RegisterSecretsCommands(CLI::App& app, Context& context);
void RegisterKeyCommands(CLI::App& app, Context& context);
void RegisterAuditCommand(CLI::App& app, Context& context);
void RegisterDataCommands(CLI::App& app, Context& context);
void RegisterCatalogCommands(CLI::App& app, Context& context);
//! `catalog write`, under the `catalog` group.
void RegisterCatalogWrite(CLI::App& catalog, Context& context);
void RegisterFlowCommands(CLI::App& app, Context& context);
//! ui: the web app's server.
void RegisterUiCommand(CLI::App& app, Context& context);
//! completion and man: generated from every command registered before them.
void RegisterDocsCommands(CLI::App& app, Context& context);

}  // namespace ff::cli
