// Flows: Flowfile's flow files (YAML or JSON), opened, inspected, run and saved.
//
//   ff::Flow flow = ff::Flow::Open("sales.yaml");
//   ff::FlowRunResult result = flow.Run({.params = {{"region", "EU"}}});
//   ff::DataFrame preview = flow.Frame(4).head(10).collect();
//
// Contract:
//  - Open() reads the whole file and checks its structure without reading any data: unknown
//    node types, duplicate ids, inputs that name no node, cycles, malformed settings and files
//    that are too large or too deeply nested are refused with an error naming the file, the
//    node id and the field. Node types we cannot run (polars_code, python_script, ...) open,
//    show and save; running them fails naming the node, its type and why.
//  - A flow is immutable once opened. Every node's settings are kept verbatim (including keys
//    we do not know), so Save() writes back what was read, with our own key ignored by
//    Flowfile's loader.
//  - Run() executes every sink (output, database_writer, cloud_storage_writer, catalog_writer)
//    in dependency order; each sink's upstream compiles to one DuckDB query. With dry_run set
//    nothing is written: each sink reports the rows it would write. A failure stops the run
//    and names the failing node; the result says which nodes ran.
//  - Relative paths in read/output nodes resolve against `base_dir` (default: the working
//    directory, as in Flowfile).
//  - Parameters `${name}` resolve when a node is built, from the flow's declared parameters
//    overridden by `params`; an unresolved reference fails that node.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/frame.hpp"

namespace ff {

namespace flow {
struct FlowModel;
}

//! A flow parameter as declared in `flowfile_settings.parameters`.
struct FlowParameter {
  std::string name;
  std::string default_value;
  std::string description;
  std::string type = "string";  //!< string | integer | float | boolean | enum
  std::vector<std::string> enum_values;
};

//! One node as the flow file describes it.
struct FlowNodeInfo {
  int64_t id = 0;
  std::string type;
  std::string description;
  std::vector<int64_t> input_ids;  //!< main inputs, then right, then left
  std::vector<int64_t> output_ids;
  std::string settings_json;  //!< setting_input exactly as read
  int x = 0, y = 0;
  bool runnable = true;  //!< false for node types this engine refuses to run
};

//! What happened to one node during a run.
struct NodeRunReport {
  int64_t id = 0;
  std::string type;
  std::string description;
  std::string status;           //!< "ok", "dry-run", "skipped", "failed"
  std::optional<int64_t> rows;  //!< rows written (sinks) or collected
  double seconds = 0;
  std::string error;  //!< set when status is "failed"
};

struct FlowRunResult {
  bool ok = true;
  std::vector<NodeRunReport> nodes;  //!< sinks and explicitly run nodes, in run order
  std::optional<int64_t> failed_node;
  std::string error;
};

//! A named connection (from the workspace's store) that one node uses.
struct FlowConnectionUse {
  int64_t node_id = 0;
  std::string kind;  //!< "database" (database_reader/_writer) or "cloud" (cloud_storage_*)
  std::string name;  //!< the connection's name, as the node's settings give it
};

struct FlowRunOptions {
  std::map<std::string, std::string> params;  //!< overrides; unknown names add string params
  bool dry_run = false;                       //!< run nothing that writes
  std::string base_dir;                       //!< relative paths resolve here (default: cwd)
  //! The flow file a flow parsed from text stands for (absolute): its catalog writes record
  //! it as their producer and run_flow paths resolve beside it. Ignored for opened files.
  std::string flow_path;
  //! Lineage id recorded by every catalog write of the run (a fresh one when empty).
  std::string run_id;
  //! Called when a node starts (status "running") and when it ends.
  std::function<void(const NodeRunReport&)> on_node;
};

class Flow {
 public:
  //! Reads a flow file (.yaml/.yml or .json). Throws ff::Error (kNotFound, kInvalidArgument).
  static Flow Open(const std::string& path);
  //! Parses flow text; `source_name` names it in errors, `yaml` picks the syntax.
  static Flow Parse(const std::string& text, const std::string& source_name, bool yaml);

