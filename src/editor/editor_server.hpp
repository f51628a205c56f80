// The home's running `flowfile ui`, for the editor hand-off: found through
// <home>/ui/server.json (written by the CLI's UiServerFile), asked over HTTP whether it
// answers, or started in the background.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ff::editor {

struct ServerInfo {
  int pid = 0;
  int port = 0;
  std::string token;
};

//! server.json when it names a port and a token (nullopt when missing or unreadable).
std::optional<ServerInfo> ReadServerInfo(const std::filesystem::path& home);
//! True when the server answers GET /api/v1/session with this token within a second.
bool Answers(const ServerInfo& info);
//! Starts `program ui --port 0 --no-browser` detached and waits until it publishes itself and
//! answers (or another server of the home that won the race does). Throws ff::Error naming
//! the log on failure.
ServerInfo StartServer(const std::filesystem::path& home, const std::string& program,
                       int timeout_seconds);
//! Asks the server to open `relative` (flows/x.yaml); throws ff::Error with its refusal.
void CheckOpens(const ServerInfo& info, const std::string& relative);
//! The `flowfile` program (see EditorOptions::program); throws ff::Error(kNotFound).
std::string FindProgram(const std::string& given, const std::vector<std::string>& search_dirs);

}  // namespace ff::editor
