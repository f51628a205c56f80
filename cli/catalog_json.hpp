// Catalog records as --json prints them: the field names and types `ff.catalog` returns in
// Python (full_name, created_at, timestamp as ISO-8601 UTC, numbers as numbers).
#pragma once

#include <cstdint>
#include <string>

#include "flowfile/catalog.hpp"
#include "output.hpp"

namespace ff::cli {

//! Epoch milliseconds as "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string IsoTime(int64_t ms);

//! As ff.catalog.get_table(); columns as [name, type] pairs.
Json TableJson(const TableInfo& t);

//! As ff.catalog.history()'s entries: timestamp (ISO-8601) and timestamp_ms.
Json HistoryJson(const CatalogHistoryEntry& h);

//! As ff.catalog.restore() and ff.catalog.last_write().
Json WriteJson(const CatalogWriteResult& r);

}  // namespace ff::cli
