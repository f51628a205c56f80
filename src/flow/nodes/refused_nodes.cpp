// Node types that open, show and save but cannot run in this engine, each with the reason.
#include "flow/registry.hpp"

namespace ff::flow {

namespace {

NodeType Refused(std::string key, std::string label, std::string group, int min_inputs,
                 int max_inputs, std::string why) {
  NodeType t;
  t.key = std::move(key);
  t.label = std::move(label);
  t.group = std::move(group);
  t.min_inputs = min_inputs;
  t.max_inputs = max_inputs;
  t.refusal = std::move(why);
  return t;
}

}  // namespace

void AddRefusedNodes(std::vector<NodeType>& types) {
  types.push_back(Refused("polars_code", "Polars code", "transform", 0, -1,
                          "polars_code runs Python with Polars, which this engine does not embed; "
                          "rewrite the step as a sql_query node (SQL over input_1 … input_N)"));
  types.push_back(Refused("python_script", "Python script", "transform", 0, -1,
                          "python_script needs Flowfile's Python kernel, which this engine does "
                          "not run"));
  types.push_back(Refused("kafka_source", "Kafka source", "input", 0, 0,
                          "reading from Kafka is not supported"));
  types.push_back(Refused("google_analytics_reader", "Google Analytics", "input", 0, 0,
                          "reading from Google Analytics is not supported"));
  types.push_back(Refused("external_source", "External source", "input", 0, 0,
                          "external_source runs a Python generator (a Flowfile demo); use a read "
                          "or manual_input node"));
  for (const char* ml : {"train_model", "apply_model", "evaluate_model"}) {
    types.push_back(Refused(ml, ml, "transform", 1, 1,
                            "the machine-learning nodes need Flowfile's Python runtime"));
  }
  types.push_back(Refused("promise", "Unconfigured node", "other", 0, -1,
                          "the node was never configured (a placeholder); set it up or remove it"));
}

}  // namespace ff::flow
