// Data types as users name them (Polars' names: Int64, String, Datetime, List(Int64) ...),
// mapped both ways to DuckDB's SQL types. The engine is DuckDB, so a frame's schema is what
// DuckDB reports, shown under these names.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ff {

struct DataType {
  //! Int8..Int64, UInt8..UInt64, Int128, Float32, Float64, Decimal, Boolean, String, Binary,
  //! Date, Time, Datetime, Duration, List, Array, Struct, Null, Unknown (anything else).
  std::string name = "Unknown";
  int precision = 38, scale = 0;                         //!< Decimal
  std::string time_unit = "us";                          //!< Datetime: ns | us | ms
  std::string time_zone;                                 //!< Datetime: empty = naive
  std::shared_ptr<const DataType> inner;                 //!< List / Array element
  std::vector<std::pair<std::string, DataType>> fields;  //!< Struct
  std::string duckdb_type;  //!< the DuckDB spelling when it came from DuckDB

  //! Polars' repr: "Int64", "Decimal(precision=10, scale=2)", "List(String)".
  std::string ToString() const;
  //! Polars' short form used in table headers: "i64", "str", "datetime[μs]", "list[i64]".
  std::string ShortName() const;
  //! The DuckDB type to CAST to. Throws kInvalidArgument for Unknown.
  std::string ToSql() const;
  bool IsNumeric() const;
  bool IsInteger() const;
  bool IsFloat() const;
  bool IsTemporal() const;
  bool operator==(const DataType& other) const { return ToString() == other.ToString(); }

  //! The type DuckDB reports ("BIGINT", "DECIMAL(10,2)", "VARCHAR[]", "STRUCT(a INTEGER)").
  static DataType FromDuckDb(const std::string& duckdb_type);
  //! A type by name with no parameters ("Int64", "Utf8" (alias of String), "Float64").
  //! Throws kInvalidArgument listing the known names.
  static DataType Named(const std::string& name);
  static DataType Decimal(int precision, int scale);
  static DataType Datetime(std::string time_unit = "us", std::string time_zone = "");
  static DataType List(DataType inner);
};

//! One column of a frame's schema.
struct Field {
  std::string name;
  DataType dtype;
};
using Schema = std::vector<Field>;

}  // namespace ff
