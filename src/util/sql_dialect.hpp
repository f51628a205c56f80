// SQL text for the dialects Flowfile speaks: DuckDB (the engine), PostgreSQL, MySQL/MariaDB and
// SQLite (the sources). Whatever a user names or filters on reaches SQL only through here, so
// a table called `we"ird`, a column called `order` or a value with quotes, backslashes or
// non-ASCII text means exactly itself in every dialect.
//
//   Identifier("we\"ird", Dialect::kSqlite)   -> "we""ird"
//   Identifier("order", Dialect::kMySql)      -> `order`
//   String("it's", Dialect::kPostgres)        -> 'it''s'
//   Render({Constant::kDate, .text = "2024-01-01"}, Dialect::kMySql)  -> DATE '2024-01-01'
//   Render({Constant::kDate, .text = "2024-01-01"}, Dialect::kSqlite) -> nullopt (no date type)
//
// Render returns nullopt when the dialect has no literal with exactly the engine's meaning;
// callers then leave the work to DuckDB instead of sending an approximation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ff::sql {

enum class Dialect { kDuckDb, kPostgres, kMySql, kSqlite };

//! "duckdb", "postgresql", "mysql", "sqlite": for messages.
const char* DialectName(Dialect dialect);

//! A quoted identifier: "..." with doubled quotes, `...` with doubled backticks for MySQL.
//! Throws kInvalidArgument for a name holding a NUL byte (no dialect can spell one).
std::string Identifier(std::string_view name, Dialect dialect = Dialect::kDuckDb);

//! `schema.name`, each quoted; just the quoted name when schema is empty.
std::string Qualified(std::string_view schema, std::string_view name,
                      Dialect dialect = Dialect::kDuckDb);

//! A string literal meaning exactly `text` whatever the server's settings: '...' with doubled
//! quotes; E'...' when PostgreSQL text holds a backslash; for MySQL a hex literal with a
//! utf8mb4 introducer (immune to NO_BACKSLASH_ESCAPES and the connection charset).
//! Throws kInvalidArgument for text holding a NUL byte (outside MySQL, which has hex literals).
std::string String(std::string_view text, Dialect dialect = Dialect::kDuckDb);

//! A typed constant. `text` holds the value for strings and blobs (raw bytes) and the
//! canonical text of decimals ("-12.50"), dates ("2024-01-31"), times ("13:45:00.5"),
//! timestamps ("2024-01-31 13:45:00") and UTC timestamps ("2024-01-31 13:45:00+00").
struct Constant {
  enum Type {
    kNull,
    kBool,
    kInteger,
    kDouble,
    kDecimal,
    kString,
    kBlob,
    kDate,
    kTime,
    kTimestamp,
    kTimestampTz
  };
  Type type = kNull;
  std::string text;
  bool boolean = false;
  int64_t integer = 0;
  double real = 0;
};

//! The constant as a literal of `dialect` with the engine's meaning, or nullopt when the
//! dialect cannot say it exactly: non-finite doubles, text with NUL bytes; booleans in MySQL
//! and SQLite (integers there: 2 is true in the engine but not equal to TRUE); dates, times
//! and timestamps in SQLite (stored as free text); time zones in MySQL; decimals in SQLite
//! with more digits than a double holds. Malformed decimal or temporal text is nullopt too.
std::optional<std::string> Render(const Constant& constant, Dialect dialect);

}  // namespace ff::sql
