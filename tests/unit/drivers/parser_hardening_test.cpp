// Regression tests for the inputs the fuzzers (tests/fuzz) found or guard against in the
// parsers of network input: each malformed input gives an ff::Error, never a wrapped number,
// a huge allocation or undefined behaviour.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "cloud/list_xml.hpp"
#include "delta/deletion_vector.hpp"
#include "drivers/mariadb/mariadb_decode.hpp"
#include "drivers/postgres/pg_copy.hpp"
#include "drivers/postgres/pg_numeric.hpp"
#include "drivers/postgres/pg_wire.hpp"
#include "expect_error.hpp"

namespace ff {
namespace {

using test_support::MessageOf;
namespace pg = drivers::postgres;

std::string Numeric(int16_t ndigits, int16_t weight, uint16_t sign, std::vector<int16_t> digits) {
  std::string out;
  pg::wire::Append<int16_t>(out, ndigits);
  pg::wire::Append<int16_t>(out, weight);
  pg::wire::Append<uint16_t>(out, sign);
  pg::wire::Append<int16_t>(out, 0);
  for (int16_t d : digits) pg::wire::Append<int16_t>(out, d);
  return out;
}

TEST(ParserHardening, PgNumericPast38DigitsIsAnErrorNotAWrappedValue) {
  // 9999 * 10000^9 at scale 2: 40 digits (found by fuzz_pg_numeric as a signed overflow).
  const std::string big = Numeric(1, 9, 0, {9999});
  EXPECT_NE(MessageOf([&] { pg::NumericToScaled(big.data(), big.size(), 2); },
                      ErrorCode::kInvalidArgument)
                .find("exceeds 38 digits"),
            std::string::npos);
  const std::string many =
      Numeric(10, 9, 0, {9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999});
  MessageOf([&] { pg::NumericToScaled(many.data(), many.size(), 0); }, ErrorCode::kInvalidArgument);
}

TEST(ParserHardening, PgNumericDigitsAndSignAreChecked) {
  const std::string digit = Numeric(1, 0, 0, {10000});
  EXPECT_NE(MessageOf([&] { pg::NumericToDouble(digit.data(), digit.size()); }, ErrorCode::kIo)
                .find("digit out of range"),
            std::string::npos);
  const std::string sign = Numeric(1, 0, 0x1234, {1});
  EXPECT_NE(MessageOf([&] { pg::NumericToDouble(sign.data(), sign.size()); }, ErrorCode::kIo)
                .find("unknown sign"),
            std::string::npos);
  std::string out;
  MessageOf([&] { pg::AppendNumericFromText("1e-99999", out); }, ErrorCode::kInvalidArgument);
}

// One CopyData message holding the header and a one-field tuple.
std::string CopyMessage(const std::string& field) {
  std::string m("PGCOPY\n\377\r\n\0", 11);
  pg::wire::Append<int32_t>(m, 0);
  pg::wire::Append<int32_t>(m, 0);
  pg::wire::Append<int16_t>(m, 1);
  pg::wire::Append<int32_t>(m, static_cast<int32_t>(field.size()));
  return m + field;
}

class CopyDecode : public ::testing::Test {
 protected:
  void Decode(pg::PgColumnType type, const std::string& field) {
    duckdb_logical_type logical = pg::DuckTypeFor(type);
    duckdb_data_chunk chunk = duckdb_create_data_chunk(&logical, 1);
    pg::CopyStreamDecoder decoder({type}, "pg 'test'");
    decoder.Bind(chunk);
    const std::string message = CopyMessage(field);
    auto cleanup = [&] {
      duckdb_destroy_data_chunk(&chunk);
      duckdb_destroy_logical_type(&logical);
    };
    try {
      decoder.DecodeMessage(message.data(), message.data() + message.size(), 0);
    } catch (...) {
      cleanup();
      throw;
    }
    cleanup();
  }
};

TEST_F(CopyDecode, AnArrayCountBeyondItsBytesIsMalformed) {
  std::string array;
  for (int32_t v : {1, 0, 23, 0x7fffffff, 1}) pg::wire::Append<int32_t>(array, v);
  EXPECT_NE(MessageOf([&] { Decode({.kind = pg::PgKind::kInt4, .is_array = true}, array); },
                      ErrorCode::kIo)
                .find("array size"),
            std::string::npos);
}

TEST_F(CopyDecode, DatesAndTimestampsOutOfRangeAreMalformed) {
  std::string date;
  pg::wire::Append<int32_t>(date, 0x7ffffff0);
  MessageOf([&] { Decode({.kind = pg::PgKind::kDate}, date); }, ErrorCode::kIo);
  std::string ts;
  pg::wire::Append<int64_t>(ts, 0x7ffffffffffffff0LL);
  MessageOf([&] { Decode({.kind = pg::PgKind::kTimestamp}, ts); }, ErrorCode::kIo);
}

TEST_F(CopyDecode, ADecimalWiderThanItsColumnIsAnError) {
  // 123456 into DECIMAL(4,0): it used to be cast to int16 and wrap.
  const std::string n = Numeric(2, 1, 0, {12, 3456});
  EXPECT_NE(MessageOf([&] { Decode({.kind = pg::PgKind::kNumericDecimal, .width = 4}, n); },
                      ErrorCode::kInvalidArgument)
                .find("DECIMAL(4)"),
            std::string::npos);
}

class MariaDecode : public ::testing::Test {
 protected:
  // The value as DuckDB text, or "NULL".
  std::string Write(drivers::mariadb::ColumnKind kind, const char* text) {
    duckdb_logical_type logical = drivers::mariadb::LogicalFor(kind);
    duckdb_data_chunk chunk = duckdb_create_data_chunk(&logical, 1);
    duckdb_vector v = duckdb_data_chunk_get_vector(chunk, 0);
    std::string out = "written";
    try {
      drivers::mariadb::WriteTextValue(v, duckdb_vector_get_data(v), kind, 0, text,
                                       std::strlen(text));
      uint64_t* validity = duckdb_vector_get_validity(v);
      if (validity && !duckdb_validity_row_is_valid(validity, 0)) out = "NULL";
    } catch (...) {
      duckdb_destroy_data_chunk(&chunk);
      duckdb_destroy_logical_type(&logical);
      throw;
    }
    duckdb_destroy_data_chunk(&chunk);
    duckdb_destroy_logical_type(&logical);
    return out;
  }
};

TEST_F(MariaDecode, ZeroDatesAreNullAndImpossibleDatesAreErrors) {
  EXPECT_EQ(Write({.type = DUCKDB_TYPE_DATE}, "0000-00-00"), "NULL");
  EXPECT_EQ(Write({.type = DUCKDB_TYPE_DATE}, "2024-02-29"), "written");
  EXPECT_NE(MessageOf([&] { Write({.type = DUCKDB_TYPE_DATE}, "2023-02-29"); }, ErrorCode::kIo)
                .find("'2023-02-29' for a column read as DATE"),
            std::string::npos);
  MessageOf([&] { Write({.type = DUCKDB_TYPE_TIMESTAMP}, "2024-01-01 25:00:00"); }, ErrorCode::kIo);
}

TEST_F(MariaDecode, NumbersThatDoNotFitAreErrorsNotNulls) {
  MessageOf([&] { Write({.type = DUCKDB_TYPE_TINYINT}, "300"); }, ErrorCode::kIo);
  MessageOf([&] { Write({.type = DUCKDB_TYPE_INTEGER}, "12abc"); }, ErrorCode::kIo);
  // 41 digits into DECIMAL(38,0): used to overflow __int128.
  const std::string digits(41, '9');
  EXPECT_NE(MessageOf([&] { Write({.type = DUCKDB_TYPE_DECIMAL, .width = 38}, digits.c_str()); },
                      ErrorCode::kIo)
                .find("DECIMAL(38,0)"),
            std::string::npos);
  EXPECT_EQ(Write({.type = DUCKDB_TYPE_DECIMAL, .width = 5, .scale = 2}, "-123.45"), "written");
  MessageOf([&] { Write({.type = DUCKDB_TYPE_DECIMAL, .width = 5, .scale = 2}, "1.2.3"); },
            ErrorCode::kIo);
}

TEST(ParserHardening, ListingSizesThatAreNotNumbersAreErrors) {
  // A 30-digit Content-Length used to escape as std::out_of_range from std::stoull.
  const std::string azure =
      "<Blobs><Blob><Name>a</Name><Properties><Content-Length>999999999999999999999999999999"
      "</Content-Length></Properties></Blob></Blobs>";
  EXPECT_NE(MessageOf([&] { cloud::ParseAzureListPage(azure, "c/p"); }, ErrorCode::kIo)
                .find("malformed blob size"),
            std::string::npos);
  MessageOf([&] { cloud::ParseS3ListPage("<Contents><Size>-1</Size></Contents>", "b/p"); },
            ErrorCode::kIo);
  const cloud::S3ListPage page = cloud::ParseS3ListPage(
      "<Contents><Key>a&amp;b</Key><Size>12</Size></Contents><IsTruncated>false</IsTruncated>",
      "b/p");
  ASSERT_EQ(page.objects.size(), 1u);
  EXPECT_EQ(page.objects[0].key, "a&b");
  EXPECT_EQ(page.objects[0].size, 12u);
}

TEST(ParserHardening, DeletionVectorsAreBoundedByTheirCardinality) {
  // The inline vector of delta-kernel-rs's tests holds rows {3, 4, 7, 11, 18, 29}.
  std::string bitmap = delta::Z85Decode("^Bg9^0rr910000000000iXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L");
  bitmap.resize(44);
  EXPECT_EQ(delta::ParseDeletionBitmap(bitmap, 6).size(), 6u);
  EXPECT_NE(MessageOf([&] { delta::ParseDeletionBitmap(bitmap, 5); }, ErrorCode::kInvalidArgument)
                .find("more rows than the cardinality 5"),
            std::string::npos);
  delta::DeletionVector dv{.storage_type = "i",
                           .path_or_inline_dv = delta::Z85Encode(bitmap),
                           .size_in_bytes = 44,
                           .cardinality = -1};
  MessageOf([&] { delta::DeletedRows("/nonexistent", dv); }, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ff
