// Flow::Run: every sink, in flow order, each one compiled with its upstream into one query.
#include <chrono>

#include "flow/flow_build.hpp"
#include "flowfile/catalog_frames.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/flow.hpp"

namespace ff {

namespace {

using Clock = std::chrono::steady_clock;

int64_t CountRows(const FlowFrame& frame) {
  const DataFrame counted = frame.select({len().alias("n")}).collect();
  const Value v = counted.row(0).at(0);
  return v.kind == Value::Kind::kUInt ? static_cast<int64_t>(v.unsigned_integer) : v.integer;
}

// What a node does during a run: write (sinks), wait (wait_for's right input), fail
// (types that cannot run anywhere in the flow) or nothing (transforms: they run as part of
// the sinks that read them).
enum class Action { kNone, kSink, kRun, kWait, kSkip };

Action ActionFor(const flow::FlowModel& model, const flow::FlowNodeModel& node) {
  const flow::NodeType* type = flow::FindNodeType(node.type);
  if (node.type == "explore_data") return Action::kSkip;
  // Frame steps saved by save_graph that Flowfile has no node type for (explode, cache).
  if (type == nullptr && model.RawNode(node).contains("flowfile_cpp")) return Action::kNone;
  if (type == nullptr || !type->refusal.empty()) return Action::kSink;  // fails when built
  if (type->sink) return Action::kSink;
  if (type->run) return Action::kRun;
  if (node.type == "wait_for") return Action::kWait;
  return Action::kNone;
}

}  // namespace

namespace flow {

FlowRunResult RunNodes(const FlowModel& model, FlowBuilder& builder,
                       const FlowRunOptions& options) {
  FlowRunResult result;
  for (size_t i : model.order) {
    const flow::FlowNodeModel& node = model.nodes[i];
    const Action action = ActionFor(model, node);
    if (action == Action::kNone) continue;
    NodeRunReport report;
    report.id = node.id;
    report.type = node.type;
    report.description = node.description;
    if (action == Action::kSkip) {
      report.status = "skipped";
      result.nodes.push_back(report);
      if (options.on_node) options.on_node(report);
      continue;
    }
    report.status = "running";
    if (options.on_node) options.on_node(report);
    const auto start = Clock::now();
    try {
      const flow::NodeContext context = builder.Context(node.id);
      const flow::NodeType& type = builder.TypeOf(node);
      if (action == Action::kWait) {
        report.rows = CountRows(context.Right());
        report.status = "ok";
      } else if (action == Action::kRun) {
        const int64_t rows = type.run(context);
        if (rows >= 0) report.rows = rows;
        report.status = options.dry_run ? "dry-run" : "ok";
      } else if (options.dry_run) {
        report.rows = CountRows(context.Main());
        report.status = "dry-run";
      } else {
        const int64_t written = type.sink(context, context.Main());
        if (written >= 0) report.rows = written;
        report.status = "ok";
      }
    } catch (const std::exception& e) {
      report.status = "failed";
      report.error = e.what();
    }
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.nodes.push_back(report);
    if (options.on_node) options.on_node(report);
    if (report.status == "failed") {
      result.ok = false;
      result.failed_node = node.id;
      result.error = report.error;
      break;
    }
  }
  return result;
}

}  // namespace flow

FlowRunResult Flow::Run(const FlowRunOptions& options) const {
  flow::RunScope scope;
  scope.dry_run = options.dry_run;
  scope.run_id = options.run_id.empty() ? NewLineageRunId() : options.run_id;
  flow::FlowBuilder builder(*model_, options, scope);  // throws for a bad parameter value
  return flow::RunNodes(*model_, builder, options);
}

}  // namespace ff
