#include "catalog_json.hpp"

#include <cstdio>
#include <ctime>

namespace ff::cli {

std::string IsoTime(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(ms % 1000));
  return std::string(text) + millis;
}

Json TableJson(const TableInfo& t) {
  Json columns = Json::array();  // [name, type] pairs, as Python's list of tuples
  for (const auto& [name, type] : t.columns) columns.push_back(Json::array({name, type}));
  return {{"id", t.id},
          {"full_name", t.full_name},
          {"catalog", t.catalog},
          {"schema", t.schema},
          {"name", t.name},
          {"location", t.location},
          {"format", t.format},
          {"owner", t.owner},
          {"created_at", t.created_at},
          {"updated_at", t.updated_at},
          {"row_count", t.row_count},
          {"size_bytes", t.size_bytes},
          {"partition_columns", t.partition_columns},
          {"description", t.description},
          {"version", t.version},
          {"source_run_id", t.source_run_id},
          {"scd2", t.scd2_config.empty() ? Json(nullptr) : Json::parse(t.scd2_config)},
          {"columns", columns}};
}

Json HistoryJson(const CatalogHistoryEntry& h) {
  return {{"version", h.version},
          {"timestamp", IsoTime(h.timestamp_ms)},
          {"timestamp_ms", h.timestamp_ms},
          {"operation", h.operation},
          {"parameters", Json::parse(h.parameters_json.empty() ? "{}" : h.parameters_json)},
          {"run_id", h.run_id},
          {"rows_inserted", h.rows_inserted},
          {"rows_updated", h.rows_updated},
          {"rows_deleted", h.rows_deleted},
          {"files_added", h.files_added},
          {"files_removed", h.files_removed}};
}

Json WriteJson(const CatalogWriteResult& r) {
  return {{"full_name", r.full_name},       {"version", r.version},
          {"committed", r.committed},       {"rows_inserted", r.rows_inserted},
          {"rows_updated", r.rows_updated}, {"rows_deleted", r.rows_deleted},
          {"files_added", r.files_added},   {"files_removed", r.files_removed}};
}

}  // namespace ff::cli
