#include "run_registry.hpp"

#include <chrono>
#include <ctime>
#include <random>
#include <set>

#include "flowfile/errors.hpp"
#include "flowfile/expr.hpp"
#include "iso_time.hpp"
#include "request_warnings.hpp"

namespace ff::server {
namespace {

using Clock = std::chrono::steady_clock;

double Now() { return std::chrono::duration<double>(Clock::now().time_since_epoch()).count(); }

std::string UtcNow() { return IsoTime(std::time(nullptr)); }

std::string NewRunId() {
  static std::mutex mutex;
  static std::mt19937_64 random{std::random_device{}()};
  std::lock_guard lock(mutex);
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(random()));
  return text;
}

int64_t CountRows(const FlowFrame& frame) {
  const DataFrame counted = frame.select({len().alias("n")}).collect();
  const Value v = counted.row(0).at(0);
  return v.kind == Value::Kind::kUInt ? static_cast<int64_t>(v.unsigned_integer) : v.integer;
}

// Sinks run through Flow::Run; every other node is collected (counted) on its own, so each
// node on the canvas gets a status, a row count and a time.
bool IsSink(const std::string& type) {
  try {
    return node_type(type).group == "output";
  } catch (const Error&) {
    return false;  // frame steps saved by save_graph (explode, cache) transform
  }
}

std::string NodeName(const FlowNodeInfo& node) {
  return "node " + std::to_string(node.id) + " (" + node.type +
         (node.description.empty() ? "" : " '" + node.description + "'") + ")";
}

}  // namespace

FlowRun::FlowRun(std::string id, Flow flow, std::optional<int64_t> up_to_node,
                 FlowRunOptions options)
    : id_(std::move(id)),
      flow_(std::move(flow)),
      up_to_node_(up_to_node),
      options_(std::move(options)) {
  options_.run_id = id_;  // catalog lineage names the run the UI showed
  started_ = Now();
  started_at_ = UtcNow();
}

std::string FlowRun::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

Json FlowRun::Summary() const {
  std::lock_guard lock(mutex_);
  Json nodes = Json::object();
  for (const auto& [id, state] : node_state_) nodes[std::to_string(id)] = state;
  Json out = {{"id", id_},
              {"status", status_},
              {"name", flow_.name()},
              {"started_at", started_at_},
              {"seconds", status_ == "running" ? Now() - started_ : seconds_},
              {"nodes", std::move(nodes)}};
  if (!error_.empty()) out["error"] = error_;
  return out;
}

std::vector<std::pair<size_t, Json>> FlowRun::EventsFrom(size_t from, int wait_ms,
                                                         bool* over) const {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, std::chrono::milliseconds(wait_ms),
                    [&] { return events_.size() > from || status_ != "running"; });
  std::vector<std::pair<size_t, Json>> out;
  for (size_t i = from; i < events_.size(); ++i) out.emplace_back(i, events_[i]);
  *over = status_ != "running";
  return out;
}

void FlowRun::Cancel() { cancel_.Cancel(); }

void FlowRun::Emit(Json event) {
  event["run_id"] = id_;
  event["time"] = UtcNow();
  {
    std::lock_guard lock(mutex_);
    if (event.contains("node_id")) {
      Json& state = node_state_[event.at("node_id").get<int64_t>()];
      const std::string type = event.at("type");
      state["status"] = type == "node_started" ? "running" : type == "node_error" ? "error" : "ok";
      for (const char* key : {"rows", "ms", "error"}) {
        if (event.contains(key)) state[key] = event.at(key);
      }
    }
    events_.push_back(std::move(event));
  }
  changed_.notify_all();
}

void FlowRun::RunNode(const FlowNodeInfo& node, const FlowRunOptions& options) {
  Emit({{"type", "node_started"}, {"node_id", node.id}});
  const double start = Now();
  try {
    const int64_t rows = CountRows(flow_.Frame(node.id, options));
    const int64_t ms = static_cast<int64_t>((Now() - start) * 1000);
    Emit({{"type", "node_finished"}, {"node_id", node.id}, {"rows", rows}, {"ms", ms}});
    Emit({{"type", "log"},
          {"message", NodeName(node) + ": " + std::to_string(rows) + " rows in " +
                          std::to_string(ms) + " ms"}});
  } catch (const std::exception& e) {
    const int64_t ms = static_cast<int64_t>((Now() - start) * 1000);
    // A cancelled node says so, not how the engine phrased the interrupted query.
    const std::string why = cancel_.cancelled() ? "cancelled" : e.what();
    Emit({{"type", "node_error"}, {"node_id", node.id}, {"error", why}, {"ms", ms}});
    throw Error(ErrorCode::kEngine, NodeName(node) + ": " + why);
  }
}

