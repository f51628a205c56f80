// The catalog_reader node, built from its settings for read_catalog_table() and flow files.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "frame/plan_node.hpp"

namespace ff::frame {

//! Resolves the table's version now (pinned) and reads exactly that version's files.
std::shared_ptr<PlanNode> NewCatalogReaderNode(const nlohmann::json& params,
                                               const std::string& description);

}  // namespace ff::frame
