// The database_reader node: built from its settings (a connection name and a table or query),
// for read_database() and for flow files.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "frame/plan_node.hpp"

namespace ff::frame {

//! Resolves the connection, opens (lazily) a driver source and registers it with the engine.
std::shared_ptr<PlanNode> NewDatabaseReaderNode(const nlohmann::json& params,
                                                const std::string& description);

//! What a database_reader reads, as the driver describes it ("postgresql 'prod_db': query
//! SELECT ... WHERE ..."): the pushed query, for explain(). Empty for other nodes.
std::string SourceDescription(const PlanNode& node);

//! When a database source under `root` recorded a failure, rethrows it with its own code
//! (kPermissionDenied, kIo, kNotFound) naming the node. Returns false otherwise.
bool ThrowSourceFailure(const NodePtr& root);

}  // namespace ff::frame
