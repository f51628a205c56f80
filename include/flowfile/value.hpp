// One cell of a result: what DataFrame::rows(), row(i) and column() return. Nested types
// (lists, structs) nest Values; temporal values keep DuckDB's integer forms so no precision is
// lost on the way to the caller.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ff {

struct Value {
  enum class Kind {
    kNull,
    kBool,
    kInt,       //!< every signed integer width
    kUInt,      //!< every unsigned width
    kDouble,    //!< Float32 and Float64
    kString,    //!< also enums and UUIDs (canonical text)
    kBinary,    //!< raw bytes in `text`
    kDecimal,   //!< exact decimal text in `text` ("-12.50")
    kDate,      //!< `integer` = days since 1970-01-01
    kTime,      //!< `integer` = microseconds since midnight
    kDatetime,  //!< `integer` = microseconds since the epoch; `utc` for timestamptz
    kDuration,  //!< `months`, `days`, `integer` (microseconds)
    kList,
    kStruct,  //!< `items` with their `names`
  };
  Kind kind = Kind::kNull;
  bool boolean = false;
  int64_t integer = 0;
  uint64_t unsigned_integer = 0;
  double floating = 0;
  int32_t months = 0, days = 0;
  bool utc = false;
  std::string text;
  std::vector<Value> items;
  std::vector<std::string> names;

  bool is_null() const { return kind == Kind::kNull; }
  //! Display text as Polars prints cells: null, true, 1.5, "text" (unquoted), 2024-01-31.
  std::string ToString() const;
  bool operator==(const Value& other) const;
};

}  // namespace ff
