// The read and output nodes' Excel, Arrow IPC and Avro files: settings -> src/formats, and
// formats::Table <-> frames (a read file becomes an engine table through from_columns; a
// written frame is collected, then written column by column).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "flow/registry.hpp"

namespace ff::flow {

//! Reads `path` (format excel | ipc | avro) with the received_file's table_settings; ipc
//! paths may be several files (directory mode) with identical columns and types.
FlowFrame ReadFormatFile(const NodeContext& c, const std::string& format,
                         const std::vector<std::string>& paths, const nlohmann::json& settings);

//! Writes `input` to `path` (format excel | ipc | avro) with output_settings.table_settings.
//! Returns the rows written.
int64_t WriteFormatFile(const NodeContext& c, const FlowFrame& input, const std::string& format,
                        const std::string& path, const nlohmann::json& settings);

}  // namespace ff::flow
