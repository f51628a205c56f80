#include "editor/editor_server.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <httplib.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "editor/url_path.hpp"
#include "flowfile/errors.hpp"

extern char** environ;

namespace ff::editor {
namespace fs = std::filesystem;

namespace {

bool Executable(const fs::path& file) {
  std::error_code ec;
  return fs::is_regular_file(file, ec) && ::access(file.c_str(), X_OK) == 0;
}

// Where the code of this library lives: the Python module, libflowfile.so or a program.
fs::path ModuleDir() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&FindProgram), &info) != 0 && info.dli_fname != nullptr) {
    std::error_code ec;
    const fs::path file = fs::canonical(info.dli_fname, ec);
    if (!ec) return file.parent_path();
  }
  return {};
}

}  // namespace

std::string FindProgram(const std::string& given, const std::vector<std::string>& search_dirs) {
  if (!given.empty()) {
    if (Executable(given)) return given;
    throw Error(ErrorCode::kNotFound, "no `flowfile` program at " + given);
  }
  if (const char* explicit_cli = std::getenv("FLOWFILE_CLI"); explicit_cli && *explicit_cli) {
    // An explicit choice is the only one.
    if (Executable(explicit_cli)) return explicit_cli;
    throw Error(ErrorCode::kNotFound,
                std::string("FLOWFILE_CLI names no program: ") + explicit_cli);
  }
  std::vector<fs::path> candidates;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(self.parent_path() / "flowfile");  // an installed bin/
  if (const fs::path here = ModuleDir(); !here.empty()) {
    candidates.push_back(here / "flowfile");
    candidates.push_back(here.parent_path() / "bin" / "flowfile");                // <prefix>/lib
    candidates.push_back(here.parent_path().parent_path() / "cli" / "flowfile");  // build tree
    candidates.push_back(here.parent_path() / "cli" / "flowfile");
  }
  for (const auto& dir : search_dirs) candidates.push_back(fs::path(dir) / "flowfile");
  if (const char* path = std::getenv("PATH")) {
    std::stringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');) {
      if (!dir.empty()) candidates.push_back(fs::path(dir) / "flowfile");
    }
  }
  for (const auto& c : candidates) {
    if (Executable(c)) return c.string();
  }
  throw Error(ErrorCode::kNotFound,
              "no `flowfile` program found (set FLOWFILE_CLI or put it on PATH)");
}

std::optional<ServerInfo> ReadServerInfo(const fs::path& home) {
  std::ifstream in(home / "ui" / "server.json");
  if (!in) return std::nullopt;
  const auto json = nlohmann::json::parse(in, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  ServerInfo info;
  info.pid = json.value("pid", 0);
  info.port = json.value("port", 0);
  info.token = json.value("token", "");
  if (info.port <= 0 || info.port > 65535 || info.token.empty()) return std::nullopt;
  return info;
}

bool Answers(const ServerInfo& info) {
  httplib::Client client("127.0.0.1", info.port);
  client.set_connection_timeout(1, 0);
  client.set_read_timeout(1, 0);
  const auto response = client.Get("/api/v1/session", {{"Authorization", "Bearer " + info.token}});
  return response && response->status == 200;
}

ServerInfo StartServer(const fs::path& home, const std::string& program, int timeout_seconds) {
  const fs::path dir = home / "ui";
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path log = dir / "server.log";
  // stdout (the sign-in URL, which holds the token) goes nowhere: server.json has it, 0600.
  // stderr (the access log and errors) goes to an owner-only log.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);  // outlives this program's session
  std::vector<std::string> args = {program, "ui", "--port", "0", "--no-browser"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // The server opens the same home: FLOWFILE_HOME as this process resolved it.
  std::vector<std::string> env_text = {"FLOWFILE_HOME=" + home.string()};
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string_view(*e).rfind("FLOWFILE_HOME=", 0) != 0) env_text.emplace_back(*e);
  }
  std::vector<char*> envp;
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int failed =
      posix_spawn(&pid, program.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (failed != 0) {
    throw Error(ErrorCode::kIo, "cannot start " + program + ": " + std::strerror(failed));
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto info = ReadServerInfo(home);
    if (info && info->pid == pid && Answers(*info)) return *info;
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      // Lost a race with another starter: its server is as good as ours.
      if (const auto other = ReadServerInfo(home); other && Answers(*other)) return *other;
      throw Error(ErrorCode::kIo, "`flowfile ui` exited with status " +
                                      std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                                      " (see " + log.string() + ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw Error(ErrorCode::kIo, "`flowfile ui` did not start within " +
                                  std::to_string(timeout_seconds) + " s (see " + log.string() +
                                  ")");
}

void CheckOpens(const ServerInfo& info, const std::string& relative) {
  httplib::Client client("127.0.0.1", info.port);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(30, 0);
  const auto response = client.Get("/api/v1/flows/file?path=" + PercentEncodePath(relative),
                                   {{"Authorization", "Bearer " + info.token}});
  if (!response) throw Error(ErrorCode::kIo, "the editor did not answer");
  if (response->status == 200) return;
  std::string message = "HTTP " + std::to_string(response->status);
  const auto body = nlohmann::json::parse(response->body, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    message = body["error"].value("message", message);
  }
  throw Error(ErrorCode::kInvalidArgument, "the editor cannot open " + relative + ": " + message);
}

}  // namespace ff::editor
