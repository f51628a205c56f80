#include "api_dispatch.hpp"

#include <algorithm>
#include <optional>
#include <thread>

#include "body_schema.hpp"
#include "request_warnings.hpp"

namespace ff::server {

bool IsApiPath(const std::string& path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

void SendJson(httplib::Response& response, int status, const Json& body) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace),
                       "application/json");
}

ApiDispatcher::ApiDispatcher(ServerState& state, const Auth& auth)
    : state_(state),
      auth_(auth),
      router_(AllRoutes()),
      light_gate_(2 * std::max(2u, std::thread::hardware_concurrency())) {}

namespace {

bool ChangesState(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

Json ParseBody(const httplib::Request& request, const Json& schema) {
  if (request.body.empty()) {
    throw ApiError(400, "invalid_body", "this route needs a JSON body",
                   "send a JSON object with Content-Type: application/json");
  }
  Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    throw ApiError(400, "invalid_json", "the request body is not valid JSON",
                   "send a JSON object with Content-Type: application/json");
  }
  CheckBody(body, schema);
  return body;
}

}  // namespace

void ApiDispatcher::Handle(const httplib::Request& request, httplib::Response& response) const {
  if (!auth_.Authenticated(request)) {
    response.set_header("WWW-Authenticate", "Bearer");
    throw ApiError(401, "unauthenticated", "this route needs you to be signed in",
                   "open the URL `flowfile ui` printed, or send Authorization: Bearer <token>");
  }
  if (ChangesState(request.method) && !auth_.CsrfOk(request)) {
    throw ApiError(403, "csrf", std::string("the ") + kCsrfHeader + " header is missing or wrong",
                   "send the csrf_token of GET /api/v1/session in the " + std::string(kCsrfHeader) +
                       " header");
  }
  auto match = router_.Match(request.method, request.path);
  if (!match) {
    throw ApiError(404, "not_found", "no API route " + request.path,
                   "the routes are listed in /api/v1/openapi.json");
  }
  if (match->route == nullptr) {
    throw ApiError(405, "method_not_allowed", request.method + " is not allowed on " + request.path,
                   "the routes are listed in /api/v1/openapi.json");
  }
  const Route& route = *match->route;
  Call call{request, state_, std::move(match->params), nullptr};
  if (route.request_schema.is_object()) call.body = ParseBody(request, route.request_schema);
  WarningCapture warnings;
  std::optional<FairGate::Pass> turn;
  if (route.light) turn.emplace(light_gate_);
  Reply reply = route.handler(call);
  turn.reset();
  if (!warnings.warnings().empty() && reply.body.is_object()) {
    reply.body["warnings"] = warnings.warnings();
  }
  if (reply.respond) {
    reply.respond(response);
  } else if (reply.raw) {
    response.status = reply.status;
    response.set_content(*reply.raw, "application/json");
  } else {
    SendJson(response, reply.status, reply.body);
  }
}

}  // namespace ff::server
