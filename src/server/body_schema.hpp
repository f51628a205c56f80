// Checks a request body against its route's JSON Schema before the handler runs, so every
// bad body gets one clear 400 naming the field and what is expected.
//
// Supported keywords (what the route table uses): type (a name or a list of names),
// properties, required, additionalProperties: false, items. Other keywords are documentation.
#pragma once

#include "api.hpp"

namespace ff::server {

//! Throws ApiError(400, "invalid_body") naming the first field that does not fit.
void CheckBody(const Json& body, const Json& schema);

}  // namespace ff::server
