// "Generate code": a flow as a Python script over the ff API, or as one DuckDB SQL script.
//
// Python: each node becomes one statement, `df_<id> = ff.apply_node("<type>", {settings},
// inputs..., description=...)`, the registry's own implementation of that node, so the script
// computes exactly what the flow computes; flow parameters become the function's arguments.
// SQL: each sink's upstream compiled to one query (a COPY for output nodes), with manual
// inputs written out as tables first.
#include <set>
#include <sstream>

#include "flow/flow_build.hpp"
#include "flow/flow_model.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/flow.hpp"
#include "frame/compiler.hpp"
#include "util/sql_dialect.hpp"

namespace ff {

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

std::string Var(const flow::InputEdge& e, const flow::FlowModel& model) {
  const flow::FlowNodeModel& from = model.Node(e.from);
  const flow::NodeType* type = flow::FindNodeType(from.type);
  const size_t outputs = type ? std::max<size_t>(type->outputs.size(), 1) : 1;
  if (outputs > 1) return "df_" + std::to_string(e.from) + "[" + std::to_string(e.handle) + "]";
  return "df_" + std::to_string(e.from);
}

void RequireRunnable(const flow::FlowModel& model, const flow::FlowNodeModel& node,
                     const std::string& target) {
  const flow::NodeType* type = flow::FindNodeType(node.type);
  if (model.RawNode(node).contains("flowfile_cpp") && type == nullptr) {
    throw Error(ErrorCode::kUnsupported,
                node.Label() +
                    " is a frame step saved by save_graph with no Flowfile node "
                    "type; it cannot be generated as " +
                    target);
  }
  // A sub-flow's ports and its own writers have no single-node form (Flowfile, too, exports
  // run_flow only as a project); plain SQL cannot call a REST API.
  if (node.type == "run_flow" || (node.type == "rest_api_reader" && target == "SQL")) {
    throw Error(ErrorCode::kUnsupported,
                node.Label() + " cannot be generated as " + target +
                    (node.type == "run_flow"
                         ? ": it runs another flow file; run the flow with `flowfile run`"
                         : ": it reads a REST API; generate Python for this flow"));
  }
  if (type == nullptr || !type->refusal.empty()) {
    throw Error(ErrorCode::kUnsupported,
                node.Label() + " cannot be generated as " + target + ": " +
                    (type ? type->refusal : "the node type '" + node.type + "' is unknown"));
  }
}

std::string Python(const flow::FlowModel& model) {
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
  std::set<int64_t> read;
  for (const flow::FlowNodeModel& n : model.nodes) {
    for (const auto& e : n.main) read.insert(e.from);
    if (n.right) read.insert(n.right->from);
  }
  std::vector<int64_t> terminal;
  for (size_t i : model.order) {
    const flow::FlowNodeModel& node = model.nodes[i];
    if (node.type == "explore_data") continue;  // a viewer: nothing to compute
    RequireRunnable(model, node, "Python");
    const flow::NodeType& type = *flow::FindNodeType(node.type);
    std::string inputs;
    for (const auto& e : node.main) inputs += ", " + Var(e, model);
    if (node.right) inputs += ", " + Var(*node.right, model);
    std::string settings;
    PyLiteral(model.Settings(node), settings, 4);
    out << "\n    # " << node.Label() << "\n";
    out << "    df_" << node.id << " = ff.apply_node(\n        " << PyString(node.type)
        << ",\n        " << settings << inputs
        << ",\n        description=" << PyString(node.description) << ", node_id=" << node.id
        << ", params=params, base_dir=base_dir,\n    )" << (type.outputs.size() > 1 ? "" : "[0]")
        << "\n";
    if (!read.count(node.id) && !type.sink) terminal.push_back(node.id);
  }
  out << "    return {";
  for (size_t i = 0; i < terminal.size(); ++i) {
    out << (i ? ", " : "") << terminal[i] << ": df_" << terminal[i];
  }
  out << "}\n\n\nif __name__ == \"__main__\":\n    run_flow()\n";
  return out.str();
}

// A manual input's rows as a table the script creates: values as text, cast to each column's
// type (so every type reads back exactly as the engine holds it).
std::string ManualTable(const frame::NodePtr& step) {
  const DataFrame data = FlowFrame(step).collect();
  const Schema& schema = data.schema();
  std::string names, casts;
  for (size_t c = 0; c < schema.size(); ++c) {
    const std::string v = "c" + std::to_string(c);
    names += (c ? ", " : "") + v;
    casts += std::string(c ? ", " : "") + "CAST(" + v + " AS " +
             (schema[c].dtype.duckdb_type.empty() ? schema[c].dtype.ToSql()
                                                  : schema[c].dtype.duckdb_type) +
             ") AS " + sql::Identifier(schema[c].name);
  }
  std::string rows;
  for (const std::vector<Value>& row : data.rows()) {
    std::string values;
    for (size_t c = 0; c < row.size(); ++c) {
      values += std::string(c ? ", " : "") +
                (row[c].kind == Value::Kind::kNull ? "NULL" : sql::String(row[c].ToString()));
    }
    rows += std::string(rows.empty() ? "" : ",\n  ") + "(" + values + ")";
  }
  const std::string table = sql::Identifier(step->params.at("table").get<std::string>());
  if (rows.empty()) {
    return "\nCREATE TEMP TABLE " + table + " AS SELECT " + casts + " FROM (SELECT " + [&] {
      std::string nulls;
      for (size_t c = 0; c < schema.size(); ++c) {
        nulls += std::string(c ? ", " : "") + "NULL AS c" + std::to_string(c);
      }
      return nulls;
    }() + ") WHERE false;\n";
  }
  return "\nCREATE TEMP TABLE " + table + " AS SELECT " + casts + " FROM (VALUES\n  " + rows +
         ") AS v(" + names + ");\n";
}

std::string Sql(const flow::FlowModel& model) {
  FlowRunOptions options;
  flow::FlowBuilder builder(model, options);
  std::ostringstream out;
  out << "-- The flow '" << model.name << "' as DuckDB SQL (generated by Flowfile).\n";
  std::set<std::string> tables;
  for (size_t i : model.order) {
    const flow::FlowNodeModel& node = model.nodes[i];
    if (node.type == "explore_data") continue;
    RequireRunnable(model, node, "SQL");
    const flow::NodeType& type = *flow::FindNodeType(node.type);
    if (!type.sink) continue;
    if (node.type != "output") {
      throw Error(ErrorCode::kUnsupported,
                  node.Label() + " writes to a " +
                      (node.type == "catalog_writer" ? "catalog table" : "connection") +
                      ", which plain SQL cannot express; generate Python for this flow");
    }
    const flow::NodeContext context = builder.Context(node.id);
    const frame::NodePtr plan = context.Main().plan();
    for (const frame::NodePtr& step : frame::OrderedNodes(plan)) {
      if (!step->runtime_ref.empty()) {
        throw Error(ErrorCode::kUnsupported,
                    node.Label() + " reads from a connection (" + frame::NodeLabel(*step) +
                        "), which plain SQL cannot express; generate Python for this flow");
      }
      if (step->type == "manual_input" && tables.insert(step->params.at("table")).second) {
        out << ManualTable(step);
      }
    }
    const json& o = context.Section("output_settings");
    const std::string path = context.ResolvePath(o.value("directory", std::string(".")) + "/" +
                                                 o.value("name", std::string("output")));
    const std::string file_type = o.value("file_type", std::string("csv"));
    std::string copy = file_type == "parquet"  ? "FORMAT parquet"
                       : file_type == "ndjson" ? "FORMAT json"
                                               : "FORMAT csv, HEADER, FORCE_QUOTE *";
    out << "\n-- " << node.Label() << "\nCOPY (\n"
        << frame::CompileSql(plan) << "\n) TO " << sql::String(path) << " (" << copy << ");\n";
  }
  return out.str();
}

}  // namespace

std::string Flow::ToCode(const std::string& target) const {
  if (target == "python" || target == "py") return Python(*model_);
  if (target == "sql") return Sql(*model_);
  if (target == "cpp" || target == "c++") {
    throw Error(ErrorCode::kUnsupported, "generating C++ is not supported yet; use python or sql");
  }
  throw Error(ErrorCode::kInvalidArgument,
              "unknown code target '" + target + "'; expected python, cpp or sql");
}

}  // namespace ff
