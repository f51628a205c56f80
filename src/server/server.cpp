#include "server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <mutex>
#include <optional>

#include "api_dispatch.hpp"
#include "auth.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/warnings.hpp"
#include "origin_guard.hpp"
#include "preview_gate.hpp"
#include "request_warnings.hpp"
#include "run_registry.hpp"
#include "security_headers.hpp"
#include "static_files.hpp"

#ifndef FLOWFILE_VERSION
#define FLOWFILE_VERSION "unknown"
#endif

namespace ff::server {
namespace {

// httplib listens with a backlog of 5: a burst of new connections (a browser opening six, a
// load test) overflows it and the kernel drops SYNs, costing clients a one-second retry.
// Linux lets a second listen() on the bound socket raise the backlog.
class HttpServer : public httplib::Server {
 public:
  void RaiseBacklog(int backlog) { ::listen(svr_sock_, backlog); }
};

// One preview at a time: DuckDB already spreads one query over every core, so a second one
// would not finish the pair sooner, only take more CPU from the API's own requests (metadata
// p99 under slow previews measured 55-60 ms with one place, 80-90 ms with two, 2 cores).
constexpr size_t kPreviewSlots = 1;

}  // namespace

struct Server::Impl {
  ServerOptions options;
  HttpServer http;
  Auth auth;
  ServerState state;
  StaticFiles files;
  ApiDispatcher api;
  std::optional<OriginGuard> guard;  // knows the port once bound
  int port = -1;
  std::mutex log_mutex;
  std::function<void(const std::string&)> previous_warning_handler;

  explicit Impl(ServerOptions o)
      : options(std::move(o)),
        state{options.workspace, FLOWFILE_VERSION, auth.csrf_token(),
              std::make_shared<RunRegistry>(), std::make_shared<PreviewGate>(kPreviewSlots)},
        files(options.static_dir),
        api(state, auth) {}

