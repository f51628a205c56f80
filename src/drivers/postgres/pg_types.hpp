// PostgreSQL <-> DuckDB type mapping (documented in docs/databases.md).
//
// Reading: ReadTypeFor(oid, typmod) says how a result column is decoded from binary COPY.
// Types without a binary decoder here (inet, money, enums, domains, xml, ...) are marked
// `cast_to_text`: the reader selects them as `::text` and they arrive as VARCHAR.
// numeric(p,s) with 0 <= s <= p <= 38 becomes DECIMAL(p,s); any other numeric (no typmod,
// p > 38, negative scale) becomes DOUBLE.
//
// Writing: WriteTypeFor(duckdb type) picks the PostgreSQL column type for a created table;
// WriteTypeForTarget(oid, typmod) picks how to feed an existing column. Both return the DuckDB
// type the rows are CAST to before encoding, so the encoder only ever sees the layouts it knows.
#pragma once

#include <duckdb.h>

#include <cstdint>
#include <optional>
#include <string>

namespace ff::drivers::postgres {

//! A type OID (libpq's Oid, without including libpq here).
using PgOid = uint32_t;

// Type OIDs from PostgreSQL's pg_type.dat (stable across versions).
namespace oid {
inline constexpr PgOid kBool = 16, kBytea = 17, kChar = 18, kName = 19, kInt8 = 20, kInt2 = 21,
                       kInt4 = 23, kText = 25, kJson = 114, kFloat4 = 700, kFloat8 = 701,
                       kBpchar = 1042, kVarchar = 1043, kDate = 1082, kTime = 1083,
                       kTimestamp = 1114, kTimestampTz = 1184, kInterval = 1186, kNumeric = 1700,
                       kUuid = 2950, kJsonb = 3802;
}  // namespace oid

//! The scalar layouts the binary codec handles.
enum class PgKind {
  kBool,
  kInt2,
  kInt4,
  kInt8,
  kFloat4,
  kFloat8,
  kNumericDecimal,  //!< numeric read as / written from DECIMAL(width, scale)
  kNumericDouble,   //!< numeric read as DOUBLE
  kNumericText,     //!< numeric written from the text of a number (unconstrained targets)
  kText,            //!< text, varchar, bpchar, name, "char", json (and ::text casts)
  kJsonb,           //!< jsonb: a version byte, then the text
  kBytea,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kInterval,
  kUuid,
};

struct PgColumnType {
  PgKind kind = PgKind::kText;
  bool is_array = false;      //!< a 1-D array of `kind` <-> LIST
  uint8_t width = 0;          //!< DECIMAL width (kNumericDecimal)
  uint8_t scale = 0;          //!< DECIMAL scale (kNumericDecimal)
  bool cast_to_text = false;  //!< read as `column::text`
  PgOid element_oid = 0;      //!< the scalar type OID (element OID for arrays)
};

//! How a result column of type `type_oid` / `typmod` is read.
PgColumnType ReadTypeFor(PgOid type_oid, int typmod);
//! The DuckDB type a column reads into (the caller destroys it).
duckdb_logical_type DuckTypeFor(const PgColumnType& type);

//! The DuckDB SQL spelling of the type a column reads into ("DECIMAL(10,2)", "BIGINT[]").
std::string DuckSqlFor(const PgColumnType& type);

//! A column type on the writing side.
struct PgWriteType {
  PgColumnType codec;     //!< how values are encoded
  PgOid type_oid = 0;     //!< the column's type (array type for arrays)
  std::string sql;        //!< its SQL spelling for CREATE TABLE ("numeric(10,2)", "text[]")
  std::string duck_cast;  //!< the DuckDB type rows are cast to before encoding
};

//! The PostgreSQL type for a new column holding DuckDB `type`; nullopt when unsupported.
std::optional<PgWriteType> WriteTypeFor(duckdb_logical_type type);
//! How to feed an existing column of `type_oid` / `typmod`; nullopt when unsupported.
std::optional<PgWriteType> WriteTypeForTarget(PgOid type_oid, int typmod);

//! A readable name of a DuckDB type for messages ("STRUCT(a INTEGER)").
std::string DuckTypeName(duckdb_logical_type type);

}  // namespace ff::drivers::postgres
