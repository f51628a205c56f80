// Building a pivot reads no data: its output columns are learnt when first needed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "flowfile/errors.hpp"
#include "flowfile/frame.hpp"

namespace ff {
namespace {

namespace fs = std::filesystem;

class PivotPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ff-pivot-plan-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string WriteCsv(const std::string& name, int rows) {
    const fs::path path = dir_ / name;
    std::ofstream out(path);
    out << "id,k,val\n";
    for (int i = 0; i < rows; ++i) out << i % 1000 << ",k" << i % 4 << "," << i << "\n";
    return path.string();
  }

  fs::path dir_;
};

TEST_F(PivotPlan, BuildingReadsNoData) {
  const std::string path = WriteCsv("small.csv", 20);
  const FlowFrame scanned = scan_csv({path});
  fs::remove(path);  // any read from here on fails
  FlowFrame pivoted = scanned.pivot({.on = "k", .index = {"id"}, .values = {"val"}});
  pivoted = pivoted.sort({col("id")});  // a node after it that needs no column check
  try {
    pivoted.collect();
    FAIL() << "collect read a deleted file";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("small.csv"), std::string::npos) << error.what();
  }
}

TEST_F(PivotPlan, ColumnsAreLearntWhenAskedAndResultsMatch) {
  const std::string path = WriteCsv("values.csv", 8);
  const FlowFrame pivoted = scan_csv({path}).pivot(
      {.on = "k", .index = {"id"}, .values = {"val"}, .aggregate_function = "sum"});
  EXPECT_EQ(pivoted.columns(), (std::vector<std::string>{"id", "k0", "k1", "k2", "k3"}));
  const DataFrame result = pivoted.collect();
  EXPECT_EQ(result.height(), 8);
  EXPECT_EQ(result.column("k1").at(1).ToString(), "1");
  EXPECT_TRUE(result.column("k1").at(0).is_null());
}

TEST_F(PivotPlan, BuildingOverALargeFileIsInstant) {
  const std::string path = WriteCsv("large.csv", 2'000'000);
  const FlowFrame scanned = scan_csv({path});
  auto time = [](const std::function<void()>& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  FlowFrame pivoted = scanned;
  const double build =
      time([&] { pivoted = scanned.pivot({.on = "k", .index = {"id"}, .values = {"val"}}); });
  const double columns = time([&] { EXPECT_EQ(pivoted.columns().size(), 5u); });
  std::printf("pivot over 2M CSV rows: build %.2f ms, first columns() %.2f ms (reads `on`)\n",
              build * 1000, columns * 1000);
  EXPECT_LT(build, 0.05);
  EXPECT_LT(build * 10, columns);
}

TEST_F(PivotPlan, UnknownAggregateIsRefusedAtTheCall) {
  const std::string path = WriteCsv("agg.csv", 4);
  EXPECT_THROW(scan_csv({path}).pivot({.on = "k", .index = {"id"}, .aggregate_function = "avg"}),
               Error);
}

}  // namespace
}  // namespace ff
