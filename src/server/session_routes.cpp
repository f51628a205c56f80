// GET /api/v1/session: who we are and what the page needs (the CSRF token, the key's
// fingerprint — never the key).
#include "api.hpp"
#include "flowfile/keys.hpp"
#include "flowfile/workspace.hpp"
#include "openapi.hpp"
#include "schema_helpers.hpp"

namespace ff::server {

void AddSessionRoutes(std::vector<Route>& routes) {
  using namespace schema;
  routes.push_back(
      {.method = "GET",
       .path = "/api/v1/session",
       .tag = "session",
       .summary = "The server version, workspace, CSRF token and master key fingerprint",
       .response_schema = Object({{"version", Str()},
                                  {"workspace", Str()},
                                  {"csrf_token", Str()},
                                  {"key", Object({{"source", Str()}, {"fingerprint", Str()}})}}),
       .handler = [](Call& call) -> Reply {
         const KeyInfo key = call.state.workspace->keys().Info();
         return {200,
                 {{"version", call.state.version},
                  {"workspace", call.state.workspace->config_dir().string()},
                  {"csrf_token", call.state.csrf_token},
                  {"key", {{"source", key.source}, {"fingerprint", key.fingerprint}}}}};
       }});
  routes.back().light = true;
}

void AddOpenApiRoute(std::vector<Route>& routes) {
  routes.push_back({.method = "GET",
                    .path = "/api/v1/openapi.json",
                    .tag = "session",
                    .summary = "This API as an OpenAPI 3.1 document",
                    .response_schema = schema::OpenObject(),
                    .handler = [](Call& call) -> Reply {
                      // Built from the same table the dispatcher uses.
                      static const Json document = OpenApiDocument(AllRoutes(), call.state.version);
                      return {200, document};
                    }});
}

}  // namespace ff::server
