// ProgressLine: the one bar text, drawn on a terminal by the CLI and in a notebook by Python.
#include <gtest/gtest.h>

#include <cstdlib>

#include "flowfile/progress.hpp"

namespace ff {
namespace {

TEST(ProgressLine, BytesWithATotalShowBarPercentRateAndEta) {
  const ProgressUpdate update{"upload data.csv", 50'000'000, 100'000'000, ProgressUnit::kBytes};
  EXPECT_EQ(ProgressLine(update, 2.0),
            "upload data.csv  [##########----------] 50%  50.0 MB of 100.0 MB  25.0 MB/s  ETA 2s");
}

TEST(ProgressLine, RowsWithoutATotalShowCountAndRate) {
  const ProgressUpdate update{"read 'orders'", 1500, std::nullopt, ProgressUnit::kRows};
  EXPECT_EQ(ProgressLine(update, 1.0), "read 'orders'  1.5 krows  1.5 krows/s");
}

TEST(ProgressLine, PercentWorkShowsBarAndEta) {
  const ProgressUpdate update{"collect", 25, std::nullopt, ProgressUnit::kPercent};
  EXPECT_EQ(ProgressLine(update, 3.0), "collect  [#####---------------] 25%  ETA 9s");
}

TEST(ProgressLine, WorkPastItsEstimateKeepsAFullBar) {
  const ProgressUpdate update{"copy", 150, 100, ProgressUnit::kBytes};
  EXPECT_EQ(ProgressLine(update, 1.0).rfind("copy  [####################] 150%  ", 0), 0u);
}

TEST(ProgressQuietSeconds, ComesFromTheEnvironmentOrHalfASecond) {
  ::unsetenv("FLOWFILE_PROGRESS_AFTER_MS");
  EXPECT_DOUBLE_EQ(ProgressQuietSeconds(), 0.5);
  ::setenv("FLOWFILE_PROGRESS_AFTER_MS", "0", 1);
  EXPECT_DOUBLE_EQ(ProgressQuietSeconds(), 0.0);
  ::setenv("FLOWFILE_PROGRESS_AFTER_MS", "later", 1);
  EXPECT_DOUBLE_EQ(ProgressQuietSeconds(), 0.5);
  ::unsetenv("FLOWFILE_PROGRESS_AFTER_MS");
}

}  // namespace
}  // namespace ff