  void Handle(const httplib::Request& request, httplib::Response& response);
  void HandleStatic(const httplib::Request& request, httplib::Response& response);
  void Log(const httplib::Request& request, int status, double ms);
};

void Server::Impl::HandleStatic(const httplib::Request& request, httplib::Response& response) {
  if (request.method != "GET" && request.method != "HEAD") {
    throw ApiError(405, "method_not_allowed",
                   request.method + " is not allowed on " + request.path);
  }
  if (request.path == "/" && request.has_param("token")) {
    if (!auth.IsToken(request.get_param_value("token"))) {
      throw ApiError(403, "bad_token", "this sign-in link is not valid for this server",
                     "open the URL the running `flowfile ui` printed");
    }
    response.set_header("Set-Cookie", Auth::CookieFor(auth.NewSession()));
    response.set_redirect("/", 303);
    return;
  }
  const auto file = files.Find(request.path);
  if (!file) {
    response.status = 404;
    response.set_content("not found\n", "text/plain; charset=utf-8");
    return;
  }
  // The app's own files may be cached; index.html and the API never are.
  // Their names carry a content hash, so a year is safe; replacing the default "no-store"
  // (two Cache-Control headers would combine, and no-store would win) also lets the browser
  // keep its compiled code for the scripts between loads.
  if (request.path.rfind("/assets/", 0) == 0) {
    response.headers.erase("Cache-Control");
    response.set_header("Cache-Control", "public, max-age=31536000, immutable");
  }
  response.set_content(file->body, file->content_type);
}

void Server::Impl::Handle(const httplib::Request& request, httplib::Response& response) {
  const auto start = std::chrono::steady_clock::now();
  try {
    if (!guard->HostOk(request.get_header_value("Host"))) {
      throw ApiError(403, "bad_host",
                     "the Host header does not name this server (DNS rebinding protection)",
                     "use http://127.0.0.1:" + std::to_string(port) + "/");
    }
    if (!guard->OriginOk(request.get_header_value("Origin"))) {
      throw ApiError(403, "bad_origin", "requests from other sites are refused",
                     "use the app served by this server");
    }
    if (IsApiPath(request.path)) {
      api.Handle(request, response);
    } else {
      HandleStatic(request, response);
    }
  } catch (const ApiError& e) {
    SendJson(response, e.status(), e.ToJson());
  } catch (const Error& e) {
    const ApiError api_error = ToApiError(e);
    SendJson(response, api_error.status(), api_error.ToJson());
  } catch (const Json::exception& e) {
    SendJson(response, 400, ApiError(400, "invalid_body", e.what()).ToJson());
  } catch (const std::exception& e) {
    if (options.log) {
      std::lock_guard lock(log_mutex);
      *options.log << "ui: internal error on " << request.path << ": " << e.what() << std::endl;
    }
    SendJson(response, 500,
             ApiError(500, "internal", "internal error; see the server log").ToJson());
  }
  const std::chrono::duration<double, std::milli> ms = std::chrono::steady_clock::now() - start;
  Log(request, response.status, ms.count());
}

void Server::Impl::Log(const httplib::Request& request, int status, double ms) {
  if (!options.log) return;
  // One line, one write: std::cerr is unbuffered and would write each piece on its own while
  // every other request thread waits for the lock.
  const std::string line = "ui: " + request.method + " " + request.path + " " +
                           std::to_string(status) + " " + std::to_string(static_cast<int64_t>(ms)) +
                           " ms\n";
  std::lock_guard lock(log_mutex);
  options.log->write(line.data(), static_cast<std::streamsize>(line.size()));
  options.log->flush();
}

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  impl_->previous_warning_handler = InstallWarningHandler(impl_->options.log, &impl_->log_mutex);
  auto& http = impl_->http;
  const size_t threads = impl_->options.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_default_headers(SecurityHeaders());
  http.set_payload_max_length(impl_->options.max_body_bytes);
  http.set_keep_alive_max_count(1000);
  // Headers and body go out in two writes: without TCP_NODELAY the second waits for the
  // client's delayed ACK (40 ms on Linux) on every keep-alive request.
  http.set_tcp_nodelay(true);
  // Answers go out uncompressed. httplib would brotli-compress every text, JavaScript and JSON
  // answer at brotli's slowest level when the browser accepts it: 0.9 s for the canvas
  // library's 150 KB, 0.6 s for a 200-node flow, on a connection (loopback) where the bytes
  // cost microseconds. The request is httplib's own mutable object, passed to us as const.
  http.set_pre_routing_handler([](const httplib::Request& q, httplib::Response&) {
    const_cast<httplib::Request&>(q).headers.erase("Accept-Encoding");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const auto handler = [this](const httplib::Request& q, httplib::Response& r) {
    impl_->Handle(q, r);
  };
  // One handler for every path: the guards run before any route, static or API.
  http.Get(".*", handler);
  http.Post(".*", handler);
  http.Put(".*", handler);
  http.Patch(".*", handler);
  http.Delete(".*", handler);
  // Errors httplib answers itself (413 for a large body, 400 for a bad request line).
  const size_t limit = impl_->options.max_body_bytes;
  const httplib::Server::HandlerWithResponse on_error = [limit](const httplib::Request&,
                                                                httplib::Response& r) {
    if (!r.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (r.status == 413) {
      SendJson(r, 413,
               ApiError(413, "too_large",
                        "the request body is larger than " + std::to_string(limit) + " bytes")
                   .ToJson());
    } else {
      SendJson(r, r.status,
               ApiError(r.status, "bad_request", "the request could not be read",
                        "a POST or PUT needs a Content-Length header (0 for no body)")
                   .ToJson());
    }
    return httplib::Server::HandlerResponse::Handled;
  };
  http.set_error_handler(on_error);
}

Server::~Server() {
  Stop();
  // The handler points into this server: the one it replaced comes back.
  SetWarningHandler(std::move(impl_->previous_warning_handler));
}

void Server::Bind() {
  const auto& o = impl_->options;
  const int port = o.port == 0 ? impl_->http.bind_to_any_port(o.host)
                               : (impl_->http.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port <= 0) {
    throw Error(ErrorCode::kIo, "cannot listen on " + o.host + ":" + std::to_string(o.port) +
                                    " (in use, or not an address of this machine)");
  }
  impl_->http.RaiseBacklog(SOMAXCONN);
  impl_->port = port;
  impl_->guard.emplace(o.host, port, o.allowed_origins);
}

int Server::port() const { return impl_->port; }

std::string Server::url() const {
  std::string host = impl_->options.host;
  if (host == "0.0.0.0" || host == "::") host = "127.0.0.1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(impl_->port) + "/?token=" + impl_->auth.token();
}

void Server::Run() { impl_->http.listen_after_bind(); }

void Server::Stop() {
  // Runs end first: their event streams then close and free the request threads.
  impl_->state.runs->StopAll();
  impl_->state.previews->CancelAll();
  if (impl_->http.is_running()) impl_->http.stop();
}

}  // namespace ff::server
