// Helpers for the Delta tests: locate the shared tables, run a scan, compare with expected.
#pragma once

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "delta/deletion_vector.hpp"
#include "delta/sql_session.hpp"
#include "flowfile/delta.hpp"

namespace ff::delta::testing {

inline std::string SharedTable(const std::string& name) {
  return std::string(FLOWFILE_SHARED_DIR) + "/testdata/delta/" + name;
}

//! Rows of a query, each rendered "v1|v2|..." (NULL for nulls), sorted as text.
inline std::vector<std::string> SortedRows(engine::Session& db, const std::string& sql) {
  std::vector<std::string> rows;
  for (const TextRow& row : db.QueryText(sql)) {
    std::string text;
    for (size_t i = 0; i < row.size(); ++i) text += (i ? "|" : "") + row[i].value_or("NULL");
    rows.push_back(text);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

//! A DuckDB session set to UTC, as DeltaScanSql expects.
inline void UseUtc(engine::Session& db) { db.Execute("SET TimeZone = 'UTC'"); }

//! Number of rows in `left` EXCEPT ALL `right`.
inline long ExceptAllCount(engine::Session& db, const std::string& left, const std::string& right) {
  auto rows = db.QueryText("SELECT count(*) FROM ((" + left + ") EXCEPT ALL (" + right + "))");
  return std::stol(rows.at(0).at(0).value());
}

//! The snapshot's columns (in schema order) selected by name from an expected Parquet glob.
inline std::string ExpectedSql(const Snapshot& snapshot, const std::string& glob) {
  std::string select;
  for (const StructField& field : snapshot.schema.fields) {
    select += (select.empty() ? "" : ", ") + SqlIdent(field.name);
  }
  return "SELECT " + select + " FROM read_parquet(" + SqlQuote(glob) + ", hive_partitioning=false)";
}

//! Serialised deletion bitmap (magic + 64-bit portable RoaringBitmap) of `rows`: one bucket,
//! one array container, so rows must be below 65536 and at most 4096 of them.
inline std::string DeletionBitmap(const std::vector<uint16_t>& rows) {
  std::string out;
  auto le = [&out](uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out += static_cast<char>(value >> (8 * i) & 0xFF);
  };
  le(1681511377, 4);  // magic
  le(1, 8);           // buckets
  le(0, 4);           // high 32 bits of the bucket
  le(12346, 4);       // cookie: no run containers
  le(1, 4);           // containers
  le(0, 2);           // container key
  le(rows.size() - 1, 2);
  le(16, 4);  // offset of the container data
  for (uint16_t row : rows) le(row, 2);
  return out;
}

//! An inline ("i") deletion vector descriptor of `rows` as a log JSON object.
inline nlohmann::json InlineDv(const std::vector<uint16_t>& rows) {
  std::string bytes = DeletionBitmap(rows);
  const size_t size = bytes.size();
  bytes.resize((size + 3) / 4 * 4, '\0');  // Z85 works on 4-byte groups
  return {{"storageType", "i"},
          {"pathOrInlineDv", Z85Encode(bytes)},
          {"sizeInBytes", size},
          {"cardinality", rows.size()}};
}

}  // namespace ff::delta::testing
