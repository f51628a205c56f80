// Flow runs: POST /api/v1/flows/run starts one off the request threads; its status, its
// events as Server-Sent Events, and cancelling it.
#include <httplib.h>

#include "api.hpp"
#include "flow_paths.hpp"
#include "flowfile/flow.hpp"
#include "run_registry.hpp"
#include "schema_helpers.hpp"

namespace ff::server {

namespace {

// How long a stream waits for the next event before it sends a keep-alive comment (which
// also finds readers that went away).
constexpr int kKeepAliveMs = 1000;

size_t FirstEvent(const Call& call) {
  const std::string last = call.http.get_header_value("Last-Event-ID");
  if (last.empty()) return 0;
  try {
    return static_cast<size_t>(std::stoull(last)) + 1;
  } catch (const std::exception&) {
    return 0;
  }
}

Reply Events(Call& call) {
  auto run = call.state.runs->Find(call.path.at("id"));
  size_t next = FirstEvent(call);
  bool over = false;
  run->EventsFrom(next, 0, &over);
  Reply reply;
  if (over && next > 0) {
    // A reader that saw the end and reconnects: 204 tells EventSource to stop.
    reply.respond = [](httplib::Response& r) { r.status = 204; };
    return reply;
  }
  reply.respond = [run, next](httplib::Response& response) mutable {
    response.set_header("Cache-Control", "no-store");
    response.set_header("X-Accel-Buffering", "no");
    response.set_chunked_content_provider(
        "text/event-stream", [run, next](size_t, httplib::DataSink& sink) mutable {
          bool done = false;
          const auto events = run->EventsFrom(next, kKeepAliveMs, &done);
          std::string text;
          for (const auto& [index, event] : events) {
            text += "id: " + std::to_string(index) +
                    "\ndata: " + event.dump(-1, ' ', false, Json::error_handler_t::replace) +
                    "\n\n";
            next = index + 1;
          }
          if (text.empty()) text = ": keep-alive\n\n";
          if (!sink.write(text.data(), text.size())) return false;
          if (done) sink.done();
          return true;
        });
  };
  return reply;
}

}  // namespace

void AddRunRoutes(std::vector<Route>& routes) {
  using namespace schema;
  const std::string tag = "runs";
  const Json summary = Object({{"id", Str()},
                               {"status", Str()},
                               {"name", Str()},
                               {"started_at", Str()},
                               {"seconds", {{"type", "number"}}},
                               {"nodes", OpenObject()},
                               {"error", Str()}});
  routes.push_back(
      {.method = "POST",
       .path = "/api/v1/flows/run",
       .tag = tag,
       .summary = "Start a run of a flow file or of canvas JSON (optionally up to one node); "
                  "canvas JSON with the 'path' it was opened from runs as that file (relative "
                  "paths beside it, catalog writes attributed to it)",
       .request_schema = Object({{"path", Str()}, {"flow", OpenObject()}, {"up_to_node", Int()}}),
       .response_schema = Object({{"run_id", Str()}}),
       .handler = [](Call& call) -> Reply {
         FlowRunOptions options;
         Flow flow = FlowFromBody(call, &options);
         std::optional<int64_t> up_to;
         if (call.body.contains("up_to_node")) {
           up_to = call.body.at("up_to_node").get<int64_t>();
           flow.node(*up_to);  // 404 naming the closest ids, before the run starts
         }
         auto run = call.state.runs->Start(std::move(flow), up_to, std::move(options));
         return {202, {{"run_id", run->id()}}};
       }});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/runs/{id}",
                    .tag = tag,
                    .summary = "A run's status and each node's state so far",
                    .response_schema = summary,
                    .handler = [](Call& call) -> Reply {
                      return {200, call.state.runs->Find(call.path.at("id"))->Summary()};
                    }});
  routes.push_back(
      {.method = "GET",
       .path = "/api/v1/runs/{id}/events",
       .tag = tag,
       .summary = "The run's events as Server-Sent Events (text/event-stream): each data line is "
                  "{type: run_started | node_started | node_finished | node_error | log | "
                  "run_finished | run_failed | run_cancelled, node_id?, rows?, ms?, error?, "
                  "message?}; Last-Event-ID resumes",
       .response_schema = {{"type", "string"}, {"contentMediaType", "text/event-stream"}},
       .handler = Events});
  routes.push_back({.method = "POST",
                    .path = "/api/v1/runs/{id}/cancel",
                    .tag = tag,
                    .summary = "Cancel a run (interrupts the query running now)",
                    .response_schema = Object({{"id", Str()}, {"status", Str()}}),
                    .handler = [](Call& call) -> Reply {
                      auto run = call.state.runs->Find(call.path.at("id"));
                      run->Cancel();
                      return {200, {{"id", run->id()}, {"status", run->status()}}};
                    }});
}

}  // namespace ff::server
