// rest_api_reader: rows from a JSON REST API (Flowfile's rest_api_settings). The credential is
// named, never written: auth.secret_name names a secret in the workspace store, and a header
// value may be "${secret:NAME}". The pages are fetched when the node is built.
#include "flow/json_records.hpp"
#include "flow/nodes/settings.hpp"
#include "flow/rest_fetch.hpp"
#include "flow/type_names.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/secrets.hpp"
#include "flowfile/workspace.hpp"

namespace ff::flow {

using nlohmann::json;
using namespace settings;

namespace {

std::vector<std::pair<std::string, std::string>> StringMap(const NodeContext& c, const json& s,
                                                           const std::string& key) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!s.contains(key) || s.at(key).is_null()) return out;
  if (!s.at(key).is_object())
    c.Fail("rest_api_settings." + key, "expected a mapping of names to values");
  for (const auto& [name, value] : s.at(key).items()) {
    out.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return out;
}

Secret ReadSecret(const NodeContext& c, const std::string& setting, const std::string& name) {
  try {
    return Workspace::Default()->secrets().Get(name);
  } catch (const Error& e) {
    throw Error(e.code(), c.node().Label() + ": setting '" + setting + "': " + e.what());
  }
}

RestPagination ReadPagination(const NodeContext& c, const json& p) {
  RestPagination out;
  out.type = Str(c, p, "pagination_type", "none");
  OneOf(c, "rest_api_settings.pagination.pagination_type", out.type,
        {"none", "offset", "page", "cursor", "next_url"});
  out.offset_param = Str(c, p, "offset_param", out.offset_param);
  out.limit_param = Str(c, p, "limit_param", out.limit_param);
  out.page_size = Int(c, p, "page_size", out.page_size);
  if (out.page_size < 1) c.Fail("rest_api_settings.pagination.page_size", "must be at least 1");
  out.page_param = Str(c, p, "page_param", out.page_param);
  out.start_page = Int(c, p, "start_page", out.start_page);
  out.cursor_param = Str(c, p, "cursor_param", out.cursor_param);
  out.cursor_location = Str(c, p, "cursor_location", out.cursor_location);
  OneOf(c, "rest_api_settings.pagination.cursor_location", out.cursor_location, {"body", "header"});
  out.cursor_response_path = Str(c, p, "cursor_response_path");
  if ((out.type == "cursor" || out.type == "next_url") && out.cursor_response_path.empty()) {
    c.Fail("rest_api_settings.pagination.cursor_response_path",
           out.type + " pagination needs the body path (or header name) of the next " +
               (out.type == "cursor" ? "token" : "URL"));
  }
  out.initial_cursor = Str(c, p, "initial_cursor");
  out.max_pages = Int(c, p, "max_pages", out.max_pages);
  if (p.contains("max_records") && !p.at("max_records").is_null()) {
    out.max_records = Int(c, p, "max_records", 0);
  }
  out.page_delay_seconds = Number(c, p, "page_delay_seconds", 0);
  return out;
}

RestAuth ReadAuth(const NodeContext& c, const json& a) {
  RestAuth out;
  out.type = Str(c, a, "auth_type", "none");
  OneOf(c, "rest_api_settings.auth.auth_type", out.type, {"none", "api_key", "bearer", "basic"});
  out.api_key_name = Str(c, a, "api_key_name", out.api_key_name);
  out.api_key_location = Str(c, a, "api_key_location", out.api_key_location);
  OneOf(c, "rest_api_settings.auth.api_key_location", out.api_key_location, {"header", "query"});
  out.basic_username = Str(c, a, "basic_username");
  out.secret_name = Str(c, a, "secret_name");
  if (!Str(c, a, "secret").empty()) {
    c.Fail("rest_api_settings.auth.secret",
           "the flow holds the credential itself; store it with `flowfile secrets set NAME` "
           "and name it in secret_name");
  }
  return out;
}

std::vector<FlowFrame> BuildRestApi(const NodeContext& c) {
  const json& s = c.Section("rest_api_settings");
  RestRequest request;
  request.url = Str(c, s, "url");
  if (request.url.rfind("http://", 0) != 0 && request.url.rfind("https://", 0) != 0) {
    c.Fail("rest_api_settings.url",
           "expected an http:// or https:// URL, found '" + DisplayUrl(request.url) + "'");
  }
  request.method = Str(c, s, "method", "GET");
  OneOf(c, "rest_api_settings.method", request.method, {"GET", "POST"});
  for (auto& [name, value] : StringMap(c, s, "headers")) {
    const std::string secret_name = Secrets::ReferencedName(value);
    if (secret_name.empty()) {
      request.headers.push_back({name, value});
    } else {
      const Secret secret = ReadSecret(c, "rest_api_settings.headers." + name, secret_name);
      request.headers.push_back({name, std::string(secret.Reveal())});
    }
  }
  request.query_params = StringMap(c, s, "query_params");
  request.json_body = s.value("json_body", json());
  request.auth = ReadAuth(c, c.Section("rest_api_settings").value("auth", json::object()));
  request.pagination =
      ReadPagination(c, c.Section("rest_api_settings").value("pagination", json::object()));
  request.record_path = Str(c, s, "record_path");
  request.timeout_seconds = Number(c, s, "timeout_seconds", 30);
  request.max_retries = static_cast<int>(Int(c, s, "max_retries", 3));
  std::optional<Secret> secret;
  if (!request.auth.secret_name.empty()) {
    secret = ReadSecret(c, "rest_api_settings.auth.secret_name", request.auth.secret_name);
  }
  const std::vector<nlohmann::ordered_json> records =
      FetchRecords(request, secret ? &*secret : nullptr, c.node().Label());
  std::vector<std::pair<std::string, DataType>> fields;
  if (c.settings().contains("fields") && c.settings().at("fields").is_array()) {
    for (const json& f : c.settings().at("fields")) {
      if (f.is_object() && f.contains("name") && f.at("name").is_string()) {
        fields.emplace_back(f.at("name").get<std::string>(),
                            TypeOrString(f.value("data_type", std::string("String"))));
      }
    }
  }
  try {
    return {FrameFromRecords(records, fields, c.Options())};
  } catch (const Error& e) {
    throw Error(e.code(), c.node().Label() + ": " + DisplayUrl(request.url) + " returned " +
                              e.what() + "; declare the node's fields for an empty table");
  }
}

json RestApiSettingsSchema() {
  const json auth = SObject(
      "Authentication",
      {{"auth_type", SEnum("Type", {"none", "api_key", "bearer", "basic"}, "none")},
       {"secret_name", When(SString("Secret (name in the secret store)"), "auth_type",
                            {"api_key", "bearer", "basic"})},
       {"api_key_name", When(SString("API key name", "X-API-Key"), "auth_type", {"api_key"})},
       {"api_key_location",
        When(SEnum("API key sent in", {"header", "query"}, "header"), "auth_type", {"api_key"})},
       {"basic_username", When(SString("Username (basic)"), "auth_type", {"basic"})}});
  const json paged = {"offset", "page", "cursor", "next_url"};
  const auto on = [](const json& styles, json field) {
    return When(std::move(field), "pagination_type", styles);
  };
  const json pagination = SObject(
      "Pagination",
      {{"pagination_type",
        SEnum("Style", {"none", "offset", "page", "cursor", "next_url"}, "none")},
       {"offset_param", on({"offset"}, SString("Offset parameter", "offset"))},
       {"limit_param", on({"offset"}, SString("Limit parameter", "limit"))},
       {"page_size", on({"offset"}, SInt("Page size", 100))},
       {"page_param", on({"page"}, SString("Page parameter", "page"))},
       {"start_page", on({"page"}, SInt("First page", 1))},
       {"cursor_param", on({"cursor"}, SString("Cursor parameter", "cursor"))},
       {"cursor_location",
        on({"cursor", "next_url"}, SEnum("Next cursor/URL found in", {"body", "header"}, "body"))},
       {"cursor_response_path",
        on({"cursor", "next_url"}, SString("Body path or header name of the next cursor/URL"))},
       {"initial_cursor", on({"cursor"}, SString("First cursor"))},
       {"max_pages", on(paged, SInt("Max pages", 1000))},
       {"max_records", SInt("Max records")},
       {"page_delay_seconds", on(paged, SNumber("Delay between pages (s)", 0))}});
  json headers = {{"type", "object"},
                  {"title", "Headers (values may be ${secret:NAME})"},
                  {"additionalProperties", {{"type", "string"}}}};
  json params = {{"type", "object"},
                 {"title", "Query parameters"},
                 {"additionalProperties", {{"type", "string"}}}};
  return SObject(
      "REST API reader",
      {{"rest_api_settings",
        SObject("Request",
                {{"url", SString("URL")},
                 {"method", SEnum("Method", {"GET", "POST"}, "GET")},
                 {"headers", headers},
                 {"query_params", params},
                 {"json_body", When({{"title", "JSON body (POST)"}}, "method", {"POST"})},
                 {"auth", auth},
                 {"pagination", pagination},
                 {"record_path", SString("Record path (dot path to the records)")},
                 {"timeout_seconds", SNumber("Timeout (s)", 30)},
                 {"max_retries", SInt("Retries", 3)}},
                {"url"})}},
      {"rest_api_settings"});
}

}  // namespace

void AddRestApiNode(std::vector<NodeType>& types) {
  NodeType t;
  t.key = "rest_api_reader";
  t.label = "Read from REST API";
  t.group = "input";
  t.min_inputs = 0;
  t.max_inputs = 0;
  t.settings_schema = RestApiSettingsSchema();
  t.build = BuildRestApi;
  types.push_back(std::move(t));
}

}  // namespace ff::flow
