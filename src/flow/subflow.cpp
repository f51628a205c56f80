#include "flow/subflow.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include "flow/flow_build.hpp"
#include "flow/nodes/settings.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/flow.hpp"

namespace ff::flow {

using nlohmann::json;
using namespace settings;

namespace {

struct Binding {
  std::string name;
  std::string source;  // default | constant | column
  std::string constant;
  std::string column;
};

using RunParams = std::map<std::string, std::string>;

// Everything a run_flow node needs to run its sub-flow: the opened file, its interface, and
// the parameter values of every run.
struct SubflowCall {
  std::shared_ptr<Flow> child;
  std::string path;
  std::vector<std::string> chain;                  // flow files above the sub-flow, outermost first
  std::map<std::string, int64_t> inputs, outputs;  // port name -> node id in the sub-flow
  std::vector<std::string> input_slots, output_slots;
  std::vector<Binding> bindings;
  bool iterate = false;
  bool metadata = true;
  std::vector<RunParams> runs;
};

std::string ShortName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

std::string ResolveFlowPath(const NodeContext& c) {
  const json ref = c.settings().value("flow_reference", json());
  std::string path;
  if (ref.is_string()) path = ref.get<std::string>();
  if (ref.is_object()) path = Str(c, ref, "flow_path");
  if (path.empty()) {
    if (ref.is_object() && ref.contains("registration_id") &&
        !ref.at("registration_id").is_null()) {
      throw Error(ErrorCode::kUnsupported,
                  c.node().Label() + ": flow_reference names catalog flow registration " +
                      ref.at("registration_id").dump() +
                      ", and flow registrations are not kept here; set flow_reference.flow_path "
                      "to the flow file");
    }
    c.Fail("flow_reference", "names no flow file; set flow_reference.flow_path");
  }
  std::filesystem::path file(path);
  if (file.is_relative() && !c.scope().flow_path.empty()) {
    file = std::filesystem::path(c.scope().flow_path).parent_path() / file;
  } else if (file.is_relative()) {
    file = c.ResolvePath(path);
  }
  return std::filesystem::weakly_canonical(std::filesystem::absolute(file)).string();
}

void CheckRecursion(const NodeContext& c, SubflowCall& call) {
  call.chain = c.scope().ancestry;
  if (!c.scope().flow_path.empty()) call.chain.push_back(c.scope().flow_path);
  const bool loops = std::find(call.chain.begin(), call.chain.end(), call.path) != call.chain.end();
  if (loops || call.chain.size() > kMaxSubflowDepth) {
    std::string chain;
    for (const std::string& p : call.chain) chain += ShortName(p) + " → ";
    chain += ShortName(call.path);
    throw Error(ErrorCode::kInvalidArgument,
                c.node().Label() +
                    (loops ? ": sub-flow recursion (" + chain +
                                 "): a flow cannot run itself, directly or through the flows "
                                 "it runs"
                           : ": sub-flows nest deeper than " + std::to_string(kMaxSubflowDepth) +
                                 " levels (" + chain + ")"));
  }
}

void ReadInterface(const NodeContext& c, SubflowCall& call) {
  std::vector<const FlowNodeModel*> nodes;
  for (const FlowNodeModel& n : call.child->model().nodes) nodes.push_back(&n);
  std::sort(nodes.begin(), nodes.end(), [](auto* a, auto* b) { return a->id < b->id; });
  std::vector<std::string> input_order;
  for (const FlowNodeModel* n : nodes) {
    const json& s = call.child->model().Settings(*n);
    if (n->type == "flow_input") {
      const std::string name = Str(c, s, "input_name", "input");
      call.inputs[name] = n->id;
      input_order.push_back(name);
    } else if (n->type == "flow_output") {
      call.outputs[Str(c, s, "output_name", "output")] = n->id;
    }
  }
  call.input_slots = StrList(c, c.settings(), "input_slots");
  if (call.input_slots.empty()) call.input_slots = input_order;
  call.output_slots = StrList(c, c.settings(), "output_slots");
  std::string stale;
  for (const std::string& s : call.input_slots) {
    if (!call.inputs.count(s)) stale += (stale.empty() ? "" : ", ") + s;
  }
  for (const std::string& s : call.output_slots) {
    if (!call.outputs.count(s)) stale += (stale.empty() ? "" : ", ") + s;
  }
  if (!stale.empty()) {
    c.Fail("input_slots", "the sub-flow '" + ShortName(call.path) +
                              "' has no flow_input/flow_output named " + stale +
                              "; its ports are the flow_input and flow_output nodes' names");
  }
}

void ReadBindings(const NodeContext& c, SubflowCall& call) {
  std::vector<std::string> known;
  for (const FlowParameter& p : call.child->parameters()) known.push_back(p.name);
  const json list = c.settings().value("parameter_bindings", json::array());
  for (const json& b : list.is_array() ? list : json::array()) {
    Binding binding{Str(c, b, "parameter_name"), Str(c, b, "source", "default"),
                    Str(c, b, "constant_value"), Str(c, b, "column_name")};
    OneOf(c, "parameter_bindings.source", binding.source, {"default", "constant", "column"});
    if (std::find(known.begin(), known.end(), binding.name) == known.end()) {
      std::string message =
          "the sub-flow '" + ShortName(call.path) + "' has no parameter '" + binding.name + "'";
      if (auto close = DidYouMean(binding.name, known))
        message += "; did you mean '" + *close + "'?";
      c.Fail("parameter_bindings", message);
    }
    if (binding.source == "column" && binding.column.empty()) {
      c.Fail("parameter_bindings", "'" + binding.name + "' is bound to a column but names none");
    }
    call.bindings.push_back(std::move(binding));
  }
}

const FlowFrame* InputOnPort(const NodeContext& c, int port) {
  const NodeInputs& in = c.inputs();
  for (size_t i = 0; i < in.main.size() && i < in.main_ports.size(); ++i) {
    if (in.main_ports[i] == port) return &in.main[i];
  }
  return nullptr;
}

std::string CellText(const Value& v) { return v.is_null() ? "" : v.ToString(); }

void PlanRuns(const NodeContext& c, SubflowCall& call) {
  RunParams base;
  std::vector<const Binding*> columns;
  for (const Binding& b : call.bindings) {
    if (b.source == "constant") base[b.name] = b.constant;
    if (b.source == "column") columns.push_back(&b);
  }
  const FlowFrame* data = InputOnPort(c, 0);
  if (data == nullptr || columns.empty()) {
    call.runs = {base};
    return;
  }
  const DataFrame rows = data->head(call.iterate ? kMaxSubflowRuns + 1 : 1).collect();
  const std::vector<std::string> names = rows.columns();
  for (const Binding* b : columns) {
    if (std::find(names.begin(), names.end(), b->column) == names.end()) {
      ThrowUnknownName("column of the parameter input", b->column, names);
    }
  }
  if (rows.height() > kMaxSubflowRuns) {
    c.Fail("iteration_mode", "the parameter input has more than " +
                                 std::to_string(kMaxSubflowRuns) + " rows; refusing to iterate");
  }
  if (rows.height() == 0) {
    if (!call.iterate) call.runs = {base};
    return;
  }
  for (int64_t r = 0; r < rows.height(); ++r) {
    RunParams run = base;
    for (const Binding* b : columns) run[b->name] = CellText(rows.column(b->column)[r]);
    call.runs.push_back(std::move(run));
  }
}

SubflowCall Prepare(const NodeContext& c) {
  SubflowCall call;
  call.path = ResolveFlowPath(c);
  CheckRecursion(c, call);
  try {
    call.child = std::make_shared<Flow>(Flow::Open(call.path));
  } catch (const Error& e) {
    throw Error(e.code(), c.node().Label() + ": " + e.what());
  }
  ReadInterface(c, call);
  ReadBindings(c, call);
  const std::string mode = Str(c, c.settings(), "iteration_mode", "first_value");
  OneOf(c, "iteration_mode", mode, {"first_value", "iterate"});
  call.iterate = mode == "iterate";
  call.metadata = call.iterate && Bool(c, c.settings(), "append_run_metadata", true);
  PlanRuns(c, call);
  return call;
}

// The sub-flow's builder for one run: its parameters, and the caller's frames in its inputs.
std::unique_ptr<FlowBuilder> ChildBuilder(const NodeContext& c, const SubflowCall& call,
                                          const RunParams& params, size_t run,
                                          FlowRunOptions& options) {
  options.params = params;
  options.base_dir = c.base_dir();
  options.dry_run = c.scope().dry_run;
  try {
    ResolveParameters(call.child->parameters(), params);
  } catch (const Error& e) {
    throw Error(e.code(), c.node().Label() + ": run " + std::to_string(run) + " of '" +
                              ShortName(call.path) + "': " + e.what());
  }
  RunScope scope;
  scope.flow_path = call.path;
  scope.ancestry = call.chain;
  scope.dry_run = c.scope().dry_run;
  scope.run_id = c.scope().run_id;  // one run, however deep its sub-flows go
  for (size_t i = 0; i < call.input_slots.size(); ++i) {
    if (const FlowFrame* frame = InputOnPort(c, static_cast<int>(i) + 1)) {
      scope.inputs.insert_or_assign(call.inputs.at(call.input_slots[i]), *frame);
    }
  }
  return std::make_unique<FlowBuilder>(call.child->model(), options, std::move(scope));
}

std::string Unique(std::string name, const std::vector<std::string>& taken) {
  while (std::find(taken.begin(), taken.end(), name) != taken.end()) name = "_" + name;
  return name;
}

FlowFrame WithMetadata(const SubflowCall& call, const FlowFrame& frame, const RunParams& params,
                       size_t run) {
  std::vector<std::string> taken;
  for (const Field& f : frame.schema()) taken.push_back(f.name);
  const ParameterValues typed = ResolveParameters(call.child->parameters(), params);
  std::map<std::string, std::string> types;
  for (const FlowParameter& p : call.child->parameters()) types[p.name] = p.type;
  std::vector<Expr> columns;
  for (const Binding& b : call.bindings) {
    if (b.source == "default") continue;
    const std::string type = types[b.name];
    const json& v = typed.at(b.name);
    DataType dtype = DataType::Named(type == "integer"   ? "Int64"
                                     : type == "float"   ? "Float64"
                                     : type == "boolean" ? "Boolean"
                                                         : "String");
    Expr value = v.is_null()             ? lit_null()
                 : v.is_boolean()        ? lit(Literal{v.get<bool>()})
                 : v.is_number_integer() ? lit(Literal{v.get<int64_t>()})
                 : v.is_number_float()   ? lit(Literal{v.get<double>()})
                                         : lit(Literal{v.get<std::string>()});
    columns.push_back(value.cast(dtype).alias(Unique("param_" + b.name, taken)));
  }
  columns.push_back(lit(Literal{static_cast<int64_t>(run)})
                        .cast(DataType::Named("UInt32"))
                        .alias(Unique("run_index", taken)));
  return frame.with_columns(columns);
}

FlowFrame Summary(const SubflowCall& call, const NodeContext& c) {
  std::vector<std::pair<std::string, std::vector<Value>>> columns = {{"run_index", {}},
                                                                     {"success", {}}};
  std::map<std::string, DataType> types = {{"run_index", DataType::Named("Int64")},
                                           {"success", DataType::Named("Boolean")}};
  for (size_t r = 0; r < call.runs.size(); ++r) {
    Value index, ok;
    index.kind = Value::Kind::kInt, index.integer = static_cast<int64_t>(r + 1);
    ok.kind = Value::Kind::kBool, ok.boolean = true;
    columns[0].second.push_back(index);
    columns[1].second.push_back(ok);
    for (const auto& [name, text] : call.runs[r]) {
      auto it = std::find_if(columns.begin(), columns.end(),
                             [&](const auto& entry) { return entry.first == "param_" + name; });
      if (it == columns.end()) {
        columns.emplace_back("param_" + name, std::vector<Value>(r));
        it = columns.end() - 1;
      }
      Value v;
      v.kind = Value::Kind::kString, v.text = text;
      it->second.push_back(v);
    }
    for (auto& entry : columns) entry.second.resize(r + 1);
  }
  return from_columns(columns, types, c.Options());
}

}  // namespace

namespace {

// Without outputs the summary claims success for each run: every node of the sub-flow must at
// least build (nested sub-flows, parameters, settings), as a lazy engine's "it runs".
void CheckEveryRunBuilds(const NodeContext& c, const SubflowCall& call) {
  for (size_t r = 0; r < call.runs.size(); ++r) {
    FlowRunOptions options;
    auto builder = ChildBuilder(c, call, call.runs[r], r + 1, options);
    for (const FlowNodeModel& node : call.child->model().nodes) {
      if (node.type != "explore_data") builder->Build(node.id);
    }
  }
}

}  // namespace

std::vector<FlowFrame> BuildRunFlow(const NodeContext& c) {
  const SubflowCall call = Prepare(c);
  if (call.output_slots.empty()) {
    CheckEveryRunBuilds(c, call);
    return {Summary(call, c)};
  }
  const bool none = call.runs.empty();
  const std::vector<RunParams> runs = none ? std::vector<RunParams>{RunParams{}} : call.runs;
  std::vector<std::vector<FlowFrame>> per_slot(call.output_slots.size());
  for (size_t r = 0; r < runs.size(); ++r) {
    FlowRunOptions options;
    auto builder = ChildBuilder(c, call, runs[r], r + 1, options);
    for (size_t i = 0; i < call.output_slots.size(); ++i) {
      const FlowNodeModel& out = call.child->model().Node(call.outputs.at(call.output_slots[i]));
      if (out.main.empty()) {
        c.Fail("output_slots", "the sub-flow's output '" + call.output_slots[i] + "' (" +
                                   out.Label() + ") has no input connected inside '" +
                                   ShortName(call.path) + "'");
      }
      FlowFrame frame = builder->Output(out.id, 0);
      if (call.metadata) frame = WithMetadata(call, frame, runs[r], r + 1);
      per_slot[i].push_back(none ? frame.head(0) : frame);
    }
  }
  std::vector<FlowFrame> outputs;
  for (auto& frames : per_slot) {
    outputs.push_back(frames.size() == 1 ? frames[0]
                                         : concat(frames, "diagonal_relaxed", c.Options()));
  }
  return outputs;
}

int64_t RunSubflowWriters(const NodeContext& c) {
  const SubflowCall call = Prepare(c);
  for (size_t r = 0; r < call.runs.size(); ++r) {
    FlowRunOptions options;
    auto builder = ChildBuilder(c, call, call.runs[r], r + 1, options);
    const FlowRunResult result = RunNodes(call.child->model(), *builder, options);
    if (!result.ok) {
      throw Error(ErrorCode::kInvalidArgument,
                  c.node().Label() + ": sub-flow '" + ShortName(call.path) + "' run " +
                      std::to_string(r + 1) + "/" + std::to_string(call.runs.size()) +
                      " failed: " + result.error);
    }
  }
  return -1;
}

}  // namespace ff::flow
