// `version` and `delta_version` are one option: either name works, both must agree.
#include "frame/version_option.hpp"

#include <gtest/gtest.h>

namespace ff::frame {
namespace {

TEST(VersionOption, EitherNameGivesTheVersionAndBothMustAgree) {
  EXPECT_EQ(OneVersion(3, std::nullopt, "read_catalog_table"), 3);
  EXPECT_EQ(OneVersion(std::nullopt, 4, "read_catalog_table"), 4);
  EXPECT_EQ(OneVersion(5, 5, "read_catalog_table"), 5);
  EXPECT_EQ(OneVersion(std::nullopt, std::nullopt, "read_catalog_table"), std::nullopt);
  try {
    OneVersion(1, 2, "read_catalog_table");
    FAIL() << "different versions under the two names must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("read_catalog_table: version=1 and delta_version=2"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace ff::frame
