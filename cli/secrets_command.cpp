// `flowfile secrets set|show|list|delete`: named secrets. Values are read from a no-echo
// prompt or stdin, and printed only with `show --reveal` (`get` is an alias of `show`).
#include <iostream>

#include "context.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/secrets.hpp"
#include "flowfile/workspace.hpp"
#include "output.hpp"
#include "terminal.hpp"

namespace ff::cli {
namespace {

std::vector<std::string> SecretNames(Secrets& secrets) {
  std::vector<std::string> names;
  for (const auto& info : secrets.List()) names.push_back(info.name);
  return names;
}

void RegisterSet(CLI::App& group, Context& context) {
  auto* command = group.add_subcommand(
      "set", "Create or replace a secret; the value comes from a no-echo prompt or stdin");
  auto name = std::make_shared<std::string>();
  command->add_option("name", *name, "Secret name (letters, digits, _ - .)")->required();
  command->footer(
      "Examples:\n  flowfile secrets set api_token            # prompts, no echo\n"
      "  printf %s \"$TOKEN\" | flowfile secrets set api_token");
  command->callback([&context, name] {
    context.action = [&context, name] {
      ValidateName("secret", *name);
      Secret value =
          StdinIsTerminal()
              ? PromptSecretConfirmed("Value for secret '" + *name + "' (input hidden): ")
              : ReadStdinSecret();
      if (value.empty()) throw UsageError("the secret value is empty; nothing was stored");
      bool created = context.workspace().secrets().Set(*name, value);
      if (context.json)
        PrintJson({{"name", *name}, {"created", created}});
      else
        std::cout << (created ? "Created" : "Updated") << " secret '" << *name << "'.\n";
    };
  });
}

void RegisterShow(CLI::App& group, Context& context) {
  auto* command =
      AddAliases(group.add_subcommand("show", "Show a secret, masked unless --reveal"), {"get"});
  struct Options {
    std::string name;
    bool reveal = false;
  };
  auto options = std::make_shared<Options>();
  command->add_option("name", options->name, "Secret name")->required();
  command->add_flag("--reveal", options->reveal, "Print the value itself (audited as a read)");
  command->callback([&context, options] {
    context.action = [&context, options] {
      auto& secrets = context.workspace().secrets();
      Secret value;
      if (options->reveal) {
        value = secrets.Get(options->name);
      } else if (!secrets.Exists(options->name)) {
        ThrowUnknownName("secret", options->name, SecretNames(secrets));
      }
      std::string_view shown = options->reveal ? value.Reveal() : Secret::kMask;
      if (context.json)
        PrintJson({{"name", options->name}, {"value", shown}, {"revealed", options->reveal}});
      else
        std::cout << shown << "\n";
    };
  });
}

void RegisterList(CLI::App& group, Context& context) {
  auto* command = group.add_subcommand("list", "List secret names (never values)");
  command->callback([&context] {
    context.action = [&context] {
      auto infos = context.workspace().secrets().List();
      if (context.json) {
        Json out = Json::array();
        for (const auto& info : infos)
          out.push_back({{"name", info.name},
                         {"created_at", info.created_at},
                         {"updated_at", info.updated_at}});
        PrintJson(out);
        return;
      }
      std::vector<std::vector<std::string>> rows;
      for (const auto& info : infos) rows.push_back({info.name, info.created_at, info.updated_at});
      PrintTable({"NAME", "CREATED", "UPDATED"}, rows,
                 "No secrets yet. Add one with `flowfile secrets set NAME`.");
    };
  });
}

void RegisterDelete(CLI::App& group, Context& context) {
  auto* command = group.add_subcommand("delete", "Delete a secret");
  auto name = std::make_shared<std::string>();
  command->add_option("name", *name, "Secret name")->required();
  command->callback([&context, name] {
    context.action = [&context, name] {
      auto& secrets = context.workspace().secrets();
      if (!secrets.Exists(*name)) ThrowUnknownName("secret", *name, SecretNames(secrets));
      if (!secrets.Delete(*name))
        throw Error(ErrorCode::kNotFound, "secret '" + *name + "' was already deleted");
      if (context.json)
        PrintJson({{"deleted", *name}});
      else
        std::cout << "Deleted secret '" << *name << "'.\n";
    };
  });
}

}  // namespace

void RegisterSecretsCommands(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand(
      "secrets", "Named secrets (tokens, shared passwords); use as ${secret:NAME} in fields");
  group->require_subcommand(1);
  RegisterSet(*group, context);
  RegisterShow(*group, context);
  RegisterList(*group, context);
  RegisterDelete(*group, context);
}

}  // namespace ff::cli
