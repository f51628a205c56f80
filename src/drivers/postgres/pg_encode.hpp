// Encodes DuckDB vector values as fields of PostgreSQL's binary COPY format.
//
// One ColumnEncoder per column. The vector must already have the DuckDB type the codec
// expects (PgWriteType::duck_cast — the sink CASTs in SQL first): e.g. kInt2 reads SMALLINT,
// kNumericDecimal reads DECIMAL(width, scale), kNumericText reads VARCHAR, arrays read LIST.
#pragma once

#include <duckdb.h>

#include <string>

#include "drivers/postgres/pg_types.hpp"

namespace ff::drivers::postgres {

class ColumnEncoder {
 public:
  explicit ColumnEncoder(PgColumnType type) : type_(type) {}

  //! Reads from `vector` (a flat vector of the current chunk) in the following Append calls.
  void Bind(duckdb_vector vector);
  //! Appends the field for `row` (int32 length, then the bytes; -1 for NULL) to `out`.
  void Append(idx_t row, std::string& out) const;

 private:
  PgColumnType type_;
  void* values_ = nullptr;
  uint64_t* validity_ = nullptr;
  void* child_values_ = nullptr;  // LIST child data
  uint64_t* child_validity_ = nullptr;
};

}  // namespace ff::drivers::postgres
