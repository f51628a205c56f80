#include "usage_errors.hpp"

#include "flowfile/errors.hpp"

namespace ff::cli {
namespace {

struct Walked {
  std::vector<CLI::App*> chain;  // root first
  std::optional<std::string> unknown_command;
  std::optional<std::string> unknown_option;
};

std::vector<CLI::App*> Subcommands(CLI::App* app) {
  return app->get_subcommands([](CLI::App*) { return true; });
}

const CLI::Option* FindOption(const std::vector<CLI::App*>& chain, const std::string& name) {
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    for (const CLI::Option* option : (*it)->get_options()) {
      if (option->check_name(name)) return option;
    }
  }
  return nullptr;
}

// Follows the words of the command line down the command tree, as CLI11 would, noting the
// first word that is neither a known subcommand nor a known option.
Walked Walk(CLI::App& root, const std::vector<std::string>& args) {
  Walked walked{{&root}, std::nullopt, std::nullopt};
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (word == "--") break;
    if (word.size() > 1 && word[0] == '-') {
      const std::string name = word.substr(0, word.find('='));
      const CLI::Option* option = FindOption(walked.chain, name);
      if (option == nullptr) {
        if (!walked.unknown_option) walked.unknown_option = name;
      } else if (word.find('=') == std::string::npos && option->get_items_expected_min() > 0 &&
                 name.rfind("--", 0) == 0) {
        ++i;  // its value
      }
      continue;
    }
    const auto subcommands = Subcommands(walked.chain.back());
    if (subcommands.empty()) continue;  // a positional argument of a command
    CLI::App* next = nullptr;
    for (CLI::App* sub : subcommands) {
      if (sub->check_name(word)) next = sub;
    }
    if (next == nullptr) {
      walked.unknown_command = word;
      break;
    }
    walked.chain.push_back(next);
  }
  return walked;
}

std::string PathOf(const std::vector<CLI::App*>& chain) {
  std::string path;
  for (CLI::App* app : chain) path += (path.empty() ? "" : " ") + app->get_name();
  return path;
}

std::string Suggestion(const std::string& word, const std::vector<std::string>& known) {
  auto best = DidYouMean(word, known);
  return best ? " — did you mean '" + *best + "'?" : "";
}

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::string UnknownCommand(const Walked& walked) {
  CLI::App* parent = walked.chain.back();
  std::vector<std::string> names;
  std::vector<std::string> aliases;
  for (CLI::App* sub : Subcommands(parent)) {
    names.push_back(sub->get_name());
    for (const auto& alias : sub->get_aliases()) aliases.push_back(alias);
  }
  std::string known;
  for (const auto& name : names) known += (known.empty() ? "" : ", ") + name;
  const std::string where = walked.chain.size() > 1 ? " for '" + PathOf(walked.chain) + "'" : "";
  return "unknown command '" + *walked.unknown_command + "'" + where +
         Suggestion(*walked.unknown_command, Concat(names, aliases)) + " (commands: " + known + ")";
}

std::string UnknownOption(const Walked& walked) {
  std::vector<std::string> names;
  for (CLI::App* app : walked.chain) {
    for (const CLI::Option* option : app->get_options()) {
      for (const auto& name : option->get_lnames()) names.push_back("--" + name);
    }
  }
  return "unknown option '" + *walked.unknown_option + "' for '" + PathOf(walked.chain) + "'" +
         Suggestion(*walked.unknown_option, names);
}

}  // namespace

std::optional<HelpRequest> HelpFor(CLI::App& root, const std::vector<std::string>& args) {
  if (!args.empty() && args[0] != "help") return std::nullopt;
  const std::vector<std::string> topic(args.empty() ? args.begin() : args.begin() + 1, args.end());
  Walked walked = Walk(root, topic);
  if (walked.unknown_command) return HelpRequest{UnknownCommand(walked), true};
  std::vector<CLI::App*> parents(walked.chain.begin(), walked.chain.end() - 1);
  return HelpRequest{walked.chain.back()->help(PathOf(parents)), false};
}

std::string DescribeUsageError(CLI::App& root, const std::vector<std::string>& args,
                               const CLI::ParseError& error) {
  const Walked walked = Walk(root, args);
  std::string message;
  if (walked.unknown_command) {
    message = UnknownCommand(walked);
  } else if (walked.unknown_option) {
    message = UnknownOption(walked);
  } else {
    message = error.what();
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
  }
  return message + "\nRun '" + PathOf(walked.chain) + " --help' for usage.";
}

}  // namespace ff::cli
