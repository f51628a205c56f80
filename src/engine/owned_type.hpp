// An owned duckdb_logical_type, destroyed with the object (the C API hands out owned types).
#pragma once

#include <duckdb.h>

namespace ff::engine {

struct OwnedType {
  duckdb_logical_type type;
  explicit OwnedType(duckdb_logical_type t) : type(t) {}
  ~OwnedType() { duckdb_destroy_logical_type(&type); }
  OwnedType(const OwnedType&) = delete;
  OwnedType& operator=(const OwnedType&) = delete;
};

}  // namespace ff::engine