void FlowRun::Execute() {
  const std::vector<FlowNodeInfo> nodes = flow_.nodes();
  Emit({{"type", "run_started"}, {"name", flow_.name()}, {"nodes", nodes.size()}});
  WarningCapture warnings;
  CancelScope scope(cancel_);
  FlowRunOptions options = options_;
  std::string failure;
  try {
    if (up_to_node_) {
      RunNode(flow_.node(*up_to_node_), options);
    } else {
      std::set<int64_t> done;
      for (const FlowNodeInfo& node : nodes) {
        if (IsSink(node.type) || node.type == "explore_data") continue;
        if (cancel_.cancelled()) throw Error(ErrorCode::kEngine, "the run was cancelled");
        RunNode(node, options);
        done.insert(node.id);
      }
      options.on_node = [&](const NodeRunReport& r) {
        if (done.count(r.id)) return;
        const int64_t ms = static_cast<int64_t>(r.seconds * 1000);
        if (r.status == "running") {
          Emit({{"type", "node_started"}, {"node_id", r.id}});
        } else if (r.status == "failed") {
          Emit({{"type", "node_error"}, {"node_id", r.id}, {"error", r.error}, {"ms", ms}});
        } else {
          Json event = {
              {"type", "node_finished"}, {"node_id", r.id}, {"ms", ms}, {"status", r.status}};
          if (r.rows) event["rows"] = *r.rows;
          Emit(std::move(event));
        }
      };
      const FlowRunResult result = flow_.Run(options);
      if (!result.ok) failure = result.error;
    }
  } catch (const std::exception& e) {
    failure = e.what();
  }
  for (const std::string& w : warnings.warnings()) {
    Emit({{"type", "log"}, {"level", "warning"}, {"message", w}});
  }
  if (cancel_.cancelled()) {
    Finish("cancelled", "the run was cancelled");
  } else {
    Finish(failure.empty() ? "finished" : "failed", failure);
  }
}

void FlowRun::Finish(const std::string& status, const std::string& error) {
  Emit({{"type", "log"}, {"message", "run " + status + (error.empty() ? "" : ": " + error)}});
  Json event = {{"type", "run_" + status}, {"run_id", id_}, {"time", UtcNow()}};
  if (!error.empty()) event["error"] = error;
  {
    // The last event and the status change together: a reader that sees one sees both.
    std::lock_guard lock(mutex_);
    seconds_ = Now() - started_;
    event["seconds"] = seconds_;
    error_ = error;
    status_ = status;
    events_.push_back(std::move(event));
  }
  changed_.notify_all();
}

RunRegistry::~RunRegistry() { StopAll(); }

std::shared_ptr<FlowRun> RunRegistry::Start(Flow flow, std::optional<int64_t> up_to_node,
                                            FlowRunOptions options) {
  auto run = std::make_shared<FlowRun>(NewRunId(), std::move(flow), up_to_node, std::move(options));
  {
    std::lock_guard lock(mutex_);
    if (stopped_) throw ApiError(409, "conflict", "the server is stopping; no new runs start");
    runs_[run->id()] = run;
    order_.push_back(run->id());
    // Forget the oldest finished runs beyond 50.
    for (size_t i = 0; order_.size() > 50 && i < order_.size();) {
      if (runs_.at(order_[i])->status() != "running") {
        runs_.erase(order_[i]);
        order_.erase(order_.begin() + static_cast<std::ptrdiff_t>(i));
      } else {
        ++i;
      }
    }
  }
  // Detached: the thread holds the run; StopAll() waits for every run to end.
  std::thread([run] { run->Execute(); }).detach();
  return run;
}

std::shared_ptr<FlowRun> RunRegistry::Find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = runs_.find(id);
  if (it == runs_.end()) {
    throw ApiError(404, "not_found", "no run '" + id + "'",
                   "use the run_id POST /api/v1/flows/run returned (the last 50 runs are kept)");
  }
  return it->second;
}

void RunRegistry::StopAll() {
  std::vector<std::shared_ptr<FlowRun>> runs;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    for (const auto& [id, run] : runs_) runs.push_back(run);
  }
  for (const auto& run : runs) run->Cancel();
  for (const auto& run : runs) {
    bool over = false;
    for (int i = 0; i < 300 && !over; ++i) run->EventsFrom(SIZE_MAX, 100, &over);
  }
}

}  // namespace ff::server
