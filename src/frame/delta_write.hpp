// One Delta write of a frame's rows, shared by write_delta on disk and on cloud storage (where
// `root` is the table's local mirror).
#pragma once

#include <string>

#include "flowfile/delta.hpp"
#include "flowfile/delta_frames.hpp"

namespace ff::frame {

//! Commits the frame's rows to the Delta table at `root`. Throws kInvalidArgument for an
//! unknown write_mode or schema_mode, and what delta::WriteTable throws.
delta::WriteResult WriteDeltaAt(const FlowFrame& frame, const std::string& root,
                                const WriteDeltaOptions& options);

}  // namespace ff::frame
