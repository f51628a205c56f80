#include "preview_json.hpp"

#include <cmath>

#include "schema_helpers.hpp"

namespace ff::server {
namespace {

Json ValueJson(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull: return nullptr;
    case Value::Kind::kBool: return v.boolean;
    case Value::Kind::kInt: return v.integer;
    case Value::Kind::kUInt: return v.unsigned_integer;
    case Value::Kind::kDouble:
      // JSON has no NaN or infinity: those travel as text.
      if (!std::isfinite(v.floating)) return v.ToString();
      return v.floating;
    case Value::Kind::kString: return v.text;
    default: return v.ToString();
  }
}

}  // namespace

Json PreviewJson(const DataFrame& frame) {
  Json columns = Json::array();
  for (const auto& field : frame.schema()) {
    columns.push_back({{"name", field.name}, {"type", field.dtype.ToString()}});
  }
  Json rows = Json::array();
  for (const auto& row : frame.rows()) {
    Json out = Json::array();
    for (const auto& value : row) out.push_back(ValueJson(value));
    rows.push_back(std::move(out));
  }
  return {{"columns", std::move(columns)}, {"rows", std::move(rows)}};
}

Json PreviewSchema() {
  using namespace schema;
  return Object({{"columns", ArrayOf(Object({{"name", Str()}, {"type", Str()}}))},
                 {"rows", ArrayOf(ArrayOf(Any()))},
                 {"total_rows", Int()},
                 {"version", Int()}});
}

int64_t PreviewLimit(const Call& call) { return call.IntQuery("limit", 1, 10000).value_or(100); }

}  // namespace ff::server
