// Where frames start: values given in code (from_columns, i.e. ff.from_dict), files, and
// combinations of frames (concat).
#include <filesystem>
#include <set>

#include "engine/engine.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/frame.hpp"
#include "frame/compiler.hpp"
#include "frame/expr_json.hpp"
#include "frame/table_loader.hpp"

namespace ff {

using nlohmann::json;

FlowFrame from_columns(const std::vector<std::pair<std::string, std::vector<Value>>>& columns,
                       const std::map<std::string, DataType>& types, NodeOptions o) {
  auto table = frame::LoadValues(columns, types);
  std::vector<std::string> names;
  for (const auto& [name, values] : columns) names.push_back(name);
  auto node = frame::NewNode("manual_input", o.description, {{"table", table->name()}}, {});
  node->resource = table;
  node->column_names = names;
  return FlowFrame(std::move(node));
}

namespace {

FlowFrame Read(const std::string& format, const std::vector<std::string>& paths, json options,
               const std::string& description) {
  if (paths.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "scan_" + format + ": give at least one path");
  }
  for (const std::string& path : paths) {
    // A plain local path that does not exist is named in our words (globs and URLs are
    // DuckDB's to expand; it says when nothing matches).
    const bool pattern = path.find_first_of("*?[") != std::string::npos;
    if (!pattern && path.find("://") == std::string::npos && !std::filesystem::exists(path)) {
      throw Error(ErrorCode::kNotFound, "scan_" + format + ": no such file '" + path + "'");
    }
  }
  auto node = frame::NewNode("read", description,
                             {{"format", format}, {"paths", paths}, {"options", options}}, {});
  FlowFrame frame(std::move(node));
  try {
    frame::SchemaOf(frame.plan());  // a missing file or bad options fail here, at the call
  } catch (const Error& error) {
    if (std::string(error.what()).find("No files found that match the pattern") ==
        std::string::npos) {
      throw;
    }
    throw Error(ErrorCode::kNotFound, "scan_" + format + ": no file matches '" + paths.front() +
                                          (paths.size() > 1 ? "' (or the others)" : "'"));
  }
  return frame;
}

}  // namespace

FlowFrame scan_csv(const std::vector<std::string>& paths, CsvReadOptions o) {
  json options = {{"separator", o.separator},
                  {"has_header", o.has_header},
                  {"skip_rows", o.skip_rows},
                  {"encoding", o.encoding},
                  {"ignore_errors", o.ignore_errors}};
  if (o.quote_char) options["quote_char"] = *o.quote_char;
  if (!o.null_values.empty()) options["null_values"] = o.null_values;
  if (o.n_rows) options["n_rows"] = *o.n_rows;
  options["infer_schema_length"] =
      o.infer_schema_length ? json(*o.infer_schema_length) : json(nullptr);
  if (!o.schema_overrides.empty()) {
    json overrides = json::object();
    for (const auto& [name, type] : o.schema_overrides) overrides[name] = type.ToSql();
    options["schema_overrides"] = overrides;
  }
  return Read("csv", paths, options, o.description);
}

FlowFrame scan_parquet(const std::vector<std::string>& paths, ParquetReadOptions o) {
  json options = {{"hive_partitioning", o.hive_partitioning}};
  if (o.n_rows) options["n_rows"] = *o.n_rows;
  return Read("parquet", paths, options, o.description);
}

FlowFrame scan_json(const std::vector<std::string>& paths, JsonReadOptions o) {
  json options = json::object();
  if (o.n_rows) options["n_rows"] = *o.n_rows;
  return Read("json", paths, options, o.description);
}

FlowFrame scan_ndjson(const std::vector<std::string>& paths, JsonReadOptions o) {
  json options = json::object();
  if (o.n_rows) options["n_rows"] = *o.n_rows;
  return Read("ndjson", paths, options, o.description);
}

FlowFrame concat(const std::vector<FlowFrame>& frames, std::string how, NodeOptions o) {
  if (frames.empty()) throw Error(ErrorCode::kInvalidArgument, "concat: give at least one frame");
  std::vector<frame::NodePtr> inputs;
  for (const FlowFrame& f : frames) inputs.push_back(f.plan());
  std::optional<std::vector<std::string>> names;
  if (how == "vertical" || how == "vertical_relaxed") {
    // Polars requires the same columns in the same order; say which frame differs.
    const std::vector<std::string> first = frame::ColumnNamesOf(inputs[0]);
    for (size_t i = 1; i < inputs.size(); ++i) {
      const std::vector<std::string> other = frame::ColumnNamesOf(inputs[i]);
      if (other != first) {
        std::string a, b;
        for (const auto& c : first) a += (a.empty() ? "" : ", ") + c;
        for (const auto& c : other) b += (b.empty() ? "" : ", ") + c;
        throw Error(ErrorCode::kInvalidArgument,
                    "concat(how='" + how + "'): frame " + std::to_string(i) + " has columns [" + b +
                        "] but frame 0 has [" + a +
                        "]; use how='diagonal' to align columns by name");
      }
    }
    names = first;
  } else if (how == "horizontal") {
    std::set<std::string> seen;
    names.emplace();
    for (const auto& input : inputs) {
      for (const std::string& c : frame::ColumnNamesOf(input)) {
        if (!seen.insert(c).second) {
          throw Error(ErrorCode::kInvalidArgument,
                      "concat(how='horizontal'): column '" + c +
                          "' appears in more than one frame; rename it first");
        }
        names->push_back(c);
      }
    }
  } else if (how != "diagonal" && how != "diagonal_relaxed") {
    throw Error(ErrorCode::kInvalidArgument,
                "concat: how must be vertical, vertical_relaxed, diagonal, diagonal_relaxed or "
                "horizontal, not '" +
                    how + "'");
  }
  auto node = frame::NewNode("union", o.description, {{"how", how}}, std::move(inputs));
  node->column_names = names;
  FlowFrame out(std::move(node));
  frame::SchemaOf(out.plan());
  return out;
}

FlowFrame FlowFrame::cache(NodeOptions o) const {
  DataFrame result = collect();
  auto node = frame::NewNode("cache", o.description, {{"table", result.table_name()}}, {plan_});
  node->resource = std::shared_ptr<const void>(std::make_shared<DataFrame>(result));
  node->column_names = result.columns();
  return FlowFrame(std::move(node));
}

FlowFrame DataFrame::lazy(NodeOptions o) const {
  auto node = frame::NewNode("cache", o.description, {{"table", table_name_}}, {});
  node->resource = table_;
  node->column_names = columns();
  return FlowFrame(std::move(node));
}

}  // namespace ff
