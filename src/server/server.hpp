// The web app's HTTP server, as `flowfile ui` starts it: the JSON API under /api/v1 (see
// docs/web-api.md) and the built front end, on one workspace.
//
// Contract:
//  - Binds `host` (default 127.0.0.1) and `port` (0: a free port, see port()).
//  - Every response carries the security headers (security_headers.hpp); every request must
//    name this server in Host (and Origin, when sent); every /api route needs the session
//    cookie or the bearer token, and every state change the CSRF header.
//  - Request bodies over `max_body_bytes` get 413 before any handler runs.
//  - Requests run on a pool of threads: a slow handler (a connection test, a preview) holds
//    one thread and never the others.
//  - Flow runs execute on threads of their own (run_registry.hpp), never a request thread;
//    Stop() cancels the running ones first.
//  - The access log (`log`) gets method, path (never the query string: the token travels
//    there), status and time. Bodies are never logged.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace ff {
class Workspace;
}

namespace ff::server {

struct ServerOptions {
  std::shared_ptr<Workspace> workspace;
  std::string host = "127.0.0.1";
  int port = 0;
  std::filesystem::path static_dir;  //!< the built front end; empty: a "not built" page
  size_t max_body_bytes = 1 << 20;
  size_t threads = 64;
  std::ostream* log = nullptr;  //!< access log; nullptr: none
  //! Origins allowed besides this server's own (a front-end dev server proxying /api).
  std::vector<std::string> allowed_origins;
};

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  //! Binds the address; throws ff::Error(kIo) naming it when it cannot.
  void Bind();
  int port() const;
  //! "http://HOST:PORT/?token=T": the URL that signs a browser in.
  std::string url() const;
  //! Serves until Stop() (from another thread).
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ff::server
