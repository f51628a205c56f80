// Reads the actions stored in a checkpoint (classic, multi-part or V2 with sidecars).
#pragma once

#include <vector>

#include "delta/actions.hpp"
#include "delta/log_files.hpp"

namespace ff::engine {
class Session;
}  // namespace ff::engine

namespace ff::delta {

//! All actions of the checkpoint, sidecar file actions included. Parquet rows are rendered to
//! JSON by DuckDB and parsed like commit lines, so one parser serves both forms.
std::vector<Action> ReadCheckpointActions(engine::Session& db, const CheckpointRef& checkpoint,
                                          const std::string& log_dir);

}  // namespace ff::delta
