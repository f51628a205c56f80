// A flow run's catalog writes name their producer: the flow file and one run id per run.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "flowfile/catalog_frames.hpp"
#include "flowfile/flow.hpp"
#include "temp_home.hpp"

namespace ff {
namespace {

// Two writers fed by one manual input: an overwrite and an upsert (the keyed merge path).
std::string LineageFlow() {
  const std::string input =
      R"({"id":1,"type":"manual_input","input_ids":[],"setting_input":{"raw_data_format":)"
      R"({"columns":[{"name":"id","data_type":"Int64"},{"name":"v","data_type":"String"}],)"
      R"("data":[[1,2],["a","b"]]}}})";
  auto writer = [](int id, const std::string& table, const std::string& mode) {
    return R"({"id":)" + std::to_string(id) +
           R"(,"type":"catalog_writer","input_ids":[1],"setting_input":)"
           R"({"catalog_write_settings":{"table_name":")" +
           table + R"(","write_mode":")" + mode + R"(","merge_keys":["id"]}}})";
  };
  return R"({"flowfile_version":"1","flowfile_id":1,"flowfile_name":"lineage",)"
         R"("flowfile_settings":{},"nodes":[)" +
         input + "," + writer(2, "raw.one", "overwrite") + "," + writer(3, "raw.two", "upsert") +
         "]}";
}

class FlowLineage : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* old = std::getenv("FLOWFILE_HOME")) saved_home_ = old;
    ::setenv("FLOWFILE_HOME", home_.dir().c_str(), 1);
    std::filesystem::create_directories(home_.dir() / "flows");
    // Owner-only, as Flowfile makes its home (else it warns).
    std::filesystem::permissions(home_.dir(), std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
    file_ = (home_.dir() / "flows" / "lineage.json").string();
    std::ofstream(file_) << LineageFlow();
  }
  void TearDown() override {
    if (saved_home_.empty()) {
      ::unsetenv("FLOWFILE_HOME");
    } else {
      ::setenv("FLOWFILE_HOME", saved_home_.c_str(), 1);
    }
  }

  static TableLineage::Write Latest(const std::string& table) {
    const TableLineage lineage = default_catalog().Lineage(table);
    EXPECT_FALSE(lineage.writes.empty()) << table;
    return lineage.writes.empty() ? TableLineage::Write{} : lineage.writes.front();
  }

  test_support::TempHome home_;
  std::string saved_home_;
  std::string file_;
};

TEST_F(FlowLineage, ARunOfAFlowFileRecordsTheFileAndOneRunIdForAllItsWrites) {
  const Flow flow = Flow::Open(file_);
  const FlowRunResult first = flow.Run();
  ASSERT_TRUE(first.ok) << first.error;
  const TableLineage::Write one = Latest("raw.one"), two = Latest("raw.two");
  EXPECT_EQ(one.flow_path, file_);
  EXPECT_EQ(two.flow_path, file_);
  EXPECT_FALSE(one.run_id.empty());
  EXPECT_EQ(one.run_id, two.run_id);  // one id per Flow::Run

  const FlowRunResult second = flow.Run();  // a new run: a new id; the upsert is a MERGE now
  ASSERT_TRUE(second.ok) << second.error;
  const TableLineage::Write again = Latest("raw.two");
  EXPECT_EQ(again.version, 1);
  EXPECT_EQ(again.operation, "MERGE");
  EXPECT_EQ(again.flow_path, file_);
  EXPECT_NE(again.run_id, one.run_id);
  EXPECT_EQ(Latest("raw.one").run_id, again.run_id);
}

TEST_F(FlowLineage, TheProducerTravelsInTheCommitItself) {
  ASSERT_TRUE(Flow::Open(file_).Run().ok);
  // Another workspace that registers the table reads lineage from the log, not our store.
  const std::string location = default_catalog().GetTable("raw.one").location;
  std::ifstream log(std::filesystem::path(location) / "_delta_log" / "00000000000000000000.json");
  std::stringstream text;
  text << log.rdbuf();
  EXPECT_NE(text.str().find("\"flowfile.flowPath\":\"" + file_ + "\""), std::string::npos)
      << text.str();
}

TEST_F(FlowLineage, AFlowFromTextHasAProducerOnlyWhenTheRunNamesOne) {
  std::ifstream in(file_);
  std::stringstream text;
  text << in.rdbuf();
  const Flow flow = Flow::Parse(text.str(), "the flow", false);
  ASSERT_TRUE(flow.Run().ok);
  EXPECT_EQ(Latest("raw.one").flow_path, "");

  FlowRunOptions options;
  options.flow_path = file_;
  options.run_id = "designer-run-7";
  ASSERT_TRUE(flow.Run(options).ok);
  const TableLineage::Write write = Latest("raw.two");
  EXPECT_EQ(write.flow_path, file_);
  EXPECT_EQ(write.run_id, "designer-run-7");
}

TEST_F(FlowLineage, AScriptWriteGetsARunOfItsOwnAndNoProducer) {
  const FlowFrame frame = Flow::Open(file_).Frame(1);
  write_catalog_table(frame, "raw.script");
  write_catalog_table(frame, "raw.script");
  const TableLineage lineage = default_catalog().Lineage("raw.script");
  ASSERT_EQ(lineage.writes.size(), 2u);
  EXPECT_NE(lineage.writes[0].run_id, lineage.writes[1].run_id);
  EXPECT_EQ(lineage.writes[0].flow_path, "");
}

TEST_F(FlowLineage, ASubFlowsWritesNameTheChildFileAndTheParentsRun) {
  // flows/parent.json runs lineage.json (relative to itself) as a step.
  const std::string parent = (home_.dir() / "flows" / "parent.json").string();
  std::ofstream(parent)
      << R"({"flowfile_version":"1","flowfile_id":2,"flowfile_name":"parent",)"
         R"("flowfile_settings":{},"nodes":[{"id":1,"type":"run_flow","input_ids":[],)"
         R"("setting_input":{"flow_reference":{"flow_path":"lineage.json"}}}]})";
  FlowRunOptions options;
  options.run_id = "parent-run-1";
  const FlowRunResult result = Flow::Open(parent).Run(options);
  ASSERT_TRUE(result.ok) << result.error;
  for (const char* table : {"raw.one", "raw.two"}) {
    const TableLineage::Write write = Latest(table);
    EXPECT_EQ(write.flow_path, file_) << table;  // the file whose writer wrote it
    EXPECT_EQ(write.run_id, "parent-run-1") << table;
  }
}

}  // namespace
}  // namespace ff
