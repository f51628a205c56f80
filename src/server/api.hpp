// The vocabulary of the web API: a route (method, path pattern, documentation, schemas,
// handler), what a handler receives and returns, and the error it throws.
//
// Contract:
//  - Handlers throw ApiError for a refusal with an HTTP status, or ff::Error, which the
//    dispatcher maps to a status by its code (ToApiError). Messages are in our words and
//    never hold a secret value.
//  - Every route under /api/v1 needs authentication (`auth` is true for all of them; the
//    route-table test asserts it on the running server).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace ff {
class Error;
class Workspace;
}  // namespace ff

namespace ff::server {

using Json = nlohmann::json;

inline constexpr std::string_view kApiBase = "/api/v1";

//! A refusal: HTTP status, a snake_case code, a message naming what was wrong, and a hint.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, const std::string& message, std::string hint = "")
      : std::runtime_error(message),
        status_(status),
        code_(std::move(code)),
        hint_(std::move(hint)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& hint() const { return hint_; }
  //! {"error": {"code", "message", "hint"?}}
  Json ToJson() const;

 private:
  int status_;
  std::string code_;
  std::string hint_;
};

//! The HTTP form of a core error (kNotFound -> 404 not_found, ...).
ApiError ToApiError(const ff::Error& error);

//! What the server shares with every handler.
class RunRegistry;
class PreviewGate;

struct ServerState {
  std::shared_ptr<Workspace> workspace;
  std::string version;
  std::string csrf_token;
  std::shared_ptr<RunRegistry> runs;      //!< flow runs started over the API
  std::shared_ptr<PreviewGate> previews;  //!< the Designer's node previews (preview_gate.hpp)
};

//! One request as a handler sees it.
struct Call {
  const httplib::Request& http;
  ServerState& state;
  std::map<std::string, std::string> path;  //!< {name} segments of the pattern, decoded
  Json body;                                //!< the parsed JSON body (null when none)

  //! A query parameter, or `fallback` when absent.
  std::string Query(const std::string& name, const std::string& fallback = "") const;
  //! A required query parameter (400 naming it when absent or empty).
  std::string RequiredQuery(const std::string& name) const;
  //! An integer query parameter within [min, max] (400 otherwise).
  std::optional<int64_t> IntQuery(const std::string& name, int64_t min, int64_t max) const;
};

struct Reply {
  int status = 200;
  Json body;
  //! Already serialised JSON, sent instead of `body` (large documents built once).
  std::shared_ptr<const std::string> raw;
  //! Writes the response itself instead (a Server-Sent Events stream).
  std::function<void(httplib::Response&)> respond;
};

using Handler = std::function<Reply(Call&)>;

//! A query parameter as documented in OpenAPI.
struct QueryParam {
  std::string name;
  std::string type = "string";  //!< string | integer
  bool required = false;
  std::string description;
};

struct Route {
  std::string method;  //!< GET | POST | PUT | DELETE
  std::string path;    //!< "/api/v1/connections/database/{name}"
  std::string tag;     //!< the OpenAPI group ("database connections", ...)
  std::string summary;
  Json request_schema;   //!< JSON Schema of the body; null: no body
  Json response_schema;  //!< JSON Schema of a success body
  std::vector<QueryParam> query;
  bool auth = true;
  Handler handler;
  //! A quick metadata read (no network, no data files): it waits its turn at the server's
  //! fair gate (fair_gate.hpp) so many clients at once get even latency.
  bool light = false;
};

// Each resource adds its routes (one file each).
void AddSessionRoutes(std::vector<Route>& routes);
void AddNodeRoutes(std::vector<Route>& routes);
void AddDatabaseRoutes(std::vector<Route>& routes);
void AddCloudRoutes(std::vector<Route>& routes);
void AddConnectionUsageRoutes(std::vector<Route>& routes);
void AddSecretRoutes(std::vector<Route>& routes);
void AddCatalogRoutes(std::vector<Route>& routes);
void AddCatalogMaintenanceRoutes(std::vector<Route>& routes);
void AddAuditRoutes(std::vector<Route>& routes);
void AddFlowRoutes(std::vector<Route>& routes);
void AddRunRoutes(std::vector<Route>& routes);
void AddFlowSchemaRoutes(std::vector<Route>& routes);
void AddFormulaRoutes(std::vector<Route>& routes);
void AddFlowPreviewRoutes(std::vector<Route>& routes);
void AddFlowFileRoutes(std::vector<Route>& routes);
//! GET /api/v1/openapi.json, generated from `routes` (which must outlive the server).
void AddOpenApiRoute(std::vector<Route>& routes);

//! Every route of the API, in documentation order.
std::vector<Route> AllRoutes();

}  // namespace ff::server
