// The preview shape shared by database and catalog previews:
// {"columns": [{"name", "type"}], "rows": [[...], ...]}.
#pragma once

#include "api.hpp"
#include "flowfile/frame.hpp"

namespace ff::server {

//! Numbers, booleans, text and nulls as JSON values; everything else as its text form.
Json PreviewJson(const DataFrame& frame);
//! The JSON Schema of a preview.
Json PreviewSchema();
//! The `limit` query parameter of previews: 1..10000, default 100.
int64_t PreviewLimit(const Call& call);

}  // namespace ff::server
