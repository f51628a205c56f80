// Decoding of MySQL / MariaDB text-protocol values into DuckDB vectors.
//
// The server sends every value as text ("42", "-1.50", "2024-01-31 12:00:00.5"); the column's
// ColumnKind (from its MYSQL_FIELD) says which DuckDB type it is written as. Kept apart from
// libmariadb so captured or fuzzed rows can be decoded without a server.
#pragma once

#include <duckdb.h>

#include <cstdint>

namespace ff::drivers::mariadb {

//! The DuckDB type a result column is read into.
struct ColumnKind {
  duckdb_type type = DUCKDB_TYPE_VARCHAR;
  uint8_t width = 0, scale = 0;  //!< DECIMAL(width, scale), width 1..38
};

//! The DuckDB logical type of `kind` (the caller destroys it).
duckdb_logical_type LogicalFor(const ColumnKind& kind);

//! Writes the value `text` (`length` bytes; nullptr = SQL NULL) at `row` of `vector`, whose
//! data pointer is `data`. Zero dates ("0000-00-00") become NULL, as MySQL means them.
//! Text the column type cannot hold (a number out of range, an unparseable date) throws
//! ff::Error(kIo) naming the column kind and the value.
void WriteTextValue(duckdb_vector vector, void* data, const ColumnKind& kind, idx_t row,
                    const char* text, unsigned long length);

}  // namespace ff::drivers::mariadb
