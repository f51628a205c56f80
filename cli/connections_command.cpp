// `flowfile connections list|show|delete|test`; add/update and export/import register from
// their own files.
#include <iostream>

#include "context.hpp"
#include "flowfile/connection_test.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"
#include "lookup.hpp"
#include "output.hpp"
#include "terminal.hpp"
#include "views.hpp"

namespace ff::cli {

FoundConnection FindConnection(Connections& connections, const std::string& name,
                               const std::string& kind) {
  FoundConnection found;
  if (kind.empty() || kind == "database") found.database = connections.FindDatabase(name);
  if (kind.empty() || kind == "cloud") found.cloud = connections.FindCloud(name);
  if (found.database && found.cloud)
    throw UsageError("both a database and a cloud connection are named '" + name +
                     "'; add --kind database or --kind cloud");
  if (!found.database && !found.cloud) {
    std::vector<std::string> known;
    if (kind.empty() || kind == "database")
      for (const auto& info : connections.ListDatabases()) known.push_back(info.connection_name);
    if (kind.empty() || kind == "cloud")
      for (const auto& info : connections.ListClouds()) known.push_back(info.connection_name);
    ThrowUnknownName(kind.empty() ? "connection" : kind + " connection", name, known);
  }
  return found;
}

namespace {

CLI::Option* AddKindOption(CLI::App* command, std::string& kind) {
  return command->add_option("--kind", kind, "Only this kind of connection")
      ->check(CLI::IsMember({"database", "cloud"}));
}

void RegisterList(CLI::App& connections, Context& context) {
  auto* command = connections.add_subcommand("list", "List database and cloud connections");
  auto kind = std::make_shared<std::string>();
  AddKindOption(command, *kind);
  command->callback([&context, kind] {
    context.action = [&context, kind] {
      auto& registry = context.workspace().connections();
      std::vector<DatabaseConnectionInfo> databases;
      std::vector<CloudStorageConnectionInfo> clouds;
      if (kind->empty() || *kind == "database") databases = registry.ListDatabases();
      if (kind->empty() || *kind == "cloud") clouds = registry.ListClouds();
      if (context.json) {
        Json out = Json::object();
        if (kind->empty() || *kind == "database") {
          out["database_connections"] = Json::array();
          for (const auto& info : databases)
            out["database_connections"].push_back(DatabaseJson(info));
        }
        if (kind->empty() || *kind == "cloud") {
          out["cloud_connections"] = Json::array();
          for (const auto& info : clouds) out["cloud_connections"].push_back(CloudJson(info));
        }
        PrintJson(out);
        return;
      }
      std::vector<std::vector<std::string>> rows;
      for (const auto& info : databases) rows.push_back(DatabaseRow(info));
      for (const auto& info : clouds) rows.push_back(CloudRow(info));
      PrintTable(ConnectionListHeaders(), rows,
                 "No connections yet. Add one with `flowfile connections add database NAME ...`.");
    };
  });
}

void RegisterShow(CLI::App& connections, Context& context) {
  auto* command = AddAliases(
      connections.add_subcommand("show", "Show one connection (never its secrets)"), {"get"});
  struct Options {
    std::string name, kind;
  };
  auto options = std::make_shared<Options>();
  command->add_option("name", options->name, "Connection name")->required();
  AddKindOption(command, options->kind);
  command->callback([&context, options] {
    context.action = [&context, options] {
      auto& workspace = context.workspace();
      auto found = FindConnection(workspace.connections(), options->name, options->kind);
      if (found.database) {
        context.json ? PrintJson(DatabaseJson(*found.database))
                     : PrintFields(DatabaseFields(*found.database));
        return;
      }
      const auto& references = found.cloud->secret_field_refs;
      context.json ? PrintJson(CloudJson(*found.cloud, references))
                   : PrintFields(CloudFields(*found.cloud, references));
    };
  });
}

void RegisterDelete(CLI::App& connections, Context& context) {
  auto* command = connections.add_subcommand("delete", "Delete a connection and its secrets");
  struct Options {
    std::string name, kind;
  };
  auto options = std::make_shared<Options>();
  command->add_option("name", options->name, "Connection name")->required();
  AddKindOption(command, options->kind);
  command->callback([&context, options] {
    context.action = [&context, options] {
      auto& registry = context.workspace().connections();
      auto found = FindConnection(registry, options->name, options->kind);
      std::string kind = found.database ? "database" : "cloud";
      bool deleted = found.database ? registry.DeleteDatabase(options->name)
                                    : registry.DeleteCloud(options->name);
      if (!deleted)  // another process deleted it between our look and our delete
        throw Error(ErrorCode::kNotFound,
                    kind + " connection '" + options->name + "' was already deleted");
      if (context.json)
        PrintJson({{"deleted", options->name}, {"kind", kind}});
      else
        std::cout << "Deleted " << kind << " connection '" << options->name << "'.\n";
    };
  });
}

void RegisterTest(CLI::App& connections, Context& context) {
  auto* command = connections.add_subcommand(
      "test", "Connect for real (sqlite files now; other drivers come later)");
  struct Options {
    std::string name, kind;
  };
  auto options = std::make_shared<Options>();
  command->add_option("name", options->name, "Connection name")->required();
  AddKindOption(command, options->kind);
  command->callback([&context, options] {
    context.action = [&context, options] {
      std::optional<std::string> kind;
      if (!options->kind.empty()) kind = options->kind;
      auto result = TestConnection(context.workspace(), options->name, kind);
      if (context.json) {
        PrintJson({{"ok", true},
                   {"connection_name", result.connection_name},
                   {"kind", result.kind},
                   {"type", result.type},
                   {"version", result.server_version},
                   {"detail", result.detail},
                   {"elapsed_ms", result.elapsed_ms}});
        return;
      }
      std::cout << Paint(Stream::kOut, Tone::kOk, "ok:") << " " << result.connection_name << " ("
                << result.type << ") answered in " << static_cast<long>(result.elapsed_ms + 0.5)
                << " ms\n"
                << "    " << result.detail << "\n";
    };
  });
}

}  // namespace

void RegisterConnectionsCommands(CLI::App& app, Context& context) {
  auto* connections =
      app.add_subcommand("connections", "Database and cloud-storage connections, by name");
  connections->require_subcommand(1);
  RegisterConnectionEditCommands(*connections, context);
  RegisterList(*connections, context);
  RegisterShow(*connections, context);
  RegisterDelete(*connections, context);
  RegisterTest(*connections, context);
  RegisterTransferCommands(*connections, context);
}

}  // namespace ff::cli
