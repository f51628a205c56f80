#include "openapi.hpp"

#include "router.hpp"
#include "util/text.hpp"

namespace ff::server {
namespace {

Json ErrorSchema() {
  return {{"type", "object"},
          {"required", {"error"}},
          {"properties",
           {{"error",
             {{"type", "object"},
              {"required", {"code", "message"}},
              {"properties",
               {{"code", {{"type", "string"}}},
                {"message", {{"type", "string"}}},
                {"hint", {{"type", "string"}}}}}}}}}};
}

Json Parameters(const Route& route) {
  Json parameters = Json::array();
  for (const auto& segment : SplitPath(route.path)) {
    if (segment.size() > 2 && segment.front() == '{') {
      parameters.push_back({{"name", segment.substr(1, segment.size() - 2)},
                            {"in", "path"},
                            {"required", true},
                            {"schema", {{"type", "string"}}}});
    }
  }
  for (const auto& q : route.query) {
    Json p = {{"name", q.name},
              {"in", "query"},
              {"required", q.required},
              {"schema", {{"type", q.type}}}};
    if (!q.description.empty()) p["description"] = q.description;
    parameters.push_back(std::move(p));
  }
  return parameters;
}

Json ErrorResponse(const char* description) {
  return {
      {"description", description},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

Json Responses(const Route& route) {
  Json responses = {{"200",
                     {{"description", "success"},
                      {"content", {{"application/json", {{"schema", route.response_schema}}}}}}}};
  responses["400"] = ErrorResponse("invalid input");
  responses["401"] = ErrorResponse("not authenticated");
  responses["403"] = ErrorResponse("bad Host, Origin or CSRF header");
  responses["404"] = ErrorResponse("no such name");
  if (route.request_schema.is_object()) responses["413"] = ErrorResponse("request body too large");
  return responses;
}

Json Operation(const Route& route) {
  Json op = {{"summary", route.summary},
             {"tags", {route.tag}},
             {"operationId", route.method + " " + route.path},
             {"parameters", Parameters(route)},
             {"responses", Responses(route)}};
  if (route.auth)
    op["security"] = Json::array({{{"cookie", Json::array()}}, {{"bearer", Json::array()}}});
  if (route.request_schema.is_object()) {
    op["requestBody"] = {{"required", true},
                         {"content", {{"application/json", {{"schema", route.request_schema}}}}}};
  }
  if (route.method != "GET") {
    op["parameters"].push_back({{"name", "X-Flowfile-CSRF"},
                                {"in", "header"},
                                {"required", true},
                                {"description", "the csrf_token of GET /api/v1/session"},
                                {"schema", {{"type", "string"}}}});
  }
  return op;
}

}  // namespace

Json OpenApiDocument(const std::vector<Route>& routes, const std::string& version) {
  Json paths = Json::object();
  for (const auto& route : routes)
    paths[route.path][util::AsciiLower(route.method)] = Operation(route);
  return {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "Flowfile web API"},
        {"version", version},
        {"description",
         "The JSON API of `flowfile ui`. Every route needs the session cookie or a bearer "
         "token; every state change needs the X-Flowfile-CSRF header."}}},
      {"servers", Json::array({{{"url", "/"}}})},
      {"paths", std::move(paths)},
      {"components",
       {{"schemas", {{"Error", ErrorSchema()}}},
        {"securitySchemes",
         {{"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "ff_session"}}},
          {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
  };
}

}  // namespace ff::server
