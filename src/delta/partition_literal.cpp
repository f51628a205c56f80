#include "delta/partition_literal.hpp"

#include "delta/sql_session.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {

std::string PartitionLiteral(const std::optional<std::string>& value, const DataType& type) {
  if (type.kind != DataType::Kind::kPrimitive && type.kind != DataType::Kind::kDecimal) {
    throw Error(ErrorCode::kInvalidArgument,
                "a partition column must have a primitive type, got " + DuckDbType(type));
  }
  const std::string sql_type = DuckDbType(type);
  if (!value || value->empty()) return "CAST(NULL AS " + sql_type + ")";
  if (type.primitive == "timestamp") {
    // Either ISO-8601 with 'Z'/offset, or "YYYY-MM-DD HH:MM:SS[.f]" which the protocol
    // (as delta-kernel) reads as UTC. Append an explicit UTC offset to the zone-less form so
    // the session time zone cannot shift it.
    const std::string& text = *value;
    const bool has_zone = text.back() == 'Z' || text.find('+', 10) != std::string::npos ||
                          text.find('-', 11) != std::string::npos;
    return "CAST(" + SqlQuote(has_zone ? text : text + "+00") + " AS TIMESTAMPTZ)";
  }
  if (type.primitive == "binary") return "encode(" + SqlQuote(*value) + ")";
  return "CAST(" + SqlQuote(*value) + " AS " + sql_type + ")";
}

}  // namespace ff::delta
