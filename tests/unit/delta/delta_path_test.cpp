#include <gtest/gtest.h>

#include "delta/path_codec.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

TEST(DeltaPath, DecodesOnceAndKeepsPlus) {
  EXPECT_EQ(PercentDecode("as_timestamp=2021-09-08%2011%253A11%253A11/f.parquet"),
            "as_timestamp=2021-09-08 11%3A11%3A11/f.parquet");
  EXPECT_EQ(PercentDecode("a+b%zz"), "a+b%zz");
  EXPECT_EQ(PercentEncodePath("p=a b%/c.parquet"), "p=a%20b%25/c.parquet");
  EXPECT_EQ(ResolveDataPath("/t", "x%20y.parquet"), "/t/x y.parquet");
  EXPECT_EQ(ResolveDataPath("/t", "file:///t/x.parquet"), "/t/x.parquet");
  EXPECT_EQ(ResolveDataPath("/t", "file:/t/d/../x.parquet"), "/t/x.parquet");
  EXPECT_EQ(ResolveDataPath("/t", "./d/x.parquet"), "/t/d/x.parquet");
}

TEST(DeltaPath, PathsOutsideTheTableRootAreRefused) {
  for (const char* path : {"file:///data/x.parquet", "/data/x.parquet", "../x.parquet",
                           "d/../../x.parquet", "%2e%2e/x.parquet", "../t2/x.parquet", "", "."}) {
    EXPECT_THROW(ResolveDataPath("/t", path), Error) << path;
  }
  EXPECT_THROW(ResolveDataPath("/t", "s3://bucket/x.parquet"), std::exception);
}

}  // namespace
}  // namespace ff::delta
