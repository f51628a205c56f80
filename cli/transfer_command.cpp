// `flowfile connections export|import`. The document logic lives in the core
// (flowfile/transfer.hpp); this file reads passphrases and files and prints reports.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "context.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/transfer.hpp"
#include "flowfile/workspace.hpp"
#include "output.hpp"
#include "terminal.hpp"

namespace ff::cli {
namespace {

// Owner-only, like everything in the Flowfile home: even a plain export names hosts/users.
void WriteOwnerOnly(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw Error(ErrorCode::kIo, "cannot write " + path + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string reason = std::strerror(errno);
      ::close(fd);
      throw Error(ErrorCode::kIo, "cannot write " + path + ": " + reason);
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0)
    throw Error(ErrorCode::kIo, "cannot write " + path + ": " + std::strerror(errno));
}

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kIo, "cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Secret Passphrase(bool from_stdin, bool confirm) {
  if (from_stdin) return ReadStdinSecret();
  if (!StdinIsTerminal())
    throw UsageError(
        "a passphrase is needed: run on a terminal to be prompted, or pass "
        "--passphrase-stdin and pipe it in");
  return confirm ? PromptSecretConfirmed("Export passphrase (input hidden): ")
                 : PromptSecret("Passphrase of the export (input hidden): ");
}

void RegisterExport(CLI::App& connections, Context& context) {
  auto* command = connections.add_subcommand(
      "export",
      "Write every connection and secret name, with ${secret:...} placeholders instead of "
      "values (or, with --encrypt, a passphrase-encrypted bundle including the values)");
  struct Options {
    std::string output;
    bool encrypt = false, passphrase_stdin = false, skip_unreadable = false;
  };
  auto options = std::make_shared<Options>();
  command->add_option("-o,--output", options->output, "Write to FILE (mode 0600), not stdout");
  command->add_flag("--encrypt", options->encrypt,
                    "Include the secret values, encrypted (scrypt + AES-256-GCM) under a "
                    "passphrase");
  command
      ->add_flag("--passphrase-stdin", options->passphrase_stdin,
                 "Read the passphrase from stdin instead of a no-echo prompt")
      ->needs("--encrypt");
  command
      ->add_flag("--skip-unreadable", options->skip_unreadable,
                 "Leave out values that do not open (listed on stderr); without it such a value "
                 "stops the export")
      ->needs("--encrypt");
  command->callback([&context, options] {
    context.action = [&context, options] {
      std::optional<Secret> passphrase;
      if (options->encrypt) passphrase = Passphrase(options->passphrase_stdin, true);
      ExportOptions export_options;
      if (passphrase) export_options.passphrase = &*passphrase;
      std::vector<std::string> skipped;
      export_options.skip_unreadable = options->skip_unreadable;
      export_options.skipped = &skipped;
      std::string text = ExportWorkspace(context.workspace(), export_options);
      for (const auto& name : skipped)
        PrintWarning("left out (does not open with any available key): " + name);
      if (options->output.empty()) {
        std::cout << text;
        return;
      }
      WriteOwnerOnly(options->output, text);
      if (context.json)
        PrintJson({{"written", options->output}, {"encrypted", options->encrypt}});
      else
        std::cout << "Wrote " << (options->encrypt ? "an encrypted export" : "an export") << " to "
                  << options->output
                  << (options->encrypt ? "" : " (secret values replaced by ${secret:...})")
                  << ".\n";
    };
  });
}

Json ReportJson(const ImportReport& report) {
  Json items = Json::array();
  for (const auto& item : report.items)
    items.push_back({{"kind", item.kind}, {"name", item.name}, {"action", item.action}});
  Json missing = Json::array();
  for (const auto& m : report.missing)
    missing.push_back({{"name", m.name},
                       {"env_var", m.env_var},
                       {"connection", m.connection},
                       {"field", m.field}});
  return {{"items", items},
          {"missing", missing},
          {"values_from_file", report.values_from_file},
          {"values_from_env", report.values_from_env},
          {"values_asked", report.values_asked}};
}

void PrintReport(const ImportReport& report) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& item : report.items) rows.push_back({item.kind, item.name, item.action});
  PrintTable({"KIND", "NAME", "RESULT"}, rows, "The export holds nothing to import.");
  std::cout << "Values: " << report.values_from_file << " from the file, " << report.values_from_env
            << " from FLOWFILE_SECRET_* variables, " << report.values_asked << " typed in.\n";
  if (report.missing.empty()) return;
  std::cout << "\nStill missing " << report.missing.size() << " value"
            << (report.missing.size() == 1 ? "" : "s")
            << " (set each with `flowfile secrets set NAME`, or set the variable and import "
               "again with --overwrite):\n";
  std::vector<std::vector<std::string>> missing;
  for (const auto& m : report.missing)
    missing.push_back(
        {m.name, m.env_var, m.connection.empty() ? "-" : m.connection + "." + m.field});
  PrintTable({"SECRET", "VARIABLE", "USED BY"}, missing, "");
}

void RegisterImport(CLI::App& connections, Context& context) {
  auto* command = connections.add_subcommand(
      "import", "Restore connections and secrets from an export (plain or encrypted)");
  struct Options {
    std::string file;
    bool overwrite = false, passphrase_stdin = false, no_input = false;
  };
  auto options = std::make_shared<Options>();
  command->add_option("file", options->file, "The export file")->required();
  command->add_flag("--overwrite", options->overwrite,
                    "Replace connections and secrets that exist");
  command->add_flag("--passphrase-stdin", options->passphrase_stdin,
                    "Read the passphrase of an encrypted export from stdin");
  command->add_flag("--no-input", options->no_input,
                    "Never prompt for missing values (FLOWFILE_SECRET_<NAME> variables still "
                    "count)");
  command->footer(
      "Values the export does not carry come from FLOWFILE_SECRET_<NAME> (NAME upper-cased, "
      "other characters than letters and digits as _), else from a no-echo prompt on a "
      "terminal. Names that exist are skipped unless --overwrite.");
  command->callback([&context, options] {
    context.action = [&context, options] {
      std::string text = ReadTextFile(options->file);
      std::optional<Secret> passphrase;
      if (IsEncryptedExport(text)) passphrase = Passphrase(options->passphrase_stdin, false);
      ImportOptions import_options;
      import_options.overwrite = options->overwrite;
      if (passphrase) import_options.passphrase = &*passphrase;
      bool can_prompt = !options->no_input && !options->passphrase_stdin && StdinIsTerminal();
      if (can_prompt)
        import_options.ask = [](const MissingValue& m) -> std::optional<Secret> {
          std::string what = m.connection.empty()
                                 ? "secret '" + m.name + "'"
                                 : m.field + " of '" + m.connection + "' (" + m.name + ")";
          Secret value = PromptSecret("Value for " + what + " (input hidden; empty to skip): ");
          if (value.empty()) return std::nullopt;
          return value;
        };
      ImportReport report = ImportWorkspace(context.workspace(), text, import_options);
      if (context.json)
        PrintJson(ReportJson(report));
      else
        PrintReport(report);
    };
  });
}

}  // namespace

void RegisterTransferCommands(CLI::App& connections, Context& context) {
  RegisterExport(connections, context);
  RegisterImport(connections, context);
}

}  // namespace ff::cli
