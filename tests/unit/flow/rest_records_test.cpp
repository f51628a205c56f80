// The REST API reader's pure parts: URLs as errors show them, and JSON records to rows.
#include <gtest/gtest.h>

#include "flow/json_records.hpp"
#include "flow/rest_fetch.hpp"
#include "flowfile/errors.hpp"

namespace ff::flow {
namespace {

using json = nlohmann::ordered_json;

TEST(RestDisplayUrl, DropsUserInfoAndKeyValues) {
  EXPECT_EQ(DisplayUrl("https://ann:pw@api.test/v1/x?a=1"), "https://api.test/v1/x?a=1");
  EXPECT_EQ(DisplayUrl("https://api.test/x?access_token=t0k&b=2"),
            "https://api.test/x?access_token=REDACTED&b=2");
  EXPECT_EQ(DisplayUrl("https://api.test/x?apikey=t0k&xapikey=k", "apikey"),
            "https://api.test/x?apikey=REDACTED&xapikey=k");
  EXPECT_EQ(DisplayUrl("https://api.test/a@b"), "https://api.test/a@b");  // '@' in the path
}

TEST(RestRecords, FlattenNestedObjectsAndKeepFirstSeenOrder) {
  const std::vector<json> records = {
      json::parse(R"({"id": 1, "u": {"n": "a", "g": {"x": 1}}, "t": [1, 2]})"),
      json::parse(R"({"id": 2, "u": {"n": "b"}, "t": [], "late": true})")};
  const DataFrame df = FrameFromRecords(records, {}, {}).collect();
  EXPECT_EQ(df.columns(), (std::vector<std::string>{"id", "u.n", "u.g.x", "t", "late"}));
  EXPECT_TRUE(df.row(1).at(2).is_null());
  EXPECT_TRUE(df.row(0).at(4).is_null());
  EXPECT_EQ(df.row(0).at(3).items.size(), 2u);
}

TEST(RestRecords, MixedKindsBecomeJsonText) {
  const std::vector<json> records = {json::parse(R"({"v": 1, "o": [{"a": 1}]})"),
                                     json::parse(R"({"v": "x", "o": null})")};
  const DataFrame df = FrameFromRecords(records, {}, {}).collect();
  EXPECT_EQ(df.row(0).at(0).text, "1");
  EXPECT_EQ(df.row(1).at(0).text, "x");
  EXPECT_EQ(df.row(0).at(1).text, R"([{"a":1}])");
}

TEST(RestRecords, NoRecordsUseTheDeclaredFields) {
  const DataFrame df = FrameFromRecords({}, {{"id", DataType::Named("Int64")}}, {}).collect();
  EXPECT_EQ(df.height(), 0);
  EXPECT_EQ(df.columns(), (std::vector<std::string>{"id"}));
  EXPECT_THROW(FrameFromRecords({}, {}, {}), Error);
}

}  // namespace
}  // namespace ff::flow
