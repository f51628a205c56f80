// The one plan-time question answered from data: which values a pivot's `on` column holds
// (they become its output columns). Asked only when the pivot's columns or SQL are needed,
// once per node.
#include "engine/engine.hpp"
#include "flowfile/errors.hpp"
#include "frame/compiler.hpp"
#include "frame/database_nodes.hpp"
#include "frame/node_sql_helpers.hpp"

namespace ff::frame {

std::vector<std::string> PivotOnValues(const PlanNode& node) {
  if (node.params.contains("on_values")) {
    return node.params.at("on_values").get<std::vector<std::string>>();
  }
  {
    std::lock_guard<std::mutex> lock(node.schema_mutex);
    if (node.discovered) return *node.discovered;
  }
  const NodePtr& input = node.inputs.at(0);
  const std::string sql = PivotValuesSql(CompileSql(input), node.params.at("on").get<std::string>(),
                                         ColumnNamesOf(input));
  std::vector<std::string> values;
  try {
    auto connection = engine::Engine::Get().Acquire();
    for (const auto& row : connection->QueryText(sql)) values.push_back(row.at(0).value_or(""));
  } catch (const Error& error) {
    if (error.code() != ErrorCode::kEngine) throw;
    ThrowSourceFailure(input);  // a driver's own error keeps its code
    ThrowAttributed(input, error);
  }
  std::lock_guard<std::mutex> lock(node.schema_mutex);
  if (!node.discovered) node.discovered = std::move(values);
  return *node.discovered;
}

}  // namespace ff::frame
