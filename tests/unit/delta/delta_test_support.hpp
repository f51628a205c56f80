// Helpers for the Delta tests: locate the shared tables, run a scan, compare with expected.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "engine/delta_duckdb.hpp"
#include "flowfile/delta.hpp"

namespace ff::delta::testing {

inline std::string SharedTable(const std::string& name) {
  return std::string(FLOWFILE_SHARED_DIR) + "/testdata/delta/" + name;
}

//! Rows of a query, each rendered "v1|v2|..." (NULL for nulls), sorted as text.
inline std::vector<std::string> SortedRows(DeltaDuckDb& db, const std::string& sql) {
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
inline void UseUtc(DeltaDuckDb& db) { db.Execute("SET TimeZone = 'UTC'"); }

//! Number of rows in `left` EXCEPT ALL `right`.
inline long ExceptAllCount(DeltaDuckDb& db, const std::string& left, const std::string& right) {
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

}  // namespace ff::delta::testing
