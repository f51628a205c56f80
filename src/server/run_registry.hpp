// Flow runs started from the web app: each runs on a thread of its own (never a request
// thread), records its events (node started/finished/error, log lines, the end) for any
// number of Server-Sent Events readers, and can be cancelled.
//
// Contract:
//  - Start() returns at once with the run's id; the run owns a copy of the flow.
//  - Events are numbered from 0 and kept for the run's lifetime (a reader that reconnects
//    resumes after the last id it saw). The last event is run_finished, run_failed or
//    run_cancelled, and then the run is over.
//  - Cancel() interrupts the engine (flowfile/cancel.hpp); the node it stopped reports
//    node_error, the run run_cancelled.
//  - The registry keeps the last 50 finished runs; destroying it cancels and joins the rest.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api.hpp"
#include "flowfile/cancel.hpp"
#include "flowfile/flow.hpp"

namespace ff::server {

class FlowRun {
 public:
  //! `options`: base_dir and flow_path of the run (its id becomes the lineage run id).
  FlowRun(std::string id, Flow flow, std::optional<int64_t> up_to_node,
          FlowRunOptions options = {});
  const std::string& id() const { return id_; }
  //! "running" | "finished" | "failed" | "cancelled"
  std::string status() const;
  //! {"id", "status", "name", "started_at", "seconds", "nodes": {id: {...}}, "error"?}
  Json Summary() const;
  //! Events with index >= `from`, waiting up to `wait_ms` for one when there is none yet.
  //! `over` is set when the run has ended and no event is left after these.
  std::vector<std::pair<size_t, Json>> EventsFrom(size_t from, int wait_ms, bool* over) const;
  void Cancel();

  //! The run itself (on its own thread).
  void Execute();

 private:
  void Emit(Json event);
  void RunNode(const FlowNodeInfo& node, const FlowRunOptions& options);
  void Finish(const std::string& status, const std::string& error);

  std::string id_;
  Flow flow_;
  std::optional<int64_t> up_to_node_;
  FlowRunOptions options_;
  CancelToken cancel_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<Json> events_;
  std::map<int64_t, Json> node_state_;
  std::string status_ = "running";
  std::string error_;
  double started_ = 0;  // steady seconds
  double seconds_ = 0;
  std::string started_at_;
};

class RunRegistry {
 public:
  RunRegistry() = default;
  ~RunRegistry();
  std::shared_ptr<FlowRun> Start(Flow flow, std::optional<int64_t> up_to_node,
                                 FlowRunOptions options = {});
  //! The run, or ApiError(404) naming the id.
  std::shared_ptr<FlowRun> Find(const std::string& id) const;
  //! Cancels every run and waits for their threads (server shutdown).
  void StopAll();

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<FlowRun>> runs_;
  std::vector<std::string> order_;
  bool stopped_ = false;
};

}  // namespace ff::server
