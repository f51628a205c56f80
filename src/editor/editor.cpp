// ff::open_graph_in_editor: save the flow in the home's flows/ folder, find or start the
// home's `flowfile ui`, have it open the flow, and show the URL (see flowfile/editor.hpp).
#include "flowfile/editor.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <thread>

#include "editor/editor_server.hpp"
#include "editor/url_path.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/flow.hpp"
#include "flowfile/frame.hpp"
#include "flowfile/warnings.hpp"
#include "flowfile/workspace.hpp"

extern char** environ;

namespace ff {
namespace fs = std::filesystem;

namespace {

using SaveTo = std::function<void(const std::string&)>;

std::string Stamp() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() %
      1000000;
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &local);
  char out[48];
  std::snprintf(out, sizeof out, "%s-%06lld", text, static_cast<long long>(micros));
  return out;
}

bool Inside(const fs::path& file, const fs::path& dir) {
  std::error_code ec;
  const fs::path a = fs::weakly_canonical(file, ec), b = fs::weakly_canonical(dir, ec);
  const auto [end, ignored] = std::mismatch(b.begin(), b.end(), a.begin(), a.end());
  return end == b.end();
}

// The file the editor opens, under <home>/flows (see the contract for storage_location).
fs::path SaveForEditor(const fs::path& home, const std::string& location, const SaveTo& save) {
  const fs::path flows = home / "flows";
  fs::create_directories(flows);
  if (location.empty()) {
    const fs::path file = flows / ("flow-" + Stamp() + ".yaml");
    save(file.string());
    return file;
  }
  fs::path given(location);
  if (given.is_relative() && std::distance(given.begin(), given.end()) == 1) given = flows / given;
  if (given.extension() != ".yaml" && given.extension() != ".yml") given.replace_extension(".yaml");
  if (given.has_parent_path()) fs::create_directories(given.parent_path());
  save(given.string());
  if (Inside(given, flows)) return given;
  const fs::path copy = flows / given.filename();  // saved elsewhere too: the editor opens this
  save(copy.string());
  return copy;
}

bool HasDisplay() {
  for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "BROWSER"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return true;
  }
  return false;
}

// The token must stay off the browser's command line (any local user can read it): the
// browser opens an owner-only page in the home that redirects to the URL.
bool OpenBrowser(const fs::path& home, const std::string& url) {
  const fs::path page = home / "ui" / "open-editor.html";
  const int fd = ::open(page.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  const std::string html = "<!doctype html><meta http-equiv=\"refresh\" content=\"0;url=" + url +
                           "\"><a href=\"" + url + "\">Open the Flowfile editor</a>\n";
  const bool written = ::write(fd, html.data(), html.size()) == static_cast<ssize_t>(html.size());
  ::close(fd);
  if (!written) return false;
  const char* browser = std::getenv("BROWSER");
  std::string program = browser != nullptr && *browser != '\0' ? browser : "xdg-open";
  std::string argument = "file://" + page.string();
  char* argv[] = {program.data(), argument.data(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const bool started = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ) == 0;
  posix_spawn_file_actions_destroy(&actions);
  if (started) std::thread([pid] { ::waitpid(pid, nullptr, 0); }).detach();  // no zombie
  return started;
}

EditorResult OpenInEditor(const SaveTo& save, const EditorOptions& options) {
  EditorResult result;
  const fs::path home = DefaultConfigDir();
  try {
    result.path = SaveForEditor(home, options.storage_location, save).string();
  } catch (const std::exception& e) {
    result.warning = std::string("the flow could not be saved for the editor: ") + e.what();
    if (options.warn) Warn(result.warning);
    return result;
  }
  try {
    auto info = editor::ReadServerInfo(home);
    if (!info || !editor::Answers(*info)) {
      const std::string program = editor::FindProgram(options.program, options.search_dirs);
      info = editor::StartServer(home, program, options.start_timeout_seconds);
      result.started_server = true;
    }
    result.server_pid = info->pid;
    const std::string relative =
        fs::relative(fs::weakly_canonical(result.path), fs::weakly_canonical(home))
            .generic_string();
    editor::CheckOpens(*info, relative);
    result.url = "http://127.0.0.1:" + std::to_string(info->port) + "/?token=" + info->token +
                 "#/designer?flow=" + editor::PercentEncodePath(relative);
  } catch (const std::exception& e) {
    result.warning = std::string("the Flowfile editor could not be reached or started (") +
                     e.what() + "); the flow is saved at " + result.path +
                     " (run it with `flowfile run " + result.path + "`)";
    if (options.warn) Warn(result.warning);
    return result;
  }
  result.ok = true;
  if (options.open_browser && HasDisplay()) result.browser_opened = OpenBrowser(home, result.url);
  if (!result.browser_opened && options.print_url) {
    std::cout << "Flowfile editor: " << result.url << std::endl;
  }
  return result;
}

}  // namespace

EditorResult open_graph_in_editor(const FlowFrame& frame, const EditorOptions& options) {
  return OpenInEditor([&frame](const std::string& path) { frame.save_graph(path); }, options);
}

EditorResult open_graph_in_editor(const Flow& flow, const EditorOptions& options) {
  return OpenInEditor([&flow](const std::string& path) { flow.Save(path); }, options);
}

}  // namespace ff
