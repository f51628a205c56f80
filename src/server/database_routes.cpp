// /api/v1/connections/database: named database connections (the password is write-only),
// their test, and browsing schemas, tables and rows.
#include <chrono>

#include "api.hpp"
#include "flowfile/connection_test.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/database.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"
#include "preview_json.hpp"
#include "schema_helpers.hpp"

namespace ff::server {
namespace {

Json InfoJson(const DatabaseConnectionInfo& c) {
  return {{"connection_name", c.connection_name},
          {"database_type", c.database_type},
          {"host", c.host},
          {"port", c.port ? Json(*c.port) : Json(nullptr)},
          {"database", c.database},
          {"username", c.username},
          {"has_password", c.has_password},
          {"password_ref", c.password_ref},
          {"ssl_enabled", c.ssl_enabled},
          {"url", c.url},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at}};
}

Json InfoSchema() {
  using namespace schema;
  return Object({{"connection_name", Str()},
                 {"database_type", Str()},
                 {"host", Str()},
                 {"port", Nullable(Int())},
                 {"database", Str()},
                 {"username", Str()},
                 {"has_password", Bool()},
                 {"password_ref", Str()},
                 {"ssl_enabled", Bool()},
                 {"url", Str()},
                 {"created_at", Str()},
                 {"updated_at", Str()}});
}

// The writable fields; `create` adds the name and makes name and type required.
Json BodySchema(bool create) {
  using namespace schema;
  Json s = Object({{"database_type", Str()},
                   {"host", Str()},
                   {"port", Nullable(Int())},
                   {"database", Str()},
                   {"username", Str()},
                   {"password", Nullable(Str())},
                   {"ssl_enabled", Bool()},
                   {"url", Str()}});
  if (create) {
    s["properties"]["connection_name"] = Str();
    s["required"] = {"connection_name", "database_type"};
  }
  return s;
}

std::string Text(const Json& body, const char* field) { return body.value(field, std::string()); }

Reply Create(Call& call) {
  const Json& b = call.body;
  DatabaseConnection c;
  c.connection_name = Text(b, "connection_name");
  c.database_type = Text(b, "database_type");
  c.host = Text(b, "host");
  if (b.contains("port") && !b["port"].is_null()) c.port = b["port"].get<int>();
  c.database = Text(b, "database");
  c.username = Text(b, "username");
  if (b.contains("password") && b["password"].is_string()) {
    c.password = Secret(b["password"].get_ref<const std::string&>());
  }
  c.ssl_enabled = b.value("ssl_enabled", false);
  c.url = Text(b, "url");
  return {200, InfoJson(call.state.workspace->connections().CreateDatabase(c))};
}

Reply Update(Call& call) {
  const Json& b = call.body;
  DatabaseConnectionUpdate u;
  auto text = [&b](const char* field, std::optional<std::string>& out) {
    if (b.contains(field)) out = b[field].get<std::string>();
  };
  text("database_type", u.database_type);
  text("host", u.host);
  text("database", u.database);
  text("username", u.username);
  text("url", u.url);
  if (b.contains("port") && !b["port"].is_null()) u.port = b["port"].get<int>();
  // An omitted or null password keeps the stored one.
  if (b.contains("password") && b["password"].is_string()) {
    u.password = Secret(b["password"].get_ref<const std::string&>());
  }
  if (b.contains("ssl_enabled")) u.ssl_enabled = b["ssl_enabled"].get<bool>();
  const auto& name = call.path.at("name");
  return {200, InfoJson(call.state.workspace->connections().UpdateDatabase(name, u))};
}

Reply Test(Call& call) {
  const auto& name = call.path.at("name");
  call.state.workspace->connections().GetDatabase(name);  // 404 for an unknown name
  const auto start = std::chrono::steady_clock::now();
  try {
    const auto r = TestConnection(*call.state.workspace, name, "database");
    return {200,
            {{"ok", true},
             {"message", r.detail},
             {"server_version", r.server_version},
             {"latency_ms", r.elapsed_ms}}};
  } catch (const Error& e) {
    const std::chrono::duration<double, std::milli> ms = std::chrono::steady_clock::now() - start;
    return {
        200,
        {{"ok", false}, {"message", e.what()}, {"server_version", ""}, {"latency_ms", ms.count()}}};
  }
}

Reply Preview(Call& call) {
  ReadDatabaseOptions options;
  options.table_name = call.RequiredQuery("table");
  options.schema_name = call.Query("schema");
  const auto frame = read_database(call.path.at("name"), options).head(PreviewLimit(call));
  return {200, PreviewJson(frame.collect())};
}

}  // namespace

