// The in-memory form of an opened flow: nodes in file order with their wiring resolved, a
// topological order, and the document itself (kept verbatim for saving).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/flow.hpp"

namespace ff::flow {

//! An edge into a node's port: the upstream node and which of its outputs (handle index).
struct InputEdge {
  int64_t from = 0;
  int handle = 0;
  int port = 0;  //!< the input handle it enters by: N of "input-N" (input_connections), else 0
};

struct FlowNodeModel {
  int64_t id = 0;
  std::string type;
  std::string description;
  std::vector<InputEdge> main;  //!< port input-0, in order
  std::optional<InputEdge> right;
  std::optional<InputEdge> left;
  std::vector<int64_t> outputs;
  size_t position = 0;  //!< index in the document's `nodes`

  //! "node 3 (join 'Join orders')": how errors name a node.
  std::string Label() const;
};

struct FlowModel {
  std::string path;  //!< empty when parsed from text
  std::string source_name;
  std::string name;
  nlohmann::json document;  //!< as read; nodes[position] is each node's object
  std::vector<FlowNodeModel> nodes;
  std::map<int64_t, size_t> index;  //!< id -> nodes[i]
  std::vector<size_t> order;        //!< topological, ties by file order
  std::vector<FlowParameter> parameters;

  const FlowNodeModel& Node(int64_t id) const;
  const nlohmann::json& Settings(const FlowNodeModel& node) const;
  const nlohmann::json& RawNode(const FlowNodeModel& node) const;
};

//! Builds the model from a parsed document; throws kInvalidArgument naming `source_name`, the
//! node and the field for every structural problem (see flow.hpp's contract).
FlowModel BuildModel(nlohmann::json document, const std::string& source_name);

}  // namespace ff::flow
