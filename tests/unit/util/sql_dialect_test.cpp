#include "util/sql_dialect.hpp"

#include <duckdb.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <limits>

#include "flowfile/errors.hpp"

namespace ff::sql {
namespace {

constexpr Dialect kAll[] = {Dialect::kDuckDb, Dialect::kPostgres, Dialect::kMySql,
                            Dialect::kSqlite};

Constant Text(Constant::Type type, std::string text) {
  Constant c;
  c.type = type;
  c.text = std::move(text);
  return c;
}

// What DuckDB itself makes of `sql` (one value, as text), or "NULL".
std::string DuckDbValue(const std::string& sql) {
  duckdb_database db;
  duckdb_connection conn;
  EXPECT_EQ(duckdb_open(nullptr, &db), DuckDBSuccess);
  EXPECT_EQ(duckdb_connect(db, &conn), DuckDBSuccess);
  duckdb_result result;
  std::string out = "<error>";
  if (duckdb_query(conn, ("SELECT CAST((" + sql + ") AS VARCHAR)").c_str(), &result) ==
      DuckDBSuccess) {
    char* text = duckdb_value_varchar(&result, 0, 0);
    out = text ? text : "NULL";
    duckdb_free(text);
  } else {
    out += duckdb_result_error(&result);
  }
  duckdb_destroy_result(&result);
  duckdb_disconnect(&conn);
  duckdb_close(&db);
  return out;
}

// SQLite's quote() of `sql`: the value with its storage class ('text', X'..', 1.5).
std::string SqliteValue(const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  sqlite3_stmt* stmt = nullptr;
  std::string out = "<error>";
  if (sqlite3_prepare_v2(db, ("SELECT quote(" + sql + ")").c_str(), -1, &stmt, nullptr) ==
          SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  } else {
    out += sqlite3_errmsg(db);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

TEST(SqlDialect, IdentifiersDoubleTheirQuoteCharacter) {
  EXPECT_EQ(Identifier("we\"ird"), "\"we\"\"ird\"");
  EXPECT_EQ(Identifier("we\"ird", Dialect::kSqlite), "\"we\"\"ird\"");
  EXPECT_EQ(Identifier("we\"ird", Dialect::kPostgres), "\"we\"\"ird\"");
  EXPECT_EQ(Identifier("a`b\"c", Dialect::kMySql), "`a``b\"c`");
  EXPECT_EQ(Identifier("order", Dialect::kMySql), "`order`");
  EXPECT_EQ(Identifier("sélect"), "\"sélect\"");
  EXPECT_EQ(Qualified("my schema", "select", Dialect::kPostgres), "\"my schema\".\"select\"");
  EXPECT_EQ(Qualified("", "t", Dialect::kMySql), "`t`");
  for (Dialect d : kAll) {
    EXPECT_THROW(Identifier(std::string("a\0b", 3), d), Error) << DialectName(d);
  }
}

TEST(SqlDialect, IdentifiersNameTheSameColumnInDuckDbAndSqlite) {
  const std::string name = "we\"ird select";
  EXPECT_EQ(
      DuckDbValue("SELECT " + Identifier(name) + " FROM (SELECT 7 AS " + Identifier(name) + ")"),
      "7");
  EXPECT_EQ(SqliteValue("(SELECT " + Identifier(name, Dialect::kSqlite) + " FROM (SELECT 7 AS " +
                        Identifier(name, Dialect::kSqlite) + "))"),
            "7");
}

TEST(SqlDialect, StringsMeanThemselvesInEveryDialect) {
  const std::string text = "O'Brien \\n \"ü\" 日本";
  EXPECT_EQ(String(text), "'O''Brien \\n \"ü\" 日本'");
  EXPECT_EQ(String(text, Dialect::kSqlite), "'O''Brien \\n \"ü\" 日本'");
  // E'' keeps the backslash literal whatever standard_conforming_strings says.
  EXPECT_EQ(String(text, Dialect::kPostgres), "E'O''Brien \\\\n \"ü\" 日本'");
  EXPECT_EQ(String("plain", Dialect::kPostgres), "'plain'");
  // Hex spells MySQL text without escapes: NO_BACKSLASH_ESCAPES cannot change its meaning.
  EXPECT_EQ(String("a'\\", Dialect::kMySql), "_utf8mb4 X'61275C'");
  EXPECT_EQ(String("", Dialect::kMySql), "_utf8mb4 X''");
  EXPECT_EQ(String(std::string("a\0b", 3), Dialect::kMySql), "_utf8mb4 X'610062'");
  EXPECT_THROW(String(std::string("a\0b", 3), Dialect::kPostgres), Error);
  EXPECT_EQ(DuckDbValue(String(text)), text);
  EXPECT_EQ(SqliteValue(String(text, Dialect::kSqlite)), "'O''Brien \\n \"ü\" 日本'");
}

TEST(SqlDialect, NullIsNullEverywhere) {
  for (Dialect d : kAll) EXPECT_EQ(Render(Constant{}, d), "NULL") << DialectName(d);
}

TEST(SqlDialect, BooleansOnlyWhereTheyAreATypeOfTheirOwn) {
  Constant yes;
  yes.type = Constant::kBool, yes.boolean = true;
  EXPECT_EQ(Render(yes, Dialect::kDuckDb), "TRUE");
  EXPECT_EQ(Render(yes, Dialect::kPostgres), "TRUE");
  EXPECT_EQ(Render(yes, Dialect::kMySql), std::nullopt);
  EXPECT_EQ(Render(yes, Dialect::kSqlite), std::nullopt);
}

TEST(SqlDialect, IntegersAreTheirDigits) {
  Constant c;
  c.type = Constant::kInteger;
  for (int64_t v : {int64_t{0}, int64_t{-42}, std::numeric_limits<int64_t>::max()}) {
    c.integer = v;
    for (Dialect d : kAll) EXPECT_EQ(Render(c, d), std::to_string(v)) << DialectName(d);
  }
  c.integer = -42;
  EXPECT_EQ(DuckDbValue(*Render(c, Dialect::kDuckDb)), "-42");
  EXPECT_EQ(SqliteValue(*Render(c, Dialect::kSqlite)), "-42");
}

TEST(SqlDialect, DoublesAreApproximateValuesWithAllTheirDigits) {
  Constant c;
  c.type = Constant::kDouble, c.real = 0.1;
  EXPECT_EQ(Render(c, Dialect::kDuckDb), "CAST(0.10000000000000001 AS DOUBLE)");
  EXPECT_EQ(Render(c, Dialect::kPostgres), "CAST('0.10000000000000001' AS double precision)");
  // The exponent makes MySQL read a double, not an exact DECIMAL.
  EXPECT_EQ(Render(c, Dialect::kMySql), "1.00000000000000006e-01");
  EXPECT_EQ(Render(c, Dialect::kSqlite), "1.00000000000000006e-01");
  EXPECT_EQ(DuckDbValue(*Render(c, Dialect::kDuckDb) + " = 0.1::DOUBLE"), "true");
  EXPECT_EQ(SqliteValue(*Render(c, Dialect::kSqlite) + " = 0.1"), "1");
  for (double bad : {std::nan(""), std::numeric_limits<double>::infinity()}) {
    c.real = bad;
    for (Dialect d : kAll) EXPECT_EQ(Render(c, d), std::nullopt) << DialectName(d);
  }
}

TEST(SqlDialect, DecimalsAreExactWhereTheDialectKeepsTheirDigits) {
  const Constant c = Text(Constant::kDecimal, "-12.50");
  EXPECT_EQ(Render(c, Dialect::kDuckDb), "CAST('-12.50' AS DECIMAL(38,2))");
  EXPECT_EQ(Render(c, Dialect::kPostgres), "CAST('-12.50' AS numeric)");
  EXPECT_EQ(Render(c, Dialect::kMySql), "-12.50");
  EXPECT_EQ(Render(c, Dialect::kSqlite), "-12.50");
  EXPECT_EQ(DuckDbValue(*Render(c, Dialect::kDuckDb)), "-12.50");
  const Constant wide = Text(Constant::kDecimal, "12345678901234567.25");
  EXPECT_EQ(Render(wide, Dialect::kSqlite), std::nullopt);  // more than a double holds
  EXPECT_EQ(Render(wide, Dialect::kMySql), "12345678901234567.25");
  for (const char* bad : {"1e5", "", "-", "1.", ".5", "1'; DROP TABLE t; --"}) {
    for (Dialect d : kAll) {
      EXPECT_EQ(Render(Text(Constant::kDecimal, bad), d), std::nullopt) << bad;
    }
  }
}

TEST(SqlDialect, TextConstantsKeepQuotesBackslashesAndUnicode) {
  const Constant c = Text(Constant::kString, "it's a \\ \"test\" ✓");
  EXPECT_EQ(DuckDbValue(*Render(c, Dialect::kDuckDb)), c.text);
  EXPECT_EQ(SqliteValue(*Render(c, Dialect::kSqlite)), "'it''s a \\ \"test\" ✓'");
  EXPECT_EQ(Render(c, Dialect::kPostgres), "E'it''s a \\\\ \"test\" ✓'");
  EXPECT_EQ(Render(Text(Constant::kString, "\\"), Dialect::kMySql), "_utf8mb4 X'5C'");
  // A NUL byte cannot travel in these dialects' query text: not pushed, never truncated.
  const Constant nul = Text(Constant::kString, std::string("a\0b", 3));
  EXPECT_EQ(Render(nul, Dialect::kPostgres), std::nullopt);
  EXPECT_EQ(Render(nul, Dialect::kSqlite), std::nullopt);
  EXPECT_EQ(Render(nul, Dialect::kDuckDb), std::nullopt);
}

TEST(SqlDialect, BlobsAreHex) {
  const Constant c = Text(Constant::kBlob, std::string("\0\xff'", 3));
  EXPECT_EQ(Render(c, Dialect::kDuckDb), "from_hex('00FF27')");
  EXPECT_EQ(Render(c, Dialect::kPostgres), "decode('00FF27', 'hex')");
  EXPECT_EQ(Render(c, Dialect::kMySql), "X'00FF27'");
  EXPECT_EQ(Render(c, Dialect::kSqlite), "X'00FF27'");
  EXPECT_EQ(DuckDbValue("hex(" + *Render(c, Dialect::kDuckDb) + ")"), "00FF27");
  EXPECT_EQ(SqliteValue(*Render(c, Dialect::kSqlite)), "X'00FF27'");
}

TEST(SqlDialect, DatesTimesAndTimestampsAreTypedLiterals) {
  const Constant date = Text(Constant::kDate, "2024-01-31");
  const Constant time = Text(Constant::kTime, "13:45:00.5");
  const Constant ts = Text(Constant::kTimestamp, "2024-01-31 13:45:00.000001");
  const Constant tz = Text(Constant::kTimestampTz, "2024-01-31 13:45:00+00");
  for (Dialect d : {Dialect::kDuckDb, Dialect::kPostgres, Dialect::kMySql}) {
    EXPECT_EQ(Render(date, d), "DATE '2024-01-31'");
    EXPECT_EQ(Render(time, d), "TIME '13:45:00.5'");
    EXPECT_EQ(Render(ts, d), "TIMESTAMP '2024-01-31 13:45:00.000001'");
  }
  EXPECT_EQ(Render(tz, Dialect::kDuckDb), "TIMESTAMPTZ '2024-01-31 13:45:00+00'");
  EXPECT_EQ(Render(tz, Dialect::kPostgres), "TIMESTAMP WITH TIME ZONE '2024-01-31 13:45:00+00'");
  EXPECT_EQ(Render(tz, Dialect::kMySql), std::nullopt);  // MySQL has no zoned type
  // SQLite keeps dates as free text: a comparison there is not the engine's comparison.
  for (const Constant& c : {date, time, ts, tz})
    EXPECT_EQ(Render(c, Dialect::kSqlite), std::nullopt);
  EXPECT_EQ(DuckDbValue(*Render(date, Dialect::kDuckDb) + " + 1"), "2024-02-01");
  EXPECT_EQ(DuckDbValue(*Render(ts, Dialect::kDuckDb)), "2024-01-31 13:45:00.000001");
  // Words a server would read as a moving value ('now', 'epoch') are not dates here.
  for (const char* bad : {"now", "epoch", "2024-01-01'", "today"}) {
    EXPECT_EQ(Render(Text(Constant::kDate, bad), Dialect::kPostgres), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace ff::sql
