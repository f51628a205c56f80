// The database_reader node: built from its settings (a connection name and a table or query),
// for read_database() and for flow files.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "frame/plan_node.hpp"
#include "util/sql_dialect.hpp"

namespace ff::frame {

//! Resolves the connection, opens (lazily) a driver source and registers it with the engine.
std::shared_ptr<PlanNode> NewDatabaseReaderNode(const nlohmann::json& params,
                                                const std::string& description);

//! The SQL dialect a connection type's server speaks, for filters pushed into its query;
//! nullopt for types read without a query of ours (a duckdb file is attached, and the engine
//! filters its tables itself).
std::optional<sql::Dialect> SourceDialect(const std::string& database_type);

//! What a database_reader reads, as the driver describes it ("postgresql 'prod_db': query
//! SELECT ... WHERE ..."): the pushed query, for explain(). Empty for other nodes.
std::string SourceDescription(const PlanNode& node);

//! When a database source under `root` recorded a failure, rethrows it with its own code
//! (kPermissionDenied, kIo, kNotFound) naming the node. Returns false otherwise.
bool ThrowSourceFailure(const NodePtr& root);

}  // namespace ff::frame
