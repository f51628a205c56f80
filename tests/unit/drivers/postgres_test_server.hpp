// Shared setup for the PostgresIntegration.* tests: the server from FLOWFILE_TEST_PG_*
// (started by tests/integration/run_postgres_tests.sh), an in-memory DuckDB with ff_scan,
// and an admin connection. Without FLOWFILE_TEST_PG_HOST every test is skipped.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drivers/postgres/postgres.hpp"
#include "drivers/postgres/postgres_source.hpp"
#include "drivers/scan_function.hpp"
#include "engine/engine.hpp"

namespace ff::drivers::postgres::testing {

inline std::optional<PostgresParams> TestServerParams() {
  const char* host = std::getenv("FLOWFILE_TEST_PG_HOST");
  if (!host || !*host) return std::nullopt;
  auto env = [](const char* name) {
    const char* value = std::getenv(name);
    return std::string(value ? value : "");
  };
  PostgresParams params;
  params.label = "test_pg";
  params.host = host;
  params.port = std::stoi(env("FLOWFILE_TEST_PG_PORT"));
  params.database = env("FLOWFILE_TEST_PG_DATABASE");
  params.username = env("FLOWFILE_TEST_PG_USER");
  params.password = Secret(env("FLOWFILE_TEST_PG_PASSWORD"));
  params.connect_timeout_seconds = 5;
  return params;
}

class PostgresFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto params = TestServerParams();
    if (!params) GTEST_SKIP() << "FLOWFILE_TEST_PG_HOST is unset (run_postgres_tests.sh sets it)";
    params_ = std::move(*params);
    ASSERT_EQ(duckdb_open(nullptr, &db_), DuckDBSuccess);
    duck_ = std::make_unique<engine::Connection>(db_);
    duck_->Execute("SET TimeZone = 'UTC'");
    RegisterScanFunction(duck_->raw());
  }

  void TearDown() override {
    for (const auto& id : ids_) SourceRegistry::Global().Unregister(id);
    for (const auto& table : tables_) {
      if (!params_.host.empty()) Pg("DROP TABLE IF EXISTS " + table);
    }
    duck_.reset();
    if (db_) duckdb_close(&db_);
  }

  //! A table name unique to this test run, dropped at the end.
  std::string NewTable(const std::string& stem) {
    static std::atomic<int> counter{0};
    std::string name =
        "ff_" + stem + "_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    tables_.push_back(name);
    return name;
  }

  //! Registers a source and returns the SQL `ff_scan('<id>')`.
  std::string Scan(std::shared_ptr<TableSource> source) {
    ids_.push_back(SourceRegistry::Global().Register(std::move(source)));
    return "ff_scan('" + ids_.back() + "')";
  }
  std::string ScanTable(const std::string& table, const std::string& schema = "public") {
    return Scan(OpenPostgresSource(params_, {schema, table, ""}));
  }
  std::string ScanQuery(const std::string& query) {
    return Scan(OpenPostgresSource(params_, {"", "", query}));
  }

  //! Every cell of a DuckDB query, as text (NULL -> "NULL").
  std::vector<std::vector<std::string>> Duck(const std::string& sql) {
    std::vector<std::vector<std::string>> out;
    for (const auto& row : duck_->QueryText(sql)) {
      std::vector<std::string> cells;
      for (const auto& cell : row) cells.push_back(cell.value_or("NULL"));
      out.push_back(std::move(cells));
    }
    return out;
  }
  std::string DuckOne(const std::string& sql) { return Duck(sql).at(0).at(0); }

  //! Runs `sql` on the server (its own connection); rows as text, NULL -> "NULL".
  std::vector<std::vector<std::string>> Pg(const std::string& sql) {
    std::vector<std::vector<std::string>> out;
    for (const auto& row : QueryPostgresText(params_, sql)) {
      std::vector<std::string> cells;
      for (const auto& cell : row) cells.push_back(cell.value_or("NULL"));
      out.push_back(std::move(cells));
    }
    return out;
  }
  std::string PgOne(const std::string& sql) {
    auto rows = Pg(sql);
    return rows.empty() || rows[0].empty() ? "<no rows>" : rows[0][0];
  }

  PostgresParams params_;
  duckdb_database db_ = nullptr;
  std::unique_ptr<engine::Connection> duck_;
  std::vector<std::string> ids_;
  std::vector<std::string> tables_;
};

}  // namespace ff::drivers::postgres::testing
