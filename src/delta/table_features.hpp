// Which protocol versions and table features this implementation can honour.
#pragma once

#include <string>

#include "flowfile/delta.hpp"

namespace ff::delta {

//! Throws kUnsupported naming the first table feature (or version) we cannot read.
void CheckReadSupported(const Protocol& protocol, const Metadata& metadata);

//! Throws kUnsupported naming the first table feature (or version) we cannot write.
void CheckWriteSupported(const Protocol& protocol, const Metadata& metadata);

//! "none", "name" or "id": the column mapping mode in force (the property counts only when
//! the protocol enables column mapping).
std::string ColumnMappingMode(const Protocol& protocol, const Metadata& metadata);

}  // namespace ff::delta
