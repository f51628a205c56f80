// "Generate code" as Python: a standalone script over the ff API.
//
// A node whose settings map onto a frame method with exactly the node's semantics becomes that
// method (sort, head, sample, unique, with_row_index, text_to_rows, a formula column, a formula
// filter, record_count); every other node becomes `ff.apply_node("<type>", {settings}, inputs,
// description=...)`, the registry's own implementation of that node. Either way the script
// computes exactly what the flow computes. Flow parameters become the function's arguments.
#include <cstdio>
#include <optional>
#include <set>
#include <sstream>

#include "flow/codegen.hpp"
#include "flowfile/errors.hpp"

namespace ff::flow::codegen {

using nlohmann::json;

namespace {

std::string PyString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// A JSON value as a Python literal, indented for reading.
void PyLiteral(const json& j, std::string& out, int indent) {
  const std::string pad(indent + 4, ' '), close(indent, ' ');
  if (j.is_object()) {
    if (j.empty()) return void(out += "{}");
    out += "{\n";
    for (const auto& [k, v] : j.items()) {
      out += pad + PyString(k) + ": ";
      PyLiteral(v, out, indent + 4);
      out += ",\n";
    }
    out += close + "}";
  } else if (j.is_array()) {
    if (j.empty()) return void(out += "[]");
    bool scalars = true;
    for (const json& v : j) scalars = scalars && !v.is_structured();
    if (scalars) {
      out += "[";
      for (size_t i = 0; i < j.size(); ++i) {
        if (i) out += ", ";
        PyLiteral(j[i], out, indent);
      }
      return void(out += "]");
    }
    out += "[\n";
    for (const json& v : j) {
      out += pad;
      PyLiteral(v, out, indent + 4);
      out += ",\n";
    }
    out += close + "]";
  } else if (j.is_null()) {
    out += "None";
  } else if (j.is_boolean()) {
    out += j.get<bool>() ? "True" : "False";
  } else if (j.is_string()) {
    out += PyString(j.get<std::string>());
  } else {
    out += j.dump();
  }
}

std::string PyIdentifier(const std::string& name) {
  std::string out;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "p_" + out;
  static const std::set<std::string> kReserved = {
      "None", "True", "False", "def", "class", "return", "import", "from",     "lambda", "in", "is",
      "not",  "and",  "or",    "if",  "else",  "for",    "while",  "base_dir", "params", "ff"};
  if (kReserved.count(out)) out += "_";
  return out;
}

// The setting at `key` when it has JSON type `kind` ('s'tring, 'i'nteger, 'b'oolean), or when
// absent `fallback`; anything else gives nullopt (the node then keeps apply_node).
std::optional<json> Get(const json& object, const std::string& key, char kind, json fallback) {
  if (!object.is_object() || !object.contains(key)) return fallback;
  const json& v = object.at(key);
  const bool ok = (kind == 's' && v.is_string()) || (kind == 'i' && v.is_number_integer()) ||
                  (kind == 'b' && v.is_boolean());
  return ok ? std::optional<json>(v) : std::nullopt;
}

std::optional<std::string> SortCall(const json& s) {
  const json list = s.value("sort_input", json::array());
  if (!list.is_array() || list.empty()) return std::nullopt;
  std::string by, descending;
  for (const json& item : list) {
    const auto column = Get(item, "column", 's', "");
    auto how = Get(item, "how", 's', "asc");
    if (!column || !how || column->get<std::string>().empty()) return std::nullopt;
    std::string h = how->get<std::string>();
    for (char& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    by += (by.empty() ? "" : ", ") + PyString(column->get<std::string>());
    descending += std::string(descending.empty() ? "" : ", ") +
                  (h == "desc" || h == "descending" ? "True" : "False");
  }
  return "sort([" + by + "], descending=[" + descending + "], ";
}

std::optional<std::string> SampleCall(const json& s) {
  const auto method = Get(s, "sample_method", 's', "first");
  const auto n = Get(s, "sample_size", 'i', 1000);
  if (!method || !n || n->get<int64_t>() < 0) return std::nullopt;
  if (*method == "first") return "head(" + n->dump() + ", ";
  if (*method != "random") return std::nullopt;  // a fraction: apply_node keeps its arithmetic
  std::string seed;
  if (s.contains("seed") && !s.at("seed").is_null()) {
    if (!s.at("seed").is_number_integer()) return std::nullopt;
    seed = "seed=" + s.at("seed").dump() + ", ";
  }
  return "sample(" + n->dump() + ", " + seed;
}

std::optional<std::string> UniqueCall(const json& s) {
  const json u = s.value("unique_input", json::object());
  const auto strategy = Get(u, "strategy", 's', "any");
  if (!strategy) return std::nullopt;
  const std::string keep = strategy->get<std::string>();
  if (keep != "any" && keep != "first" && keep != "last" && keep != "none") return std::nullopt;
  if (!u.is_object() || !u.contains("columns") || u.at("columns").is_null()) return "unique(";
  if (!u.at("columns").is_array()) return std::nullopt;
  std::string subset;
  for (const json& c : u.at("columns")) {
    if (!c.is_string()) return std::nullopt;
    subset += (subset.empty() ? "" : ", ") + PyString(c.get<std::string>());
  }
  return "unique([" + subset + "], keep=" + PyString(keep) + ", maintain_order=True, ";
}

std::optional<std::string> RecordIdCall(const json& s) {
  const json r = s.value("record_id_input", json::object());
  const auto name = Get(r, "output_column_name", 's', "record_id");
  const auto offset = Get(r, "offset", 'i', 1);
  const auto grouped = Get(r, "group_by", 'b', false);
  if (!name || !offset || !grouped || grouped->get<bool>()) return std::nullopt;
  return "with_row_index(" + PyString(name->get<std::string>()) + ", " + offset->dump() + ", ";
}

std::optional<std::string> TextToRowsCall(const json& s) {
  const json t = s.value("text_to_rows_input", json::object());
  const auto column = Get(t, "column_to_split", 's', "");
  const auto output = Get(t, "output_column_name", 's', "");
  const auto fixed = Get(t, "split_by_fixed_value", 'b', true);
  const auto delimiter = Get(t, "split_fixed_value", 's', ",");
  if (!column || !output || !fixed || !delimiter || !fixed->get<bool>()) return std::nullopt;
  const std::string c = column->get<std::string>(), o = output->get<std::string>();
  if (c.empty()) return std::nullopt;
  return "text_to_rows(" + PyString(c) + ", " + (o.empty() || o == c ? "None" : PyString(o)) +
         ", " + PyString(delimiter->get<std::string>()) + ", ";
}

std::optional<std::string> FormulaCall(const json& s) {
  const json f = s.value("function", json::object());
  const json field = f.is_object() ? f.value("field", json::object()) : json::object();
  const auto name = Get(field, "name", 's', "");
  const auto type = Get(field, "data_type", 's', "Auto");
  const auto text = Get(f, "function", 's', "");
  if (!name || !type || !text || name->get<std::string>().empty()) return std::nullopt;
  const std::string t = type->get<std::string>();
  if (!t.empty() && t != "Auto" && t != "auto") return std::nullopt;  // a cast: apply_node
  const std::string formula = text->get<std::string>();
  if (formula.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  return "with_columns(ff.formula(" + PyString(formula) + ").alias(" +
         PyString(name->get<std::string>()) + "), ";
}

std::optional<std::string> FilterCall(const json& s) {
  const json f = s.value("filter_input", json::object());
  auto mode = Get(f, "mode", 's', "");
  if (mode && mode->get<std::string>().empty()) mode = Get(f, "filter_type", 's', "basic");
  const auto split = Get(s, "split_mode", 'b', false);
  const auto text = Get(f, "advanced_filter", 's', "");
  if (!mode || *mode != "advanced" || !split || split->get<bool>() || !text) return std::nullopt;
  const std::string formula = text->get<std::string>();
  if (formula.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  return "filter(ff.formula(" + PyString(formula) + "), ";
}

// The frame method call (up to its description) that does exactly what `node` does, or
// nullopt. Settings with parameters or a declared output schema keep apply_node.
std::optional<std::string> FrameMethod(const FlowModel& model, const FlowNodeModel& node) {
  if (node.main.size() != 1 || node.right || node.left) return std::nullopt;
  const json& s = model.Settings(node);
  if (!s.is_object() || s.dump().find("${") != std::string::npos) return std::nullopt;
  const json config = s.value("output_field_config", json());
  if (config.is_object() && config.value("enabled", false)) return std::nullopt;
  if (node.type == "sort") return SortCall(s);
  if (node.type == "sample") return SampleCall(s);
  if (node.type == "unique") return UniqueCall(s);
  if (node.type == "record_id") return RecordIdCall(s);
  if (node.type == "text_to_rows") return TextToRowsCall(s);
  if (node.type == "formula") return FormulaCall(s);
  if (node.type == "filter") return FilterCall(s);
  if (node.type == "record_count") return "select(ff.len().alias(\"number_of_records\"), ";
  return std::nullopt;
}

}  // namespace

std::string Python(const FlowModel& model) {
  std::ostringstream out;
  out << "#!/usr/bin/env python3\n"
      << "\"\"\"The flow " << PyString(model.name) << " as a Python script (generated by "
      << "Flowfile).\n\nConnections are referenced by name; their credentials stay in "
         "Flowfile's encrypted store.\n\"\"\"\n\nimport flowfile as ff\n\n\n";
  std::string signature, params;
  for (const FlowParameter& p : model.parameters) {
    const std::string arg = PyIdentifier(p.name);
    signature += arg + "=" + PyString(p.default_value) + ", ";
    params += PyString(p.name) + ": " + arg + ", ";
  }
  out << "def run_flow(" << signature << "base_dir=\".\"):\n";
  out << "    \"\"\"Runs every output of the flow; returns the frames of its final nodes.\"\"\"\n";
  out << "    params = {" << (params.empty() ? "" : params.substr(0, params.size() - 2)) << "}\n";
  const std::set<int64_t> read = ReadNodes(model);
  std::set<int64_t> lists;  // nodes whose variable holds a list of frames (one per output)
  auto var = [&](const InputEdge& e) {
    const std::string v = "df_" + std::to_string(e.from);
    return lists.count(e.from) ? v + "[" + std::to_string(e.handle) + "]" : v;
  };
  std::vector<int64_t> terminal;
  for (size_t i : model.order) {
    const FlowNodeModel& node = model.nodes[i];
    if (node.type == "explore_data") continue;  // a viewer: nothing to compute
    const NodeType& type = RunnableType(model, node, "Python");
    out << "\n    # " << node.Label() << "\n";
    const nlohmann::json& raw = model.RawNode(node);
    if (raw.contains("flowfile_cpp")) {
      // A step saved by save_graph: rebuilt exactly from its saved form.
      std::string inputs;
      if (node.left) inputs += ", " + var(*node.left);
      if (node.right) inputs += ", " + var(*node.right);
      for (const InputEdge& e : node.main) inputs += ", " + var(e);
      std::string settings, saved;
      PyLiteral(model.Settings(node), settings, 4);
      PyLiteral(raw.at("flowfile_cpp"), saved, 4);
      out << "    df_" << node.id << " = ff.apply_node(\n        " << PyString(node.type)
          << ",\n        " << settings << inputs
          << ",\n        description=" << PyString(node.description) << ", node_id=" << node.id
          << ", params=params, base_dir=base_dir,\n        saved=" << saved << ",\n    )[0]\n";
    } else if (const std::optional<std::string> call = FrameMethod(model, node)) {
      out << "    df_" << node.id << " = " << var(node.main[0]) << "." << *call
          << "description=" << PyString(node.description) << ")\n";
    } else {
      std::string inputs;
      for (const InputEdge& e : node.main) inputs += ", " + var(e);
      if (node.right) inputs += ", " + var(*node.right);
      std::string settings;
      PyLiteral(model.Settings(node), settings, 4);
      out << "    df_" << node.id << " = ff.apply_node(\n        " << PyString(node.type)
          << ",\n        " << settings << inputs
          << ",\n        description=" << PyString(node.description) << ", node_id=" << node.id
          << ", params=params, base_dir=base_dir,\n    )" << (type.outputs.size() > 1 ? "" : "[0]")
          << "\n";
      if (type.outputs.size() > 1) lists.insert(node.id);
    }
    if (!read.count(node.id) && !type.sink) terminal.push_back(node.id);
  }
  out << "    return {";
  for (size_t i = 0; i < terminal.size(); ++i) {
    out << (i ? ", " : "") << terminal[i] << ": df_" << terminal[i];
  }
  out << "}\n\n\nif __name__ == \"__main__\":\n    run_flow()\n";
  return out.str();
}

}  // namespace ff::flow::codegen