void AddDatabaseRoutes(std::vector<Route>& routes) {
  using namespace schema;
  const std::string base = "/api/v1/connections/database";
  const std::string tag = "database connections";
  routes.push_back({"GET",
                    base,
                    tag,
                    "List database connections (never their passwords)",
                    nullptr,
                    ArrayOf(InfoSchema()),
                    {},
                    true,
                    [](Call& call) -> Reply {
                      Json out = Json::array();
                      for (const auto& c : call.state.workspace->connections().ListDatabases())
                        out.push_back(InfoJson(c));
                      return {200, std::move(out)};
                    }});
  routes.back().light = true;
  routes.push_back({"POST",
                    base,
                    tag,
                    "Create a database connection",
                    BodySchema(true),
                    InfoSchema(),
                    {},
                    true,
                    Create});
  routes.push_back({"GET",
                    base + "/{name}",
                    tag,
                    "One database connection",
                    nullptr,
                    InfoSchema(),
                    {},
                    true,
                    [](Call& call) -> Reply {
                      return {200, InfoJson(call.state.workspace->connections().GetDatabase(
                                       call.path.at("name")))};
                    }});
  routes.push_back({"PUT",
                    base + "/{name}",
                    tag,
                    "Change fields of a database connection (omitted fields and an omitted or "
                    "null password keep their value)",
                    BodySchema(false),
                    InfoSchema(),
                    {},
                    true,
                    Update});
  routes.push_back({"DELETE",
                    base + "/{name}",
                    tag,
                    "Delete a database connection",
                    nullptr,
                    Object({{"deleted", Bool()}}),
                    {},
                    true,
                    [](Call& call) -> Reply {
                      const auto& name = call.path.at("name");
                      auto& connections = call.state.workspace->connections();
                      connections.GetDatabase(name);  // 404 listing the known names
                      return {200, {{"deleted", connections.DeleteDatabase(name)}}};
                    }});
  routes.push_back({"POST",
                    base + "/{name}/test",
                    tag,
                    "Connect for real and report what answered (ok false with the reason)",
                    nullptr,
                    Object({{"ok", Bool()},
                            {"message", Str()},
                            {"server_version", Str()},
                            {"latency_ms", {{"type", "number"}}}}),
                    {},
                    true,
                    Test});
  routes.push_back({"GET",
                    base + "/{name}/schemas",
                    tag,
                    "The schemas of the database",
                    nullptr,
                    ArrayOf(Str()),
                    {},
                    true,
                    [](Call& call) -> Reply {
                      return {200, list_database_schemas(call.path.at("name"))};
                    }});
  routes.push_back({"GET",
                    base + "/{name}/tables",
                    tag,
                    "The tables of a schema",
                    nullptr,
                    ArrayOf(Object({{"name", Str()}, {"kind", Str()}})),
                    {{"schema", "string", false, "schema name (default: the database's own)"}},
                    true,
                    [](Call& call) -> Reply {
                      Json out = Json::array();
                      for (const auto& t :
                           list_database_tables(call.path.at("name"), call.Query("schema")))
                        out.push_back({{"name", t}, {"kind", "table"}});
                      return {200, std::move(out)};
                    }});
  routes.push_back({"GET",
                    base + "/{name}/preview",
                    tag,
                    "The first rows of a table",
                    nullptr,
                    PreviewSchema(),
                    {{"schema", "string", false, "schema name"},
                     {"table", "string", true, "table name"},
                     {"limit", "integer", false, "rows, 1-10000 (default 100)"}},
                    true,
                    Preview});
}

}  // namespace ff::server
