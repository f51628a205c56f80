// GET /api/v1/audit: the audit log, newest first (names and outcomes, never values).
#include "api.hpp"
#include "flowfile/audit.hpp"
#include "flowfile/workspace.hpp"
#include "schema_helpers.hpp"

namespace ff::server {

void AddAuditRoutes(std::vector<Route>& routes) {
  using namespace schema;
  const Json event = Object({{"id", Int()},
                             {"timestamp", Str()},
                             {"time", Str()},
                             {"actor", Str()},
                             {"action", Str()},
                             {"object_kind", Str()},
                             {"object_name", Str()},
                             {"outcome", Str()}});
  routes.push_back({"GET",
                    "/api/v1/audit",
                    "audit",
                    "Audit events, newest first",
                    nullptr,
                    ArrayOf(event),
                    {{"limit", "integer", false, "events, 1-10000 (default 100)"},
                     {"name", "string", false, "only events about this object name"}},
                    true,
                    [](Call& call) -> Reply {
                      const auto limit = call.IntQuery("limit", 1, 10000).value_or(100);
                      Json out = Json::array();
                      for (const auto& e : call.state.workspace->audit().List(
                               static_cast<size_t>(limit), call.Query("name"))) {
                        out.push_back({{"id", e.id},
                                       {"timestamp", e.time},
                                       {"time", e.time},
                                       {"actor", e.actor},
                                       {"action", e.action},
                                       {"object_kind", e.object_kind},
                                       {"object_name", e.object_name},
                                       {"outcome", e.outcome}});
                      }
                      return {200, std::move(out)};
                    }});
}

}  // namespace ff::server
