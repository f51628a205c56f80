// Flows: ff::Flow as _core.Flow, and the node registry as _core.node_types().
// flowfile/flow.py wraps them in the Python API.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "flowfile/editor.hpp"
#include "flowfile/flow.hpp"

namespace py = pybind11;

namespace flowfile_py {

namespace {

using Release = py::call_guard<py::gil_scoped_release>;

ff::FlowRunOptions Options(const std::map<std::string, std::string>& params, bool dry_run,
                           const std::string& base_dir) {
  ff::FlowRunOptions o;
  o.params = params;
  o.dry_run = dry_run;
  o.base_dir = base_dir;
  return o;
}

py::dict ReportDict(const ff::NodeRunReport& r) {
  py::dict d;
  d["id"] = r.id;
  d["type"] = r.type;
  d["description"] = r.description;
  d["status"] = r.status;
  d["rows"] = r.rows ? py::object(py::int_(*r.rows)) : py::object(py::none());
  d["seconds"] = r.seconds;
  d["error"] = r.error;
  return d;
}

py::dict NodeDict(const ff::FlowNodeInfo& n) {
  py::dict d;
  d["id"] = n.id;
  d["type"] = n.type;
  d["description"] = n.description;
  d["input_ids"] = n.input_ids;
  d["output_ids"] = n.output_ids;
  d["settings"] = n.settings_json;
  d["x"] = n.x;
  d["y"] = n.y;
  d["runnable"] = n.runnable;
  return d;
}

py::dict TypeDict(const ff::NodeTypeInfo& t) {
  py::dict d;
  d["key"] = t.key;
  d["label"] = t.label;
  d["group"] = t.group;
  d["min_inputs"] = t.min_inputs;
  d["max_inputs"] = t.max_inputs;
  d["right_input"] = t.has_right_input;
  d["outputs"] = t.outputs;
  d["runnable"] = t.runnable;
  d["refusal"] = t.refusal;
  d["settings_schema"] = t.settings_schema_json;
  return d;
}

}  // namespace

void RegisterFlows(py::module_& m) {
  py::class_<ff::Flow> flow(m, "Flow");
  flow.def_static("open", &ff::Flow::Open, Release());
  flow.def_static("parse", &ff::Flow::Parse, Release());
  flow.def_property_readonly("name", &ff::Flow::name);
  flow.def_property_readonly("path", &ff::Flow::path);
  flow.def("parameters", [](const ff::Flow& f) {
    py::list out;
    for (const ff::FlowParameter& p : f.parameters()) {
      py::dict d;
      d["name"] = p.name;
      d["default_value"] = p.default_value;
      d["description"] = p.description;
      d["type"] = p.type;
      d["enum_values"] = p.enum_values;
      out.append(d);
    }
    return out;
  });
  flow.def("nodes", [](const ff::Flow& f) {
    py::list out;
    for (const ff::FlowNodeInfo& n : f.nodes()) out.append(NodeDict(n));
    return out;
  });
  flow.def("frame",
           [](const ff::Flow& f, int64_t id, const std::map<std::string, std::string>& params,
              const std::string& base_dir, int output) {
             py::gil_scoped_release release;
             return f.Frame(id, Options(params, false, base_dir), output);
           });
  flow.def("run", [](const ff::Flow& f, const std::map<std::string, std::string>& params,
                     bool dry_run, const std::string& base_dir, py::object on_node) {
    ff::FlowRunOptions o = Options(params, dry_run, base_dir);
    if (!on_node.is_none()) {
      o.on_node = [on_node](const ff::NodeRunReport& r) {
        py::gil_scoped_acquire acquire;
        on_node(ReportDict(r));
      };
    }
    ff::FlowRunResult result;
    {
      py::gil_scoped_release release;
      result = f.Run(o);
    }
    py::dict d;
    d["ok"] = result.ok;
    py::list nodes;
    for (const ff::NodeRunReport& r : result.nodes) nodes.append(ReportDict(r));
    d["nodes"] = nodes;
    d["failed_node"] =
        result.failed_node ? py::object(py::int_(*result.failed_node)) : py::object(py::none());
    d["error"] = result.error;
    return d;
  });
  flow.def("predicted_schemas",
           [](const ff::Flow& f, const std::map<std::string, std::string>& params,
              const std::string& base_dir) {
             std::map<int64_t, std::string> errors;
             std::map<int64_t, ff::Schema> schemas;
             {
               py::gil_scoped_release release;
               schemas = f.PredictedSchemas(Options(params, false, base_dir), &errors);
             }
             py::dict out;
             for (const auto& [id, schema] : schemas) {
               py::list columns;
               for (const ff::Field& field : schema) {
                 columns.append(py::make_tuple(field.name, field.dtype.ToString()));
               }
               out[py::int_(id)] = columns;
             }
             py::dict failed;
             for (const auto& [id, message] : errors) failed[py::int_(id)] = message;
             return py::make_tuple(out, failed);
           });
  flow.def("save", &ff::Flow::Save, Release());
  flow.def("to_json", &ff::Flow::ToJson);
  flow.def("to_code", &ff::Flow::ToCode, Release());
  m.def("apply_node", [](const std::string& type, const std::string& settings,
                         const std::vector<ff::FlowFrame>& inputs, const std::string& description,
                         const std::map<std::string, std::string>& params,
                         const std::string& base_dir, int64_t node_id, const std::string& saved) {
    ff::ApplyNodeOptions o;
    o.saved_json = saved;
    o.description = description;
    o.params = params;
    o.base_dir = base_dir;
    o.node_id = node_id;
    py::gil_scoped_release release;
    return ff::apply_node(type, settings, inputs, o);
  });
  m.def("node_types", [] {
    py::list out;
    for (const ff::NodeTypeInfo& t : ff::node_types()) out.append(TypeDict(t));
    return out;
  });
  // ff.open_graph_in_editor: the core does the hand-off; Python prints the URL and warns.
  m.def("open_graph_in_editor", [](const ff::FlowFrame& frame, const std::string& storage_location,
                                   bool open_browser, const std::vector<std::string>& search_dirs) {
    ff::EditorOptions o;
    o.storage_location = storage_location;
    o.open_browser = open_browser;
    o.print_url = false;
    o.warn = false;
    o.search_dirs = search_dirs;
    ff::EditorResult r;
    {
      py::gil_scoped_release release;
      r = ff::open_graph_in_editor(frame, o);
    }
    py::dict d;
    d["ok"] = r.ok;
    d["path"] = r.path;
    d["url"] = r.url;
    d["warning"] = r.warning;
    d["browser_opened"] = r.browser_opened;
    d["started_server"] = r.started_server;
    d["server_pid"] = r.server_pid;
    return d;
  });
}

}  // namespace flowfile_py
