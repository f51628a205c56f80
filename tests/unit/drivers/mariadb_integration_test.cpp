// The MariaDB reader against a real server: values of every mapped type arrive through
// libmariadb's text protocol and our decoder (WriteTextValue) with their exact values, NULLs
// and zero dates; many chunks stream.
// Runs under ASan + UBSan in CI (tests/integration/run_mariadb_tests.sh). Skipped without
// FLOWFILE_TEST_MYSQL_HOST.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "drivers/mariadb/mariadb_driver.hpp"
#include "drivers/scan_function.hpp"
#include "engine/engine.hpp"

namespace ff::drivers::mariadb {
namespace {

class MariaDbIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* host = std::getenv("FLOWFILE_TEST_MYSQL_HOST");
    if (!host || !*host) {
      GTEST_SKIP() << "FLOWFILE_TEST_MYSQL_HOST is unset (run_mariadb_tests.sh sets it)";
    }
    auto env = [](const char* name) {
      return std::string(std::getenv(name) ? std::getenv(name) : "");
    };
    params_.label = "test_mysql";
    params_.host = host;
    params_.port = std::stoi(env("FLOWFILE_TEST_MYSQL_PORT"));
    params_.database = env("FLOWFILE_TEST_MYSQL_DATABASE");
    params_.username = env("FLOWFILE_TEST_MYSQL_USER");
    params_.password = Secret(env("FLOWFILE_TEST_MYSQL_PASSWORD"));
    ASSERT_EQ(duckdb_open(nullptr, &db_), DuckDBSuccess);
    duck_ = std::make_unique<engine::Connection>(db_);
    RegisterScanFunction(duck_->raw());
  }
  void TearDown() override {
    for (const auto& id : ids_) SourceRegistry::Global().Unregister(id);
    duck_.reset();
    if (db_) duckdb_close(&db_);
  }

  //! Every cell of `SELECT <select> FROM ff_scan(<the server query>)` as text.
  std::vector<std::vector<std::string>> Read(const std::string& query,
                                             const std::string& select = "*") {
    ids_.push_back(SourceRegistry::Global().Register(OpenMariaDbSource(params_, {"", query})));
    std::vector<std::vector<std::string>> out;
    for (const auto& row :
         duck_->QueryText("SELECT " + select + " FROM ff_scan('" + ids_.back() + "')")) {
      std::vector<std::string> cells;
      for (const auto& cell : row) cells.push_back(cell.value_or("NULL"));
      out.push_back(std::move(cells));
    }
    return out;
  }

  MariaDbParams params_;
  duckdb_database db_ = nullptr;
  std::unique_ptr<engine::Connection> duck_;
  std::vector<std::string> ids_;
};

TEST_F(MariaDbIntegration, EveryMappedTypeArrivesWithItsValue) {
  const auto rows = Read(
      "SELECT CAST(-9223372036854775808 AS SIGNED) AS i8, CAST(18446744073709551615 AS UNSIGNED) "
      "AS u8, CAST('-12345678.91' AS DECIMAL(10,2)) AS d, "
      "CAST('-1234567890123456789012345678.0123456789' AS DECIMAL(38,10)) AS dbig, "
      "CAST(1.5 AS DOUBLE) AS f8, DATE '2024-02-29' AS dt, "
      "CAST('1969-12-31 23:59:59.5' AS DATETIME(6)) AS ts, 'héllo' AS t, "
      "CAST(NULL AS SIGNED) AS n");
  ASSERT_EQ(rows.size(), 1u);
  const std::vector<std::string> expected = {"-9223372036854775808",
                                             "18446744073709551615",
                                             "-12345678.91",
                                             "-1234567890123456789012345678.0123456789",
                                             "1.5",
                                             "2024-02-29",
                                             "1969-12-31 23:59:59.5",
                                             "héllo",
                                             "NULL"};
  EXPECT_EQ(rows[0], expected);
}

TEST_F(MariaDbIntegration, ManyChunksStreamInOrder) {
  // 10,000 rows (MariaDB stops a recursive CTE at 1,000 iterations: 100 x 100 instead).
  const auto rows = Read(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100), "
      "m AS (SELECT (a.i - 1) * 100 + b.i AS i FROM n a CROSS JOIN n b) "
      "SELECT i, CAST(i / 100 AS DECIMAL(12,2)) AS d, CONCAT('row ', i) AS t FROM m",
      "count(*), sum(i), sum(d), count(DISTINCT t)");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"10000", "50005000", "500050.00", "10000"}));
}

}  // namespace
}  // namespace ff::drivers::mariadb
