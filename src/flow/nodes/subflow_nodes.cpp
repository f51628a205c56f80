// Sub-flows: flow_input (a named entry; sample data when the flow runs on its own),
// flow_output (a named exit, passing its input through) and run_flow (src/flow/subflow.cpp).
#include <cctype>

#include "flow/nodes/manual_input.hpp"
#include "flow/nodes/settings.hpp"
#include "flow/subflow.hpp"
#include "flowfile/errors.hpp"

namespace ff::flow {

using nlohmann::json;
using namespace settings;

namespace {

// Flowfile's port names: a letter, then letters, digits and '_'.
void CheckPortName(const NodeContext& c, const std::string& setting, const std::string& name) {
  bool ok = !name.empty() && std::isalpha(static_cast<unsigned char>(name[0]));
  for (char ch : name) ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_');
  if (!ok) {
    c.Fail(setting, "'" + name + "' is not a port name (a letter, then letters, digits or _)");
  }
}

std::vector<FlowFrame> BuildFlowInput(const NodeContext& c) {
  CheckPortName(c, "input_name", Str(c, c.settings(), "input_name", "input"));
  const auto& fed = c.scope().inputs;
  if (auto it = fed.find(c.node().id); it != fed.end()) return {it->second};
  const json& raw = c.Section("raw_data_format");
  if (!raw.contains("columns") || !raw.at("columns").is_array() || raw.at("columns").empty()) {
    c.Fail("raw_data_format",
           "the flow input has no sample data and no run_flow node feeds it; give it sample "
           "data or run this flow from a run_flow node");
  }
  return BuildManualInput(c);
}

std::vector<FlowFrame> BuildFlowOutput(const NodeContext& c) {
  CheckPortName(c, "output_name", Str(c, c.settings(), "output_name", "output"));
  return {c.Main()};
}

json RunFlowSchema() {
  const json binding = SObject(
      "Parameter binding",
      {{"parameter_name", SString("Sub-flow parameter")},
       {"source", SEnum("Value from", {"default", "constant", "column"}, "default")},
       {"constant_value", When(SString("Constant"), "source", {"constant"})},
       {"column_name", When(SColumn("Column of the parameter input"), "source", {"column"})}},
      {"parameter_name"});
  return SObject(
      "Run flow",
      {{"flow_reference",
        SObject("Flow", {{"flow_path", SString("Flow file (relative to this flow)")},
                         {"registration_id", SInt("Catalog registration (not used here)")}})},
       {"input_slots", SArray("Inputs (flow_input names, handle input-1 on)", SString("Name"))},
       {"output_slots", SArray("Outputs (flow_output names, handle output-0 on)", SString("Name"))},
       {"parameter_bindings", SArray("Parameters", binding)},
       {"iteration_mode", SEnum("Runs", {"first_value", "iterate"}, "first_value")},
       {"append_run_metadata", When(SBool("Add run_index and param_ columns (iterate)", true),
                                    "iteration_mode", {"iterate"})}},
      {"flow_reference"});
}

NodeType Type(std::string key, std::string label, std::string group, int min_inputs, int max_inputs,
              json schema, std::function<std::vector<FlowFrame>(const NodeContext&)> build) {
  NodeType t;
  t.key = std::move(key);
  t.label = std::move(label);
  t.group = std::move(group);
  t.min_inputs = min_inputs;
  t.max_inputs = max_inputs;
  t.settings_schema = std::move(schema);
  t.build = std::move(build);
  return t;
}

}  // namespace

void AddSubflowNodes(std::vector<NodeType>& types) {
  types.push_back(Type(
      "flow_input", "Flow input", "input", 0, 0,
      SObject(
          "Flow input",
          {{"input_name", SString("Name", "input")},
           {"raw_data_format",
            SObject("Sample data (used when the flow runs on its own)",
                    {{"columns", SArray("Columns", SObject("Column", {{"name", SString("Name")},
                                                                      {"data_type",
                                                                       SType("Type", "String")}}))},
                     {"data", SArray("Values per column", {{"type", "array"}})}})}}),
      BuildFlowInput));
  NodeType output =
      Type("flow_output", "Flow output", "output", 1, 1,
           SObject("Flow output", {{"output_name", SString("Name", "output")}}), BuildFlowOutput);
  output.outputs = {};
  types.push_back(std::move(output));
  NodeType run = Type("run_flow", "Run flow", "transform", 0, -1, RunFlowSchema(), BuildRunFlow);
  run.run = RunSubflowWriters;
  types.push_back(std::move(run));
}

}  // namespace ff::flow
