// `flowfile catalog ...` end to end: tables written through ff::Catalog, inspected by the CLI.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "catalog_test_support.hpp"

namespace ff {
namespace {

class CatalogCli : public test_support::CatalogTest {
 protected:
  //! Runs the CLI on this test's home; returns stdout and sets `status`.
  std::string Run(const std::string& args, int* status = nullptr) {
    const std::string command = "FLOWFILE_KEYRING=0 '" + std::string(FLOWFILE_CLI_PATH) +
                                "' --home '" + home_.dir().string() + "' " + args + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    std::array<char, 4096> buffer;
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
    const int raw = pclose(pipe);
    if (status) *status = WEXITSTATUS(raw);
    return out;
  }
};

TEST_F(CatalogCli, ListShowHistoryPreviewAndRestore) {
  Write("sales.orders", "SELECT range AS id, 'o' || range AS name FROM range(4)");
  Write("sales.orders", "SELECT 1::BIGINT AS id, 'one' AS name", CatalogWriteMode::kUpsert, {"id"});

  const auto list = nlohmann::json::parse(Run("catalog list --json"));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["full_name"], "General.sales.orders");  // the fields of Python's get_table
  EXPECT_EQ(list[0]["name"], "orders");
  EXPECT_EQ(list[0]["version"], 1);
  EXPECT_EQ(list[0]["row_count"], 4);

  const auto history = nlohmann::json::parse(Run("catalog history sales.orders --json"));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["operation"], "MERGE");
  EXPECT_EQ(history[0]["rows_updated"], 1);

  const std::string preview = Run("catalog preview sales.orders --version 0 --limit 2");
  EXPECT_NE(preview.find("@ version 0"), std::string::npos) << preview;
  EXPECT_NE(preview.find("name"), std::string::npos);
  const auto rows = nlohmann::json::parse(Run("catalog preview sales.orders --json"))["rows"];
  EXPECT_EQ(rows.size(), 4u);
  EXPECT_TRUE(rows[0]["id"].is_number()) << rows;  // typed, not text

  const auto restored = nlohmann::json::parse(Run("catalog restore sales.orders 0 --json"));
  EXPECT_EQ(restored["version"], 2);
  EXPECT_EQ(catalog_->History("sales.orders")[0].operation, "RESTORE");

  const auto vacuum = nlohmann::json::parse(Run("catalog vacuum sales.orders --json"));
  EXPECT_EQ(vacuum["dry_run"], true);
  EXPECT_TRUE(vacuum["files"].empty());

  int status = 0;
  Run("catalog show sales.ordrs", &status);
  EXPECT_EQ(status, 3);  // unknown name
}

}  // namespace
}  // namespace ff
