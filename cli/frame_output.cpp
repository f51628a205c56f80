#include "frame_output.hpp"

#include <cstdlib>
#include <iostream>

#include "output.hpp"

namespace ff::cli {
namespace {

Json ValueJson(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull: return nullptr;
    case Value::Kind::kBool: return v.boolean;
    case Value::Kind::kInt: return v.integer;
    case Value::Kind::kUInt: return v.unsigned_integer;
    case Value::Kind::kDouble: return v.floating;
    case Value::Kind::kString: return v.text;
    default: return v.ToString();
  }
}

}  // namespace

Json RowsJson(const DataFrame& df) {
  Json rows = Json::array();
  const auto columns = df.columns();
  for (const auto& row : df.rows()) {
    Json object = Json::object();
    for (size_t i = 0; i < columns.size(); ++i) object[columns[i]] = ValueJson(row[i]);
    rows.push_back(std::move(object));
  }
  return rows;
}

void UseHome(const Context& context) {
  if (!context.home.empty()) ::setenv("FLOWFILE_HOME", context.home.c_str(), 1);
}

// Prints the frame's rows (or writes them to `output` by its extension).
void Emit(const Context& context, const FlowFrame& frame, const std::string& output,
          int64_t limit) {
  if (!output.empty()) {
    const auto dot = output.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : output.substr(dot + 1);
    if (ext == "csv") {
      frame.write_csv(output);
    } else if (ext == "parquet") {
      frame.write_parquet(output);
    } else if (ext == "ndjson" || ext == "jsonl" || ext == "json") {
      frame.write_ndjson(output);
    } else {
      throw UsageError("--output must end in .csv, .parquet or .ndjson, not '" + output + "'");
    }
    std::cout << "Wrote " << output << "\n";
    return;
  }
  const DataFrame df = (limit > 0 ? frame.head(limit) : frame).collect();
  if (context.json) {
    PrintJson(RowsJson(df));
  } else {
    std::cout << df.ToString(limit > 0 ? limit : 20) << "\n";
  }
}

}  // namespace ff::cli
