// /api/v1/connections/cloud: named cloud-storage connections. Secret fields
// (aws_secret_access_key, ...) are write-only: the info lists which are set, never values.
#include "api.hpp"
#include "flowfile/cloud_frames.hpp"
#include "flowfile/connection_test.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"
#include "schema_helpers.hpp"

namespace ff::server {
namespace {

// The plain fields, shared by CloudStorageConnection and its Info by name.
template <class T>
std::vector<std::pair<const char*, std::string T::*>> TextFields() {
  return {{"storage_type", &T::storage_type},
          {"auth_method", &T::auth_method},
          {"endpoint_url", &T::endpoint_url},
          {"aws_region", &T::aws_region},
          {"aws_access_key_id", &T::aws_access_key_id},
          {"aws_role_arn", &T::aws_role_arn},
          {"azure_account_name", &T::azure_account_name},
          {"azure_tenant_id", &T::azure_tenant_id},
          {"azure_client_id", &T::azure_client_id},
          {"gcs_project_id", &T::gcs_project_id}};
}
template <class T>
std::vector<std::pair<const char*, bool T::*>> FlagFields() {
  return {{"verify_ssl", &T::verify_ssl}, {"aws_allow_unsafe_html", &T::aws_allow_unsafe_html}};
}

Json InfoJson(const CloudStorageConnectionInfo& c) {
  Json out = {{"connection_name", c.connection_name}};
  for (const auto& [name, member] : TextFields<CloudStorageConnectionInfo>()) out[name] = c.*member;
  for (const auto& [name, member] : FlagFields<CloudStorageConnectionInfo>()) out[name] = c.*member;
  out["scopes"] = c.scopes;
  out["secret_fields_set"] = c.secret_fields_set;
  out["secret_field_refs"] = c.secret_field_refs;
  out["created_at"] = c.created_at;
  out["updated_at"] = c.updated_at;
  return out;
}

Json InfoSchema() {
  using namespace schema;
  Json s = Object({{"connection_name", Str()},
                   {"scopes", ArrayOf(Str())},
                   {"secret_fields_set", ArrayOf(Str())},
                   {"secret_field_refs", OpenObject()},
                   {"created_at", Str()},
                   {"updated_at", Str()}});
  for (const auto& [name, m] : TextFields<CloudStorageConnectionInfo>())
    s["properties"][name] = Str();
  for (const auto& [name, m] : FlagFields<CloudStorageConnectionInfo>())
    s["properties"][name] = Bool();
  return s;
}

Json BodySchema(bool create) {
  using namespace schema;
  Json s = Object({{"scopes", ArrayOf(Str())}});
  for (const auto& [name, m] : TextFields<CloudStorageConnection>()) s["properties"][name] = Str();
  for (const auto& [name, m] : FlagFields<CloudStorageConnection>()) s["properties"][name] = Bool();
  for (const auto& name : CloudSecretFieldNames()) s["properties"][name] = Nullable(Str());
  if (create) {
    s["properties"]["connection_name"] = Str();
    s["required"] = {"connection_name", "storage_type"};
  }
  return s;
}

// Overlays the body's fields on `c`; secret fields absent, null or "" keep the stored value.
void Apply(const Json& b, CloudStorageConnection& c) {
  for (const auto& [name, member] : TextFields<CloudStorageConnection>())
    if (b.contains(name)) c.*member = b[name].get<std::string>();
  for (const auto& [name, member] : FlagFields<CloudStorageConnection>())
    if (b.contains(name)) c.*member = b[name].get<bool>();
  if (b.contains("scopes")) c.scopes = b["scopes"].get<std::vector<std::string>>();
  for (const auto& name : CloudSecretFieldNames()) {
    if (b.contains(name) && b[name].is_string()) {
      *CloudSecretField(c, name) = Secret(b[name].get_ref<const std::string&>());
    }
  }
}

Reply Create(Call& call) {
  CloudStorageConnection c;
  c.connection_name = call.body.value("connection_name", std::string());
  Apply(call.body, c);
  return {200, InfoJson(call.state.workspace->connections().CreateCloud(c))};
}

Reply Update(Call& call) {
  auto& connections = call.state.workspace->connections();
  const auto info = connections.GetCloud(call.path.at("name"));
  CloudStorageConnection c;
  c.connection_name = info.connection_name;
  // Both tables list the same fields in the same order.
  const auto to = TextFields<CloudStorageConnection>();
  const auto from = TextFields<CloudStorageConnectionInfo>();
  for (size_t i = 0; i < to.size(); ++i) c.*(to[i].second) = info.*(from[i].second);
  c.verify_ssl = info.verify_ssl;
  c.aws_allow_unsafe_html = info.aws_allow_unsafe_html;
  c.scopes = info.scopes;
  Apply(call.body, c);
  return {200, InfoJson(connections.UpdateCloud(c))};
}

Reply Test(Call& call) {
  const auto& name = call.path.at("name");
  call.state.workspace->connections().GetCloud(name);  // 404 for an unknown name
  try {
    const auto r = TestConnection(*call.state.workspace, name, "cloud");
    return {200,
            {{"ok", true},
             {"message", r.detail},
             {"server_version", r.server_version},
             {"latency_ms", r.elapsed_ms}}};
  } catch (const Error& e) {
    return {200, {{"ok", false}, {"message", e.what()}, {"server_version", ""}, {"latency_ms", 0}}};
  }
}

Reply List(Call& call) {
  const auto objects = list_cloud_objects(call.path.at("name"), call.RequiredQuery("path"),
                                          {.recursive = false, .limit = 1000});
  Json out = Json::array();
  for (const auto& o : objects) {
    out.push_back({{"path", o.url},
                   {"size", o.size},
                   {"is_dir", o.is_folder},
                   {"last_modified", o.last_modified}});
  }
  return {200, std::move(out)};
}

}  // namespace

void AddCloudRoutes(std::vector<Route>& routes) {
  using namespace schema;
  const std::string base = "/api/v1/connections/cloud";
  const std::string tag = "cloud connections";
  routes.push_back({"GET",
                    base,
                    tag,
                    "List cloud connections (never their secret fields)",
                    nullptr,
                    ArrayOf(InfoSchema()),
                    {},
                    true,
                    [](Call& call) -> Reply {
                      Json out = Json::array();
                      for (const auto& c : call.state.workspace->connections().ListClouds())
                        out.push_back(InfoJson(c));
                      return {200, std::move(out)};
                    }});
  routes.back().light = true;
  routes.push_back({"POST",
                    base,
                    tag,
                    "Create a cloud connection",
                    BodySchema(true),
                    InfoSchema(),
                    {},
                    true,
                    Create});
  routes.push_back(
      {"GET",
       base + "/{name}",
       tag,
       "One cloud connection",
       nullptr,
       InfoSchema(),
       {},
       true,
       [](Call& call) -> Reply {
         return {200, InfoJson(call.state.workspace->connections().GetCloud(call.path.at("name")))};
       }});
  routes.push_back({"PUT",
                    base + "/{name}",
                    tag,
                    "Change fields of a cloud connection (omitted fields and omitted, null or "
                    "empty secret fields keep their value)",
                    BodySchema(false),
                    InfoSchema(),
                    {},
                    true,
                    Update});
  routes.push_back({"DELETE",
                    base + "/{name}",
                    tag,
                    "Delete a cloud connection",
                    nullptr,
                    Object({{"deleted", Bool()}}),
                    {},
                    true,
                    [](Call& call) -> Reply {
                      const auto& name = call.path.at("name");
                      auto& connections = call.state.workspace->connections();
                      connections.GetCloud(name);
                      return {200, {{"deleted", connections.DeleteCloud(name)}}};
                    }});
  routes.push_back({"POST",
                    base + "/{name}/test",
                    tag,
                    "Test the connection (ok false with the reason)",
                    nullptr,
                    Object({{"ok", Bool()},
                            {"message", Str()},
                            {"server_version", Str()},
                            {"latency_ms", {{"type", "number"}}}}),
                    {},
                    true,
                    Test});
  routes.push_back(
      {"GET",
       base + "/{name}/list",
       tag,
       "Objects and folders directly under a prefix (at most 1000)",
       nullptr,
       ArrayOf(Object(
           {{"path", Str()}, {"size", Int()}, {"is_dir", Bool()}, {"last_modified", Str()}})),
       {{"path", "string", true, "s3://bucket/prefix/"}},
       true,
       List});
}

}  // namespace ff::server
