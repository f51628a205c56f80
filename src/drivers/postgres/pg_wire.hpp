// Big-endian integers as PostgreSQL's binary formats use them, and the epochs they count from.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

namespace ff::drivers::postgres::wire {

//! PostgreSQL counts dates and timestamps from 2000-01-01; DuckDB from 1970-01-01.
inline constexpr int32_t kEpochDays = 10957;
inline constexpr int64_t kEpochMicros = 946684800000000LL;

template <typename T>
T Read(const char* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  if constexpr (sizeof(T) == 2) {
    uint16_t bits;
    std::memcpy(&bits, &value, 2);
    bits = __builtin_bswap16(bits);
    std::memcpy(&value, &bits, 2);
  } else if constexpr (sizeof(T) == 4) {
    uint32_t bits;
    std::memcpy(&bits, &value, 4);
    bits = __builtin_bswap32(bits);
    std::memcpy(&value, &bits, 4);
  } else if constexpr (sizeof(T) == 8) {
    uint64_t bits;
    std::memcpy(&bits, &value, 8);
    bits = __builtin_bswap64(bits);
    std::memcpy(&value, &bits, 8);
  }
  return value;
}

template <typename T>
void Append(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  if constexpr (sizeof(T) == 2) {
    uint16_t bits;
    std::memcpy(&bits, bytes, 2);
    bits = __builtin_bswap16(bits);
    std::memcpy(bytes, &bits, 2);
  } else if constexpr (sizeof(T) == 4) {
    uint32_t bits;
    std::memcpy(&bits, bytes, 4);
    bits = __builtin_bswap32(bits);
    std::memcpy(bytes, &bits, 4);
  } else if constexpr (sizeof(T) == 8) {
    uint64_t bits;
    std::memcpy(&bits, bytes, 8);
    bits = __builtin_bswap64(bits);
    std::memcpy(bytes, &bits, 8);
  }
  out.append(bytes, sizeof(T));
}

//! Overwrites 4 bytes at `at` with `value` (a length filled in after the payload).
inline void Patch32(std::string& out, size_t at, int32_t value) {
  uint32_t bits = __builtin_bswap32(static_cast<uint32_t>(value));
  std::memcpy(out.data() + at, &bits, 4);
}

}  // namespace ff::drivers::postgres::wire
