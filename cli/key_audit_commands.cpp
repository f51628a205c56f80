// `flowfile key show|status|rotate|init` (`info` is an alias of `show`) and `flowfile audit`.
#include <iostream>

#include "context.hpp"
#include "flowfile/audit.hpp"
#include "flowfile/keys.hpp"
#include "flowfile/workspace.hpp"
#include "output.hpp"

namespace ff::cli {

namespace {

void PrintKeyStatus(Context& context) {
  KeyStatus status = context.workspace().keys().Status();
  if (context.json) {
    Json keys = Json::array();
    for (const auto& k : status.keys_in_use)
      keys.push_back({{"fingerprint", k.fingerprint},
                      {"values", k.values},
                      {"available", k.available},
                      {"current", k.fingerprint == status.current_fingerprint}});
    Json rotation = nullptr;
    if (status.rotation)
      rotation = {{"from", status.rotation->from},   {"to", status.rotation->to},
                  {"phase", status.rotation->phase}, {"started_at", status.rotation->started_at},
                  {"actor", status.rotation->actor}, {"running", status.rotation->running}};
    PrintJson({{"source", status.active.source},
               {"location", status.active.location},
               {"fingerprint", status.active.fingerprint},
               {"current_fingerprint", status.current_fingerprint},
               {"staged_fingerprint", status.staged_fingerprint},
               {"keys_in_use", keys},
               {"rotation", rotation}});
    return;
  }
  PrintFields({{"source", status.active.source},
               {"location", status.active.location},
               {"this process's key",
                status.active.fingerprint.empty() ? "(none found)" : status.active.fingerprint},
               {"store's current key",
                status.current_fingerprint.empty() ? "(none yet)" : status.current_fingerprint}});
  std::vector<std::vector<std::string>> rows;
  for (const auto& k : status.keys_in_use)
    rows.push_back({k.fingerprint.empty() ? "(untagged)" : k.fingerprint, std::to_string(k.values),
                    k.available ? "yes" : "MISSING",
                    k.fingerprint == status.current_fingerprint ? "current" : ""});
  std::cout << "\n";
  PrintTable({"KEY", "VALUES", "AVAILABLE", ""}, rows, "No encrypted values yet.");
  if (status.rotation)
    std::cout << "\nRotation " << status.rotation->from << " -> " << status.rotation->to << ": "
              << status.rotation->phase << ", started " << status.rotation->started_at << " by "
              << status.rotation->actor
              << (status.rotation->running ? " (running)"
                                           : " (interrupted; the next process to open the "
                                             "store finishes it)")
              << "\n";
  else if (!status.staged_fingerprint.empty())
    std::cout << "\nStaged key " << status.staged_fingerprint
              << " (made by a rotation; waiting to be installed or cleaned up)\n";
}

void PrintRotation(Context& context, const RotationResult& result) {
  if (context.json) {
    Json out = {{"old_fingerprint", result.old_fingerprint},
                {"new_fingerprint", result.new_fingerprint},
                {"reencrypted", result.reencrypted},
                {"skipped", result.skipped}};
    if (result.key_to_install) out["new_key"] = std::string(result.key_to_install->Reveal());
    PrintJson(out);
    return;
  }
  std::cout << "Rotated the master key: " << result.old_fingerprint << " -> "
            << result.new_fingerprint << " (" << result.reencrypted << " value"
            << (result.reencrypted == 1 ? "" : "s") << " re-encrypted).\n";
  if (!result.skipped.empty()) {
    std::cout << result.skipped.size() << " value(s) did not open and were left as they are:";
    for (const auto& name : result.skipped) std::cout << "\n  " << name;
    std::cout << "\n";
  }
  if (result.key_to_install)
    std::cout << "\nInstall the new key where the old one was set (FLOWFILE_MASTER_KEY or the "
                 "Docker secret), then restart the processes that use it:\n\n  "
              << result.key_to_install->Reveal()
              << "\n\nUntil then it is kept in the Flowfile home as .secret_key.next (mode "
                 "0600), so every process keeps working.\n";
}

}  // namespace

void RegisterKeyCommands(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand("key", "The master key: where it is, its fingerprint, rotation");
  group->require_subcommand(1);

  auto* info =
      AddAliases(group->add_subcommand(
                     "show", "Show the key's source, location and fingerprint (never the key)"),
                 {"info"});
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

  auto* status = group->add_subcommand(
      "status", "The keys the stored values use, which are available, and any rotation");
  status->callback([&context] { context.action = [&context] { PrintKeyStatus(context); }; });

  auto* rotate = group->add_subcommand(
      "rotate",
      "Make a new key, re-seal every stored value under it, then retire the old key (safe "
      "while other processes use the store)");
  auto skip = std::make_shared<bool>(false);
  rotate->add_flag("--skip-unreadable", *skip,
                   "Re-seal what opens and leave values that do not (listed); without it, a "
                   "value that does not open stops the rotation before anything changes");
  rotate->callback([&context, skip] {
    context.action = [&context, skip] {
      RotationResult result = context.workspace().keys().Rotate({.skip_unreadable = *skip});
      PrintRotation(context, result);
    };
  });

  auto* init = group->add_subcommand(
      "init", "Make a new master key for this home (refused when values need the present key)");
  auto force = std::make_shared<bool>(false);
  init->add_flag("--force", *force,
                 "Start over even though stored values need a key that is missing: they stay "
                 "in the store, unreadable, and are listed");
  init->callback([&context, force] {
    context.action = [&context, force] {
      KeyInitResult result = context.workspace().keys().Init(*force);
      if (context.json) {
        PrintJson({{"fingerprint", result.fingerprint},
                   {"replaced_fingerprint", result.replaced_fingerprint},
                   {"unreadable", result.unreadable},
                   {"unreadable_values", result.unreadable_names}});
        return;
      }
      std::cout << "New master key " << result.fingerprint << ".\n";
      if (!result.replaced_fingerprint.empty())
        std::cout << "The previous key " << result.replaced_fingerprint
                  << " is kept beside it as .secret_key.replaced-" << result.replaced_fingerprint
                  << " (or in the keyring).\n";
      if (result.unreadable > 0) {
        std::cout << result.unreadable << " stored value(s) stay unreadable:";
        for (const auto& name : result.unreadable_names) std::cout << "\n  " << name;
        std::cout << "\n";
      }
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
                         {"timestamp", e.time},
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