  const std::string& name() const;
  const std::string& path() const;
  std::vector<FlowParameter> parameters() const;
  std::vector<FlowNodeInfo> nodes() const;  //!< in file order
  FlowNodeInfo node(int64_t id) const;      //!< throws kNotFound naming the closest ids

  //! The lazy frame a node produces (`output` picks a multi-output node's handle).
  FlowFrame Frame(int64_t node_id, const FlowRunOptions& options = {}, int output = 0) const;
  //! The columns a node produces, without reading data.
  Schema PredictedSchema(int64_t node_id, const FlowRunOptions& options = {}) const;
  //! Every runnable node's output columns (first output), built once for the whole flow.
  //! Nodes that cannot be built are left out; `errors` (optional) receives why, by node id.
  std::map<int64_t, Schema> PredictedSchemas(
      const FlowRunOptions& options = {}, std::map<int64_t, std::string>* errors = nullptr) const;
  //! Runs every sink (see the contract above). Never throws for a node's failure: the result
  //! carries it. Throws for a flow that cannot run at all (a bad parameter value).
  FlowRunResult Run(const FlowRunOptions& options = {}) const;

  //! The named connections the nodes use, in file order. Inline database connections and
  //! nodes that name none are left out. Reads settings only: nothing is connected to.
  std::vector<FlowConnectionUse> ConnectionsUsed() const;

  //! Writes the flow (YAML for .yaml/.yml, else JSON) via a temporary file and a rename.
  void Save(const std::string& path) const;
  //! The flow as Flowfile's JSON document.
  std::string ToJson() const;
  //! The flow as code ("Generate code"): "python" (a script over the ff API), "cpp" (a
  //! program over <flowfile/flowfile.hpp>) or "sql" (one DuckDB script). Generated code
  //! names connections, never credentials. Throws kUnsupported naming a node the target
  //! cannot express.
  std::string ToCode(const std::string& target) const;

  const flow::FlowModel& model() const { return *model_; }

 private:
  explicit Flow(std::shared_ptr<const flow::FlowModel> model) : model_(std::move(model)) {}
  std::shared_ptr<const flow::FlowModel> model_;
};

struct ApplyNodeOptions {
  std::string description;
  std::map<std::string, std::string> params;  //!< values for `${name}` in the settings
  std::string base_dir;                       //!< relative paths resolve here
  int64_t node_id = 1;                        //!< how errors name the node
  //! A step saved by save_graph (the node's `flowfile_cpp` object, as JSON): rebuilt exactly
  //! from it, inputs given left, right, then main; `settings_json` then only drives a sink.
  std::string saved_json;
};
//! What one flow node does, applied to frames: `settings_json` is the node's setting_input,
//! `inputs` its main inputs then (for two-input types) its right input. Returns one frame per
//! output handle. A sink (output, database_writer, ...) writes at once and returns its input.
//! Generated code uses this for node types that have no frame method.
std::vector<FlowFrame> apply_node(const std::string& type, const std::string& settings_json,
                                  const std::vector<FlowFrame>& inputs,
                                  const ApplyNodeOptions& options = {});

//! The node types this engine knows, as `flowfile nodes` lists them.
struct NodeTypeInfo {
  std::string key;
  std::string label;
  std::string group;                   //!< input | transform | combine | aggregate | output | other
  int min_inputs = 0, max_inputs = 0;  //!< -1: any number
  bool has_right_input = false;
  std::vector<std::string> outputs;  //!< output handle names ("main", "pass"/"fail", ...)
  bool runnable = true;
  std::string refusal;               //!< why it cannot run, when it cannot
  std::string settings_schema_json;  //!< JSON Schema of setting_input
};
std::vector<NodeTypeInfo> node_types();
NodeTypeInfo node_type(const std::string& key);  //!< throws kNotFound with "did you mean"

}  // namespace ff
