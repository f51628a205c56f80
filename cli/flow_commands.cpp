// `flowfile run FLOW`, `flowfile nodes [list|show TYPE]` (`describe`: an alias of `show`): flows
// from the command line.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "context.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/flow.hpp"
#include "frame_output.hpp"
#include "output.hpp"
#include "terminal.hpp"

namespace ff::cli {
namespace {

struct RunOptions {
  std::string flow;
  std::vector<std::string> params;
  int64_t node = 0;
  int64_t preview = 100;
  bool dry_run = false;
  bool quiet = false;
  std::string base_dir;
  std::string output;
};

std::map<std::string, std::string> ParseParams(const std::vector<std::string>& given) {
  std::map<std::string, std::string> out;
  for (const std::string& p : given) {
    const size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw UsageError("--param takes NAME=VALUE, not '" + p + "'");
    }
    out[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return out;
}

std::string Seconds(double s) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(s < 10 ? 2 : 1) << s << "s";
  return out.str();
}

std::string NodeName(const NodeRunReport& r) {
  return "node " + std::to_string(r.id) + " " + r.type +
         (r.description.empty() ? "" : " '" + r.description + "'");
}

// Progress on stderr: one line per node as it ends (a "running" line first on a terminal).
void ShowProgress(const NodeRunReport& r, bool terminal) {
  if (r.status == "running") {
    if (terminal) std::cerr << "  … " << NodeName(r) << "\r" << std::flush;
    return;
  }
  const std::string mark = r.status == "failed"    ? Paint(Stream::kErr, Tone::kError, "✗")
                           : r.status == "skipped" ? std::string("-")
                                                   : Paint(Stream::kErr, Tone::kOk, "✓");
  std::cerr << "  " << mark << " " << NodeName(r);
  if (r.rows) std::cerr << "  " << *r.rows << " rows";
  if (r.status != "skipped") std::cerr << "  " << Seconds(r.seconds);
  if (r.status == "dry-run") std::cerr << "  (dry run: nothing written)";
  if (r.status == "skipped") std::cerr << "  (skipped)";
  std::cerr << (terminal ? EraseLineEnd(Stream::kErr) : "") << "\n";
}

Json ReportJson(const NodeRunReport& r) {
  Json out = {{"id", r.id},
              {"type", r.type},
              {"description", r.description},
              {"status", r.status},
              {"seconds", r.seconds}};
  out["rows"] = r.rows ? Json(*r.rows) : Json(nullptr);
  out["error"] = r.error;  // "" when none, as Python's NodeRun
  return out;
}

// The node a run without sinks shows: the last node in the file that nothing reads.
int64_t TerminalNode(const Flow& flow) {
  int64_t last = 0;
  std::set<int64_t> read;
  const auto nodes = flow.nodes();
  for (const FlowNodeInfo& n : nodes) read.insert(n.input_ids.begin(), n.input_ids.end());
  for (const FlowNodeInfo& n : nodes) {
    if (!read.count(n.id)) last = n.id;
  }
  return last;
}

void RunFlow(Context& context, const RunOptions& o) {
  UseHome(context);
  const Flow flow = Flow::Open(o.flow);
  FlowRunOptions run;
  run.params = ParseParams(o.params);
  run.dry_run = o.dry_run;
  run.base_dir = o.base_dir;
  if (o.node != 0) {  // show one node's result; nothing is written
    Emit(context, flow.Frame(o.node, run), o.output, o.output.empty() ? o.preview : 0);
    return;
  }
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  if (!o.quiet && !context.json) {
    run.on_node = [terminal](const NodeRunReport& r) { ShowProgress(r, terminal); };
  }
  const FlowRunResult result = flow.Run(run);
  if (context.json) {
    Json nodes = Json::array();
    for (const NodeRunReport& r : result.nodes) nodes.push_back(ReportJson(r));
    Json out = {{"flow", flow.name()}, {"ok", result.ok}, {"nodes", nodes}};
    if (!result.ok) out["failed_node"] = *result.failed_node;
    PrintJson(out);
  }
  if (!result.ok) {
    throw Error(ErrorCode::kInvalidArgument, result.error);
  }
  bool wrote = false;
  for (const NodeRunReport& r : result.nodes) wrote = wrote || r.status != "skipped";
  if (!wrote && !context.json) {
    // A flow without sinks: show its result, as a preview.
    if (const int64_t last = TerminalNode(flow)) {
      Emit(context, flow.Frame(last, run), o.output, o.output.empty() ? o.preview : 0);
    }
  }
}

void RegisterRun(CLI::App& app, Context& context) {
  auto o = std::make_shared<RunOptions>();
  auto* run = app.add_subcommand(
      "run", "Run a flow file (YAML or JSON): every output node writes; progress on stderr");
  run->add_option("flow", o->flow, "Flow file written by Flowfile or by save_graph")->required();
  run->add_option("-p,--param", o->params, "Set a flow parameter: NAME=VALUE (repeatable)");
  run->add_option("--node", o->node, "Show this node's result instead of running the sinks");
  run->add_option("--preview", o->preview, "Rows to show (0: all); default 100");
  run->add_flag("--dry-run", o->dry_run, "Run everything but write nothing (counts rows)");
  run->add_option("--base-dir", o->base_dir,
                  "Resolve relative paths in the flow here (default: the working directory)");
  run->add_flag("-q,--quiet", o->quiet, "No progress lines");
  run->add_option("-o,--output", o->output,
                  "With --node (or a flow without sinks): write the result to a .csv, .parquet "
                  "or .ndjson file");
  run->callback([&context, o] { context.action = [&context, o] { RunFlow(context, *o); }; });
}

Json TypeJson(const NodeTypeInfo& t) {
  return {{"key", t.key},
          {"label", t.label},
          {"group", t.group},
          {"min_inputs", t.min_inputs},
          {"max_inputs", t.max_inputs},
          {"right_input", t.has_right_input},
          {"outputs", t.outputs},
          {"runnable", t.runnable},
          {"refusal", t.refusal},
          {"settings_schema", Json::parse(t.settings_schema_json)}};
}

std::string Ports(const NodeTypeInfo& t) {
  std::string in =
      t.max_inputs < 0 ? std::to_string(t.min_inputs) + "+" : std::to_string(t.max_inputs);
  if (t.has_right_input) in += "+right";
  return in + " → " + std::to_string(t.outputs.size());
}

void RegisterNodes(CLI::App& app, Context& context) {
  auto* nodes = app.add_subcommand("nodes", "The node types flows can use");
  auto* list = nodes->add_subcommand("list", "List node types (the default)");
  auto key = std::make_shared<std::string>();
  auto* describe = AddAliases(
      nodes->add_subcommand("show", "Show a node type's ports and settings"), {"describe"});
  describe->add_option("type", *key, "Node type, e.g. join")->required();
  auto show_list = [&context] {
    const auto types = node_types();
    if (context.json) {
      Json out = Json::array();
      for (const NodeTypeInfo& t : types) out.push_back(TypeJson(t));
      return PrintJson(out);
    }
    std::vector<std::vector<std::string>> rows;
    for (const NodeTypeInfo& t : types) {
      rows.push_back(
          {t.key, t.group, Ports(t), t.runnable ? t.label : "(not runnable) " + t.label});
    }
    PrintTable({"TYPE", "GROUP", "PORTS", "LABEL"}, rows, "(no node types)");
  };
  list->callback([&context, show_list] { context.action = show_list; });
  nodes->callback([&context, show_list, nodes] {
    if (nodes->get_subcommands().empty()) context.action = show_list;
  });
  describe->callback([&context, key] {
    context.action = [&context, key] {
      const NodeTypeInfo t = node_type(*key);
      if (context.json) return PrintJson(TypeJson(t));
      PrintFields({{"type", t.key},
                   {"label", t.label},
                   {"group", t.group},
                   {"ports", Ports(t)},
                   {"outputs",
                    [&] {
                      std::string s;
                      for (const auto& o : t.outputs) s += (s.empty() ? "" : ", ") + o;
                      return s.empty() ? std::string("(none: writes its input)") : s;
                    }()},
                   {"runs", t.runnable ? "yes" : "no: " + t.refusal}});
      std::cout << "\nsettings (JSON Schema):\n"
                << Json::parse(t.settings_schema_json).dump(2) << "\n";
    };
  });
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file.flush()) throw Error(ErrorCode::kIo, "cannot write '" + path + "'");
  std::cerr << "Wrote " << path << "\n";
}

void RegisterGenerate(CLI::App& app, Context& context) {
  struct Options {
    std::string flow, target = "python", output;
  };
  auto o = std::make_shared<Options>();
  auto* generate = app.add_subcommand("generate", "Turn a flow into code (Python, C++ or SQL)");
  generate->add_option("flow", o->flow, "Flow file")->required();
  generate->add_option("-t,--target", o->target, "python (default), cpp, cmake or sql");
  generate->add_option("-o,--output", o->output,
                       "Write the code to this file (default: stdout); for cpp a directory, "
                       "which receives main.cpp and CMakeLists.txt");
  generate->callback([&context, o] {
    context.action = [&context, o] {
      UseHome(context);
      const Flow flow = Flow::Open(o->flow);
      const std::string code = flow.ToCode(o->target);
      if (o->output.empty()) {
        std::cout << code;
        return;
      }
      if (o->target != "cpp" && o->target != "c++") return WriteFile(o->output, code);
      std::error_code error;
      std::filesystem::create_directories(o->output, error);
      if (error || !std::filesystem::is_directory(o->output)) {
        throw Error(ErrorCode::kIo, "cannot create the directory '" + o->output +
                                        "' for the C++ program: " +
                                        (error ? error.message() : "a file has that name"));
      }
      const std::filesystem::path dir(o->output);
      WriteFile((dir / "main.cpp").string(), code);
      WriteFile((dir / "CMakeLists.txt").string(), flow.ToCode("cmake"));
    };
  });
}

}  // namespace

void RegisterFlowCommands(CLI::App& app, Context& context) {
  RegisterRun(app, context);
  RegisterNodes(app, context);
  RegisterGenerate(app, context);
}

}  // namespace ff::cli
