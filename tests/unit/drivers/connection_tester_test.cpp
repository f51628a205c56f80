// `flowfile connections test` for file databases: real files, opened read-only.
#include <gtest/gtest.h>

#include "delta/sql_session.hpp"
#include "flowfile/audit.hpp"
#include "flowfile/connection_test.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "temp_home.hpp"

namespace ff {
namespace {

TEST(ConnectionTester, DuckDbFileReportsVersionAndTables) {
  test_support::TempHome home;
  auto ws = home.Open();
  auto file = home.dir().parent_path() / "warehouse.duckdb";
  {
    engine::Session duck;
    duck.Execute("ATTACH " + delta::SqlQuote(file.string()) + " AS w");
    duck.Execute("CREATE TABLE w.orders AS SELECT 1 AS id");
    duck.Execute("DETACH w");
  }
  DatabaseConnection c;
  c.connection_name = "wh";
  c.database_type = "duckdb";
  c.database = file.string();
  ws->connections().CreateDatabase(c);
  auto result = TestConnection(*ws, "wh", std::nullopt);
  EXPECT_EQ(result.server_version.rfind("v1.4", 0), 0u) << result.server_version;
  EXPECT_NE(result.detail.find("1 table"), std::string::npos) << result.detail;
  EXPECT_EQ(ws->audit().List(1, "wh").at(0).action, "test");
}

TEST(ConnectionTester, MissingDuckDbFileIsAClearError) {
  test_support::TempHome home;
  auto ws = home.Open();
  DatabaseConnection c;
  c.connection_name = "gone";
  c.database_type = "duckdb";
  c.database = (home.dir().parent_path() / "missing.duckdb").string();
  ws->connections().CreateDatabase(c);
  try {
    TestConnection(*ws, "gone", std::nullopt);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ws->audit().List(1, "gone").at(0).outcome.rfind("error: ", 0), 0u);
}

}  // namespace
}  // namespace ff
