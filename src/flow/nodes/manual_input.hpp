// manual_input's data (raw_data_format, column-major), shared with flow_input, whose sample
// data has the same shape.
#pragma once

#include <vector>

#include "flow/registry.hpp"

namespace ff::flow {

//! The frame of the node's raw_data_format; types as declared, or inferred when the values do
//! not convert (as Flowfile retries without them).
std::vector<FlowFrame> BuildManualInput(const NodeContext& c);

}  // namespace ff::flow
