// `flowfile key info|rotate` and `flowfile audit`.
#include <iostream>

#include "context.hpp"
#include "flowfile/audit.hpp"
#include "flowfile/keys.hpp"
#include "flowfile/workspace.hpp"
#include "output.hpp"

namespace ff::cli {

void RegisterKeyCommands(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand("key", "The master key: where it is, its fingerprint, rotation");
  group->require_subcommand(1);

  auto* info = group->add_subcommand(
      "info", "Show the key's source, location and fingerprint (never the key)");
  info->callback([&context] {
    context.action = [&context] {
      KeyInfo key = context.workspace().keys().Info();
      if (context.json) {
        PrintJson({{"source", key.source},
                   {"location", key.location},
                   {"fingerprint", key.fingerprint},
                   {"secrets_encrypted", key.secrets_encrypted}});
        return;
      }
      PrintFields({{"source", key.source},
                   {"location", key.location},
                   {"fingerprint", key.fingerprint},
                   {"values encrypted", std::to_string(key.secrets_encrypted)}});
    };
  });

  auto* rotate = group->add_subcommand(
      "rotate", "Make a new key, re-encrypt every stored value, then replace the old key");
  rotate->callback([&context] {
    context.action = [&context] {
      RotationResult result = context.workspace().keys().Rotate();
      if (context.json) {
        PrintJson({{"old_fingerprint", result.old_fingerprint},
                   {"new_fingerprint", result.new_fingerprint},
                   {"reencrypted", result.reencrypted}});
        return;
      }
      std::cout << "Rotated the master key: " << result.old_fingerprint << " -> "
                << result.new_fingerprint << " (" << result.reencrypted << " value"
                << (result.reencrypted == 1 ? "" : "s") << " re-encrypted).\n";
    };
  });
}

void RegisterAuditCommand(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "audit", "Recent create/update/delete/read/test events, newest first (never values)");
  struct Options {
    size_t limit = 50;
    std::string name;
  };
  auto options = std::make_shared<Options>();
  command->add_option("--limit", options->limit, "How many events (default 50)")
      ->check(CLI::Range(size_t{1}, size_t{100000}));
  command->add_option("--name", options->name, "Only events about this name");
  command->callback([&context, options] {
    context.action = [&context, options] {
      auto events = context.workspace().audit().List(options->limit, options->name);
      if (context.json) {
        Json out = Json::array();
        for (const auto& e : events)
          out.push_back({{"id", e.id},
                         {"time", e.time},
                         {"actor", e.actor},
                         {"action", e.action},
                         {"object_kind", e.object_kind},
                         {"object_name", e.object_name},
                         {"outcome", e.outcome}});
        PrintJson(out);
        return;
      }
      std::vector<std::vector<std::string>> rows;
      for (const auto& e : events)
        rows.push_back({e.time, e.actor, e.action, e.object_kind, e.object_name, e.outcome});
      PrintTable({"TIME", "ACTOR", "ACTION", "KIND", "NAME", "OUTCOME"}, rows, "No events yet.");
    };
  });
}

}  // namespace ff::cli
