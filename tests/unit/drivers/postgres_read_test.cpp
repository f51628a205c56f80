// PostgresSource against a real server: every mapped type (and NULLs) read through ff_scan,
// many chunks, projection, and the failure cases (password, server down, unknown table,
// cancel). Skipped without FLOWFILE_TEST_PG_HOST.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "postgres_test_server.hpp"

namespace ff::drivers::postgres {
namespace {

class PostgresIntegrationRead : public testing::PostgresFixture {};

TEST_F(PostgresIntegrationRead, EveryMappedTypeArrivesWithItsValueAndNulls) {
  const std::string table = NewTable("types");
  Pg("CREATE TABLE " + table +
     " (i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, n numeric(10,2), "
     "nbig numeric(38,10), nfree numeric, b bool, t text, v varchar(5), c char(4), "
     "nm name, d date, tm time, ts timestamp, tstz timestamptz, iv interval, u uuid, "
     "j json, jb jsonb, by bytea, ai int4[], at text[], an numeric(6,1)[], "
     "ad date[], other inet)");
  Pg("INSERT INTO " + table +
     " VALUES (-32768, 2147483647, -9223372036854775808, 1.5, -2.25, -12345678.91, "
     "'-1234567890123456789012345678.0123456789', 3.25, true, 'héllo', 'abc', 'ab', "
     "'nm', '2024-02-29', '13:45:30.123456', '1969-12-31 23:59:59.5', "
     "'2024-01-02 03:04:05+02', '1 year 2 months 3 days 04:05:06.5', "
     "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": 1}', '{\"b\": [1, 2]}', "
     "'\\x00ff41', '{1,NULL,3}', '{a,\"b c\"}', '{1.5,-2.0}', '{}', '10.0.0.1')");
  Pg("INSERT INTO " + table + " DEFAULT VALUES");
  Pg("INSERT INTO " + table + " (d, ts, nfree) VALUES ('infinity', '-infinity', 'NaN')");

  auto rows = Duck("SELECT * FROM " + ScanTable(table) + " ORDER BY i2 NULLS LAST, d");
  ASSERT_EQ(rows.size(), 3u);
  const std::vector<std::string> expected = {"-32768",
                                             "2147483647",
                                             "-9223372036854775808",
                                             "1.5",
                                             "-2.25",
                                             "-12345678.91",
                                             "-1234567890123456789012345678.0123456789",
                                             "3.25",
                                             "true",
                                             "héllo",
                                             "abc",
                                             "ab  ",
                                             "nm",
                                             "2024-02-29",
                                             "13:45:30.123456",
                                             "1969-12-31 23:59:59.5",
                                             "2024-01-02 01:04:05+00",
                                             "1 year 2 months 3 days 04:05:06.5",
                                             "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                                             "{\"a\": 1}",
                                             "{\"b\": [1, 2]}",
                                             "\\x00\\xFFA",
                                             "[1, NULL, 3]",
                                             "[a, b c]",
                                             "[1.5, -2.0]",
                                             "[]",
                                             "10.0.0.1/32"};
  ASSERT_EQ(rows[0].size(), expected.size());
  for (size_t c = 0; c < expected.size(); ++c) EXPECT_EQ(rows[0][c], expected[c]) << "column " << c;
  for (size_t c = 0; c < expected.size(); ++c) EXPECT_EQ(rows[2][c], "NULL") << "column " << c;
  EXPECT_EQ(rows[1][13], "infinity");
  EXPECT_EQ(rows[1][15], "-infinity");
  EXPECT_EQ(rows[1][7], "nan");

  auto types = Duck("SELECT column_type FROM (DESCRIBE SELECT * FROM " + ScanTable(table) + ")");
  std::vector<std::string> type_names;
  for (const auto& row : types) type_names.push_back(row[0]);
  const std::vector<std::string> expected_types = {"SMALLINT",
                                                   "INTEGER",
                                                   "BIGINT",
                                                   "FLOAT",
                                                   "DOUBLE",
                                                   "DECIMAL(10,2)",
                                                   "DECIMAL(38,10)",
                                                   "DOUBLE",
                                                   "BOOLEAN",
                                                   "VARCHAR",
                                                   "VARCHAR",
                                                   "VARCHAR",
                                                   "VARCHAR",
                                                   "DATE",
                                                   "TIME",
                                                   "TIMESTAMP",
                                                   "TIMESTAMP WITH TIME ZONE",
                                                   "INTERVAL",
                                                   "UUID",
                                                   "VARCHAR",
                                                   "VARCHAR",
                                                   "BLOB",
                                                   "INTEGER[]",
                                                   "VARCHAR[]",
                                                   "DECIMAL(6,1)[]",
                                                   "DATE[]",
                                                   "VARCHAR"};
  EXPECT_EQ(type_names, expected_types);
}

TEST_F(PostgresIntegrationRead, AQueryStreamsManyChunksThroughFfScan) {
  const std::string scan = ScanQuery(
      "SELECT g AS id, CASE WHEN g % 10 = 0 THEN NULL ELSE 'row-' || g END AS label, "
      "g * 0.5 AS half FROM generate_series(1, 100000) AS g;");
  auto row =
      Duck("SELECT count(*), count(label), sum(id), max(label), min(half) FROM " + scan).at(0);
  EXPECT_EQ(row[0], "100000");
  EXPECT_EQ(row[1], "90000");
  EXPECT_EQ(row[2], "5000050000");
  EXPECT_EQ(row[3], "row-99999");
  EXPECT_EQ(row[4], "0.5");
  EXPECT_EQ(DuckOne("SELECT label FROM " + scan + " WHERE id = 77777"), "row-77777");
}

TEST_F(PostgresIntegrationRead, ArraysAndNullsStayAlignedAcrossChunks) {
  // Row g: NULL array when g % 7 = 0, else [g, NULL, g*2] (NULL element only when g is odd).
  const std::string scan = ScanQuery(
      "SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE ARRAY[g, CASE WHEN g % 2 = 0 THEN 0 END "
      "+ g, g * 2] END AS a, CASE WHEN g % 3 = 0 THEN NULL ELSE ARRAY['t' || g] END AS s "
      "FROM generate_series(1, 10000) g");
  auto row = Duck(
                 "SELECT count(a), sum(len(a)), sum(list_count(a)), sum(a[3]), count(s), "
                 "sum(CASE WHEN s[1] = 't' || g THEN 1 ELSE 0 END), "
                 "sum(CASE WHEN a[1] = g THEN 1 ELSE 0 END) FROM " +
                 scan)
                 .at(0);
  int64_t arrays = 0, non_null_elements = 0, third = 0, strings = 0;
  for (int64_t g = 1; g <= 10000; ++g) {
    if (g % 7 != 0) {
      ++arrays;
      non_null_elements += g % 2 == 0 ? 3 : 2;
      third += g * 2;
    }
    if (g % 3 != 0) ++strings;
  }
  EXPECT_EQ(row[0], std::to_string(arrays));
  EXPECT_EQ(row[1], std::to_string(arrays * 3));
  EXPECT_EQ(row[2], std::to_string(non_null_elements));
  EXPECT_EQ(row[3], std::to_string(third));
  EXPECT_EQ(row[4], std::to_string(strings));
  EXPECT_EQ(row[5], std::to_string(strings));
  EXPECT_EQ(row[6], std::to_string(arrays));
}

// Peak resident memory of this process in KiB (VmHWM), or -1 when unavailable.
int64_t PeakRssKib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

TEST_F(PostgresIntegrationRead, MemoryStaysBoundedWhileStreamingManyRows) {
  // 5M rows x 100-byte strings: about 500 MiB if anything held the whole result.
  const std::string scan =
      ScanQuery("SELECT g, repeat(chr(65 + g % 26), 100) AS s FROM generate_series(1, 5000000) g");
  std::ofstream("/proc/self/clear_refs") << "5";  // restart the peak from the current size
  const int64_t before = PeakRssKib();
  if (before < 0) GTEST_SKIP() << "no /proc/self/status";
  EXPECT_EQ(DuckOne("SELECT sum(length(s)) FROM " + scan), "500000000");
  const int64_t growth_mib = (PeakRssKib() - before) / 1024;
  EXPECT_LT(growth_mib, 120) << "peak memory grew by " << growth_mib << " MiB";
}

TEST_F(PostgresIntegrationRead, OnlyProjectedColumnsAreSelectedOnTheServer) {
  const std::string table = NewTable("projection");
  Pg("CREATE TABLE " + table + " (a int, \"B \"\"odd\"\"\" text, c float8)");
  Pg("INSERT INTO " + table + " VALUES (1, 'x', 0.5), (2, 'y', 1.5)");
  auto source = std::make_shared<PostgresSource>(params_.Clone(), PgReadSpec{"", table, ""});
  const std::string scan = Scan(source);
  EXPECT_EQ(DuckOne("SELECT string_agg(\"B \"\"odd\"\"\", ',' ORDER BY 1) FROM " + scan), "x,y");
  EXPECT_EQ(source->SelectSql({2}),
            "SELECT ff_q.c2 FROM (SELECT * FROM \"" + table + "\") AS ff_q(c0, c1, c2)");
  EXPECT_EQ(DuckOne("SELECT sum(c) FROM " + scan + " WHERE a > 1"), "1.5");
}

TEST_F(PostgresIntegrationRead, ALimitStopsTheServerEarly) {
  const auto start = std::chrono::steady_clock::now();
  const std::string scan = ScanQuery(
      "SELECT g, pg_sleep(CASE WHEN g = 5000 THEN 60 ELSE 0 END) AS pause "
      "FROM generate_series(1, 100000) g");
  EXPECT_EQ(DuckOne("SELECT count(*) FROM (SELECT g FROM " + scan + " LIMIT 3)"), "3");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  // The abandoned read was cancelled on the server, not left sleeping.
  std::string running = "1";
  for (int i = 0; i < 50 && running != "0"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    running = PgOne(
        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY (SELECT ff_q.c0%' "
        "AND state = 'active'");
  }
  EXPECT_EQ(running, "0");
}

TEST_F(PostgresIntegrationRead, WrongPasswordIsPermissionDeniedWithoutThePassword) {
  PostgresParams wrong = params_.Clone();
  const std::string bad = "not-the-password-8151";
  wrong.password = Secret(bad);
  try {
    Duck("SELECT * FROM " + Scan(OpenPostgresSource(wrong, {"", "", "SELECT 1"})));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("password authentication failed"), std::string::npos) << message;
    EXPECT_EQ(message.find(bad), std::string::npos) << message;
    EXPECT_EQ(message.find(std::string(params_.password.Reveal())), std::string::npos);
  }
  auto failure = SourceRegistry::Global().TakeFailure(ids_.back());
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->code(), ErrorCode::kPermissionDenied);
  try {
    PostgresServerVersion(wrong);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(std::string(e.what()).find(bad), std::string::npos);
  }
}

TEST_F(PostgresIntegrationRead, ServerDownIsAnIoErrorNamingTheServer) {
  PostgresParams down = params_.Clone();
  down.port = 1;  // nothing listens on port 1
  const auto start = std::chrono::steady_clock::now();
  try {
    PostgresServerVersion(down);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIo);
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("postgresql 'test_pg'"), std::string::npos);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST_F(PostgresIntegrationRead, UnknownTableListsSimilarNames) {
  const std::string table = NewTable("orders");
  Pg("CREATE TABLE " + table + " (id int)");
  const std::string typo = table.substr(0, table.size() - 1) + "x";
  try {
    OpenPostgresSource(params_, {"public", typo, ""})->Columns();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    const std::string message = e.what();
    EXPECT_NE(message.find("unknown table 'public." + typo + "'"), std::string::npos) << message;
    EXPECT_NE(message.find("public." + table), std::string::npos) << message;
  }
  try {
    OpenPostgresSource(params_, {"no_such_schema", table, ""})->Columns();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    EXPECT_NE(std::string(e.what()).find("unknown schema 'no_such_schema'"), std::string::npos)
        << e.what();
  }
}

TEST_F(PostgresIntegrationRead, MultiDimensionalArraysAreRefusedClearly) {
  try {
    Duck("SELECT * FROM " + ScanQuery("SELECT '{{1,2},{3,4}}'::int[] AS m"));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("2-dimensional array"), std::string::npos) << e.what();
  }
  EXPECT_EQ(SourceRegistry::Global().TakeFailure(ids_.back())->code(), ErrorCode::kUnsupported);
}

TEST_F(PostgresIntegrationRead, CancelStopsALongReadOnTheServer) {
  const std::string scan = ScanQuery("SELECT g, pg_sleep(0.5) FROM generate_series(1, 60) g");
  const std::string id = ids_.back();
  std::optional<Error> failure;
  const auto start = std::chrono::steady_clock::now();
  std::thread reader([&] {
    try {
      Duck("SELECT count(*) FROM " + scan);
    } catch (const Error& e) {
      failure = e;
    }
  });
  size_t asked = 0;
  while (asked == 0 && std::chrono::steady_clock::now() - start < std::chrono::seconds(20)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    asked = SourceRegistry::Global().Cancel(id);
  }
  reader.join();
  EXPECT_EQ(asked, 1u);
  ASSERT_TRUE(failure.has_value());
  EXPECT_NE(std::string(failure->what()).find("cancel"), std::string::npos) << failure->what();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
  EXPECT_EQ(SourceRegistry::Global().TakeFailure(id)->code(), ErrorCode::kIo);
}

TEST_F(PostgresIntegrationRead, AConnectionKilledMidReadIsAClearIoError) {
  const std::string scan = ScanQuery("SELECT g, pg_sleep(0.2) FROM generate_series(1, 200) g");
  const std::string id = ids_.back();
  std::optional<Error> failure;
  std::thread reader([&] {
    try {
      Duck("SELECT count(*) FROM " + scan);
    } catch (const Error& e) {
      failure = e;
    }
  });
  int killed = 0;
  const auto start = std::chrono::steady_clock::now();
  while (killed == 0 && std::chrono::steady_clock::now() - start < std::chrono::seconds(20)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    killed = std::stoi(
        PgOne("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
              "application_name = 'flowfile' AND query LIKE 'COPY%' AND pid <> pg_backend_pid()"));
  }
  reader.join();
  EXPECT_EQ(killed, 1);
  ASSERT_TRUE(failure.has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  const auto source_failure = SourceRegistry::Global().TakeFailure(id);
  ASSERT_TRUE(source_failure.has_value());
  EXPECT_EQ(source_failure->code(), ErrorCode::kIo) << source_failure->what();
  EXPECT_EQ(std::string(failure->what()).find(params_.password.Reveal()), std::string::npos);
}

TEST_F(PostgresIntegrationRead, BrowsingListsSchemasTablesColumnsAndVersion) {
  const std::string table = NewTable("browse");
  Pg("CREATE TABLE " + table + " (id bigint NOT NULL, amount numeric(12,3), tags text[])");
  const auto schemas = ListPostgresSchemas(params_);
  EXPECT_NE(std::find(schemas.begin(), schemas.end(), "public"), schemas.end());
  EXPECT_EQ(std::find(schemas.begin(), schemas.end(), "pg_catalog"), schemas.end());
  const auto tables = ListPostgresTables(params_, "public");
  EXPECT_NE(std::find(tables.begin(), tables.end(), table), tables.end());
  const auto columns = ListPostgresColumns(params_, "", table);
  ASSERT_EQ(columns.size(), 3u);
  EXPECT_EQ(columns[0].name, "id");
  EXPECT_EQ(columns[0].pg_type, "bigint");
  EXPECT_EQ(columns[0].duckdb_type, "BIGINT");
  EXPECT_FALSE(columns[0].nullable);
  EXPECT_EQ(columns[1].pg_type, "numeric(12,3)");
  EXPECT_EQ(columns[1].duckdb_type, "DECIMAL(12,3)");
  EXPECT_TRUE(columns[1].nullable);
  EXPECT_EQ(columns[2].duckdb_type, "VARCHAR[]");
  EXPECT_EQ(PostgresServerVersion(params_).rfind("PostgreSQL 15", 0), 0u);
  EXPECT_THROW(ListPostgresColumns(params_, "public", table + "_missing"), Error);
}

}  // namespace
}  // namespace ff::drivers::postgres
