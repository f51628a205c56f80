// /api/v1/secrets: named secrets, write-only. No route returns a value: names and times only.
#include "api.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/secrets.hpp"
#include "flowfile/workspace.hpp"
#include "schema_helpers.hpp"

namespace ff::server {

void AddSecretRoutes(std::vector<Route>& routes) {
  using namespace schema;
  const std::string tag = "secrets";
  routes.push_back(
      {"GET",
       "/api/v1/secrets",
       tag,
       "Secret names and times (never values)",
       nullptr,
       ArrayOf(Object({{"name", Str()}, {"created_at", Str()}, {"updated_at", Str()}})),
       {},
       true,
       [](Call& call) -> Reply {
         Json out = Json::array();
         for (const auto& s : call.state.workspace->secrets().List()) {
           out.push_back(
               {{"name", s.name}, {"created_at", s.created_at}, {"updated_at", s.updated_at}});
         }
         return {200, std::move(out)};
       }});
  routes.back().light = true;
  routes.push_back({"PUT",
                    "/api/v1/secrets/{name}",
                    tag,
                    "Create or replace a secret's value",
                    Object({{"value", Str()}}, {"value"}),
                    Object({{"created", Bool()}}),
                    {},
                    true,
                    [](Call& call) -> Reply {
                      const Secret value(call.body["value"].get_ref<const std::string&>());
                      const bool created =
                          call.state.workspace->secrets().Set(call.path.at("name"), value);
                      return {200, {{"created", created}}};
                    }});
  routes.push_back({"DELETE",
                    "/api/v1/secrets/{name}",
                    tag,
                    "Delete a secret",
                    nullptr,
                    Object({{"deleted", Bool()}}),
                    {},
                    true,
                    [](Call& call) -> Reply {
                      auto& secrets = call.state.workspace->secrets();
                      const auto& name = call.path.at("name");
                      if (!secrets.Exists(name)) {
                        std::vector<std::string> known;
                        for (const auto& s : secrets.List()) known.push_back(s.name);
                        ThrowUnknownName("secret", name, known);
                      }
                      return {200, {{"deleted", secrets.Delete(name)}}};
                    }});
}

}  // namespace ff::server
