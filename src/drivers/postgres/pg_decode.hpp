// Decodes fields of PostgreSQL's binary COPY format straight into DuckDB vectors.
//
// One ColumnDecoder per output column. For every chunk: Bind(vector), then Decode() each
// row's field (nullptr data = NULL). Arrays must be one-dimensional (or empty); they fill a
// LIST vector's child. Malformed bytes throw ff::Error(kIo); values DuckDB cannot hold
// (numeric NaN into DECIMAL, multi-dimensional arrays) throw kInvalidArgument/kUnsupported.
#pragma once

#include <duckdb.h>

#include <cstdint>

#include "drivers/postgres/pg_types.hpp"

namespace ff::drivers::postgres {

class ColumnDecoder {
 public:
  explicit ColumnDecoder(PgColumnType type) : type_(type) {}

  //! Targets `vector` (a fresh chunk's vector) for the following Decode calls.
  void Bind(duckdb_vector vector);
  //! Writes the field at `row`; `data` == nullptr means NULL.
  void Decode(const char* data, int32_t length, idx_t row);

 private:
  void DecodeArray(const char* data, int32_t length, idx_t row);

  PgColumnType type_;
  duckdb_vector vector_ = nullptr;
  void* values_ = nullptr;
  uint64_t* validity_ = nullptr;
  idx_t list_size_ = 0;  // elements already in the LIST child for this chunk
};

}  // namespace ff::drivers::postgres
