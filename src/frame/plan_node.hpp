// A frame's plan: immutable nodes, each one step the user wrote (a read, a filter, a join),
// linked to its inputs. Frames share nodes, so branching a frame costs one node.
//
// A node's `params` hold everything needed to compile it and to rebuild it from a flow file
// (expressions as JSON, see expr_json.hpp); nothing about a node lives elsewhere, except
// `resource`, which keeps engine tables a source node reads alive for as long as the node is.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/dtypes.hpp"

namespace ff::frame {

struct PlanNode;
using NodePtr = std::shared_ptr<const PlanNode>;

struct PlanNode {
  uint64_t id = 0;          //!< unique in the process; flow files renumber from 1
  std::string type;         //!< Flowfile's node type name (filter, formula, group_by, ...)
  std::string description;  //!< the user's `description=`
  nlohmann::json params;    //!< the node's settings (see node_sql.cpp for each type's keys)
  std::vector<NodePtr> inputs;
  std::shared_ptr<const void> resource;
  //! What the node reads in the engine at run time (a registered source id, an attached
  //! database alias): process-local, never saved in flow files.
  std::string runtime_ref;

  //! Output column names when they follow from the inputs' names alone (no engine call):
  //! what call-time validation uses. Empty optional: ask the engine (SchemaOf).
  std::optional<std::vector<std::string>> column_names;

  // Schema cache, filled by SchemaOf on first use.
  mutable std::mutex schema_mutex;
  mutable std::optional<Schema> schema;

  //! What the node's SQL needs from its input's data (pivot's new column names), read on
  //! first compile and kept for the node's life: building a plan never reads data.
  mutable std::mutex data_mutex;
  mutable std::optional<nlohmann::json> from_data;
  //! True when this node or one it depends on is such a node: its columns are known only
  //! once the data is read, so call-time checks leave them to the compile.
  bool columns_need_data = false;
};

//! A new node with a fresh id.
std::shared_ptr<PlanNode> NewNode(std::string type, std::string description, nlohmann::json params,
                                  std::vector<NodePtr> inputs);

//! A table in the engine database that is dropped when the last owner lets go.
class EngineTable {
 public:
  explicit EngineTable(std::string name) : name_(std::move(name)) {}
  ~EngineTable();
  EngineTable(const EngineTable&) = delete;
  EngineTable& operator=(const EngineTable&) = delete;
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

}  // namespace ff::frame
