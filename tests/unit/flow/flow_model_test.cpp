// The flow loader on malformed and hostile documents: errors, never crashes, bounded work.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "expect_error.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/flow.hpp"

namespace ff {
namespace {

std::string Node(int id, const std::string& type, const std::string& inputs,
                 const std::string& settings = "{}") {
  return "{\"id\":" + std::to_string(id) + ",\"type\":\"" + type + "\",\"input_ids\":" + inputs +
         ",\"setting_input\":" + settings + "}";
}

std::string Doc(const std::string& nodes) {
  return "{\"flowfile_version\":\"1\",\"flowfile_id\":1,\"flowfile_name\":\"t\","
         "\"flowfile_settings\":{},\"nodes\":[" +
         nodes + "]}";
}

std::string ParseError(const std::string& text, bool yaml = false) {
  try {
    Flow::Parse(text, "t.json", yaml);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
    return e.what();
  }
  return "";
}

TEST(FlowModelTest, SelfLoopAndTwoNodeCycleAreRefused) {
  EXPECT_NE(ParseError(Doc(Node(1, "sort", "[1]"))).find("form a cycle"), std::string::npos);
  EXPECT_NE(ParseError(Doc(Node(1, "sort", "[2]") + "," + Node(2, "sort", "[1]")))
                .find("the nodes 1, 2 form a cycle"),
            std::string::npos);
}

TEST(FlowModelTest, DuplicateAndDanglingIdsNameTheNode) {
  EXPECT_NE(ParseError(Doc(Node(1, "sort", "[]") + "," + Node(1, "sort", "[]")))
                .find("node 1: the id 1 is used by two nodes"),
            std::string::npos);
  EXPECT_NE(ParseError(Doc(Node(1, "sort", "[9]"))).find("names node 9"), std::string::npos);
}

TEST(FlowModelTest, WrongTypesNameTheField) {
  EXPECT_NE(ParseError(Doc("{\"id\":\"a\",\"type\":\"sort\"}")).find("'id' must be an integer"),
            std::string::npos);
  EXPECT_NE(ParseError(Doc(Node(1, "sort", "\"x\""))).find("'input_ids' must be a list"),
            std::string::npos);
  EXPECT_NE(ParseError("[]").find("not a mapping"), std::string::npos);
  EXPECT_NE(ParseError("{").find("not valid JSON"), std::string::npos);
}

TEST(FlowModelTest, LongChainsLoadWithoutRecursion) {
  std::string nodes = Node(1, "manual_input", "[]");
  for (int i = 2; i <= 5000; ++i) nodes += "," + Node(i, "sort", "[" + std::to_string(i - 1) + "]");
  const auto start = std::chrono::steady_clock::now();
  const Flow flow = Flow::Parse(Doc(nodes), "chain.json", false);
  EXPECT_EQ(flow.nodes().size(), 5000u);
  // Generous: sanitizer builds on a loaded CI machine; the point is no recursion, no blow-up.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

TEST(FlowModelTest, YamlAliasesAreBounded) {
  std::string yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'i'; ++c) {
    yaml += std::string(1, c) + ": &" + c + " [";
    for (int k = 0; k < 10; ++k) yaml += std::string(k ? ", " : "") + "*" + prev;
    yaml += "]\n";
    prev = c;
  }
  yaml += "nodes: [*i]\n";
  EXPECT_NE(ParseError(yaml, true).find("aliases are expanded"), std::string::npos);
}

TEST(FlowModelTest, DeepNestingIsRefused) {
  std::string deep =
      "{\"nodes\": [], \"x\": " + std::string(5000, '[') + std::string(5000, ']') + "}";
  const std::string message = ParseError(deep, true);
  EXPECT_FALSE(message.empty());
}

TEST(FlowModelTest, UnknownTypesOpenAndSaveVerbatim) {
  const Flow flow = Flow::Parse(Doc(Node(1, "my_custom_node", "[]", "{\"k\":[1,{\"z\":null}]}")),
                                "t.json", false);
  EXPECT_FALSE(flow.node(1).runnable);
  EXPECT_NE(flow.ToJson().find("\"z\": null"), std::string::npos);
  const FlowRunResult result = flow.Run();
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("my_custom_node"), std::string::npos);
}

TEST(FlowModelTest, EdgesFromOutputsWithHandles) {
  const std::string doc =
      Doc("{\"id\":1,\"type\":\"manual_input\",\"outputs\":[2,3],\"output_handles\":[\"output-0\","
          "\"output-1\"],\"setting_input\":{}},{\"id\":2,\"type\":\"sort\",\"setting_input\":{}},"
          "{\"id\":3,\"type\":\"sort\",\"setting_input\":{}}");
  const Flow flow = Flow::Parse(doc, "t.json", false);
  EXPECT_EQ(flow.node(2).input_ids, std::vector<int64_t>{1});
  EXPECT_EQ(flow.node(3).input_ids, std::vector<int64_t>{1});
  EXPECT_NE(ParseError(Doc("{\"id\":1,\"type\":\"sort\",\"outputs\":[1],\"output_handles\":["
                           "\"bad\"]}")),
            "");
}

}  // namespace
}  // namespace ff
