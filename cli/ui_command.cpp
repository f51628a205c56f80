// `flowfile ui`: the web app's server on this workspace; prints the sign-in URL and opens the
// browser when there is a display.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "context.hpp"
#include "flowfile/workspace.hpp"
#include "frame_output.hpp"
#include "server/server.hpp"
#include "ui_server_file.hpp"

extern char** environ;

namespace ff::cli {
namespace {
namespace fs = std::filesystem;

struct UiOptions {
  int port = 0;
  std::string host = "127.0.0.1";
  bool no_browser = false;
  std::string static_dir;
  std::vector<std::string> allowed_origins;
};

// --static, else $FLOWFILE_WEB_DIR, else <prefix>/share/flowfile/web beside the binary.
fs::path WebDir(const UiOptions& options) {
  if (!options.static_dir.empty()) return options.static_dir;
  if (const char* env = std::getenv("FLOWFILE_WEB_DIR"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return exe.parent_path().parent_path() / "share" / "flowfile" / "web";
}

bool HasDisplay() {
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  return (display != nullptr && *display != '\0') || (wayland != nullptr && *wayland != '\0');
}

// The token must stay out of xdg-open's command line, which every local user can read (ps):
// the browser opens an owner-only page in the workspace (0700) that redirects to the URL.
fs::path WriteOpener(const fs::path& home, int port, const std::string& url) {
  const fs::path file = home / ("ui-" + std::to_string(port) + ".html");
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return {};
  const std::string html = "<!doctype html><meta http-equiv=\"refresh\" content=\"0;url=" + url +
                           "\"><a href=\"" + url + "\">Open Flowfile</a>\n";
  const bool written = ::write(fd, html.data(), html.size()) == static_cast<ssize_t>(html.size());
  ::close(fd);
  if (!written) {
    fs::remove(file);
    return {};
  }
  return file;
}

void OpenBrowser(const fs::path& page) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::string program = "xdg-open", argument = "file://" + page.string();
  char* argv[] = {program.data(), argument.data(), nullptr};
  pid_t pid = 0;
  if (posix_spawnp(&pid, "xdg-open", &actions, nullptr, argv, environ) != 0) {
    std::cerr << "(could not start xdg-open; open the URL above yourself)\n";
  } else {
    std::thread([pid] { ::waitpid(pid, nullptr, 0); }).detach();  // no zombie
  }
  posix_spawn_file_actions_destroy(&actions);
}

std::string User() {
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "unknown";
}

void Serve(Context& context, const UiOptions& options) {
  UseHome(context);  // the frames API (previews) reads the same home
  // Ctrl+C and SIGTERM stop the server cleanly: a thread waits for them (blocked everywhere
  // else, so the server's threads never take them).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  WorkspaceOptions workspace;
  workspace.config_dir = context.home;
  workspace.actor = "ui:" + User();
  server::ServerOptions server_options;
  const auto opened = Workspace::Open(std::move(workspace));
  server_options.workspace = opened;
  UiServerFile server_file(opened->config_dir());  // one server per home
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.static_dir = WebDir(options);
  server_options.log = &std::cerr;
  server_options.allowed_origins = options.allowed_origins;
  server::Server server(std::move(server_options));
  server.Bind();
  server_file.Publish(server.port(), server.url());

  std::cout << "Flowfile UI: " << server.url() << std::endl;
  std::cout << "Workspace: " << opened->config_dir().string() << "\n"
            << "Stop with Ctrl+C." << std::endl;
  fs::path opener;
  if (!options.no_browser && HasDisplay()) {
    // Only with a display: on a server or in CI there is nobody to show it to.
    opener = WriteOpener(opened->config_dir(), server.port(), server.url());
    if (!opener.empty()) OpenBrowser(opener);
  }

  std::thread waiter([&server, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.Stop();
  });
  server.Run();
  pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter when Run ended by itself
  waiter.join();
  std::error_code ignored;
  if (!opener.empty()) fs::remove(opener, ignored);
}

}  // namespace

void RegisterUiCommand(CLI::App& app, Context& context) {
  auto options = std::make_shared<UiOptions>();
  auto* ui = app.add_subcommand("ui", "Start the web app on this workspace and print its URL");
  ui->add_option("--port", options->port, "Port to listen on (0, the default: a free port)")
      ->check(CLI::Range(0, 65535));
  ui->add_option("--host", options->host,
                 "Address to listen on (default 127.0.0.1; other addresses expose the app)");
  ui->add_flag("--no-browser", options->no_browser, "Print the URL only; do not open a browser");
  ui->add_option("--static", options->static_dir,
                 "Folder of the built front end (default: $FLOWFILE_WEB_DIR, else "
                 "<prefix>/share/flowfile/web)");
  ui->add_option("--allow-origin", options->allowed_origins,
                 "Also accept requests from this origin (repeatable), e.g. a front-end dev "
                 "server that proxies /api: http://localhost:5173");
  ui->callback(
      [&context, options] { context.action = [&context, options] { Serve(context, *options); }; });
}

}  // namespace ff::cli
