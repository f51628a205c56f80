// Values given in code -> an engine table (through DuckDB's appender), with Polars' type
// inference for each column.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "flowfile/dtypes.hpp"
#include "flowfile/value.hpp"
#include "frame/plan_node.hpp"

namespace ff::frame {

//! The DuckDB type of a column of values: Int64 for integers, Float64 once any float appears,
//! String, Boolean, Date, Datetime, Duration, Binary, Decimal (widest scale), List of the
//! items' type, Struct of the first non-null value's fields. Mixed kinds throw
//! kInvalidArgument naming the column, the row and both types.
std::string InferDuckDbType(const std::string& column, const std::vector<Value>& values);

//! Creates and fills a new engine table. Columns must have equal lengths.
std::shared_ptr<EngineTable> LoadValues(
    const std::vector<std::pair<std::string, std::vector<Value>>>& columns,
    const std::map<std::string, DataType>& types);

}  // namespace ff::frame
