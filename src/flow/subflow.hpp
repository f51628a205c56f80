// run_flow: another flow file run as a step of this one (Flowfile's sub-flows).
//
// Contract (Flowfile's semantics):
//  - flow_reference.flow_path names the flow file, relative to the calling flow's directory
//    (else the base directory). Catalog flow registrations are not kept here.
//  - Input handle input-0 carries parameter data; input-N (N >= 1) feeds the sub-flow's
//    flow_input named input_slots[N-1] (input_slots defaults to the sub-flow's flow_input
//    names in id order). Output handle output-i is the sub-flow's flow_output named
//    output_slots[i]; without output_slots the node gives one summary row per run
//    (run_index, success, param_<name>...).
//  - parameter_bindings give each sub-flow parameter its value: "default", "constant"
//    (constant_value) or "column" (column_name of the parameter data). iteration_mode
//    "first_value" runs once with the first row; "iterate" runs once per row (at most 1000;
//    no rows give empty outputs) and unions the runs by column name, adding param_<name> for
//    each bound parameter and run_index (UInt32, from 1) unless append_run_metadata is false.
//  - A flow that runs itself, directly or through the flows it runs, fails naming the chain;
//    sub-flows nest at most kMaxSubflowDepth deep.
//  - Outputs are lazy: the sub-flow compiles into the caller's queries. During Flow::Run the
//    sub-flow's own writers run once per run (never in a dry run).
#pragma once

#include <vector>

#include "flow/registry.hpp"

namespace ff::flow {

constexpr size_t kMaxSubflowDepth = 5;
constexpr int64_t kMaxSubflowRuns = 1000;

//! The node's outputs (lazy), one per output slot, or the run summary.
std::vector<FlowFrame> BuildRunFlow(const NodeContext& c);
//! Runs the writers inside the sub-flow, once per run; throws naming the sub-flow, the run
//! and its failed node. Returns -1 (nothing to count).
int64_t RunSubflowWriters(const NodeContext& c);

}  // namespace ff::flow
