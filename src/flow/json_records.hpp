// JSON records (a REST API's response) to a frame, flattened as Polars' json_normalize does:
// nested objects become "parent.child" columns, columns appear in the order first seen, and
// a key missing from a record is null there.
//
// Contract:
//  - Numbers: integers give Int64, any float in the column gives Float64; true/false Boolean;
//    text String. Arrays of scalars of one kind become List columns.
//  - Arrays holding objects or mixed kinds, and columns mixing kinds (a number in one record,
//    text in another), become JSON text (String) rather than failing or losing values.
//  - Columns listed in `fields` (name -> type) take that type; with no records they give an
//    empty frame of those columns (a frame needs at least one column, so no records and no
//    fields is an error the caller words).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "flowfile/frame.hpp"

namespace ff::flow {

FlowFrame FrameFromRecords(const std::vector<nlohmann::ordered_json>& records,
                           const std::vector<std::pair<std::string, DataType>>& fields,
                           NodeOptions options);

}  // namespace ff::flow
