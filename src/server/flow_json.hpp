// A flow as the Designer's canvas sees it, and back.
//
// Canvas JSON: {"name", "settings" (flowfile_settings verbatim), "parameters" (when sent,
// they replace settings.parameters),
// "extra" (other top-level keys), "nodes": [{"id", "type", "description", "settings"
// (setting_input verbatim), "position": {"x", "y"}, "inputs": {"main": [ids], "right": id|null,
// "left": id|null}, "runnable", "extra" (the node's other keys), "schema"?, "error"?}],
// "edges": [{"id", "source", "target", "source_handle", "target_handle"}]}.
//
// Contract: CanvasToFlow(FlowToCanvas(f)) saves the same document as f (keys we do not know
// travel in "extra"); "edges", "schema" and "error" are derived and ignored on
// the way back. Node outputs are recomputed from the inputs.
#pragma once

#include <string>

#include "api.hpp"
#include "flowfile/flow.hpp"

namespace ff::server {

//! The canvas JSON of `flow`; with `predict`, each node gets its predicted "schema"
//! ([{"name", "type"}]) or the "error" that keeps it from being built.
Json FlowToCanvas(const Flow& flow, bool predict);
//! Parses canvas JSON into a flow (the core's checks apply; errors name `source`).
Flow CanvasToFlow(const Json& canvas, const std::string& source);
//! The JSON Schema of canvas JSON (OpenAPI).
Json CanvasSchema();

}  // namespace ff::server
