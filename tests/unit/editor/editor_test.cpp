// ff::open_graph_in_editor: the flow lands in the home's flows/ folder; a running server of the
// home (the real web server, in this process, published in <home>/ui/server.json as
// `flowfile ui` does) is reused; with none and no program to start one, a warning names the
// saved file.
#include "flowfile/editor.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "editor/editor_server.hpp"
#include "editor/url_path.hpp"
#include "flowfile/frame.hpp"
#include "server/server.hpp"
#include "temp_home.hpp"

namespace ff {
namespace {

namespace fs = std::filesystem;

// FLOWFILE_HOME and FLOWFILE_CLI for one test.
class EditorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(home_.dir());
    ::setenv("FLOWFILE_HOME", home_.dir().c_str(), 1);
    // No program can be started: a test that passes did not start one.
    ::setenv("FLOWFILE_CLI", (home_.dir() / "no-such-flowfile").c_str(), 1);
  }
  void TearDown() override {
    ::unsetenv("FLOWFILE_HOME");
    ::unsetenv("FLOWFILE_CLI");
  }
  static FlowFrame Frame() {
    const Value one{.kind = Value::Kind::kInt, .integer = 1};
    return from_columns({{"a", {one}}}).filter(col("a") > 0, {.description = "Keep positive"});
  }
  static EditorOptions Quiet(const std::string& location = "") {
    return {.storage_location = location, .open_browser = false, .print_url = false, .warn = false};
  }
  test_support::TempHome home_;
};

TEST(EditorUrlPath, EncodesAllButUnreservedAndSlash) {
  EXPECT_EQ(editor::PercentEncodePath("flows/a b&c.yaml"), "flows/a%20b%26c.yaml");
  EXPECT_EQ(editor::PercentEncodePath("flows/x-1_~.yml"), "flows/x-1_~.yml");
  EXPECT_EQ(editor::PercentEncodePath("flows/\xC3\xA9#?"), "flows/%C3%A9%23%3F");
}

TEST_F(EditorTest, ServerFileMustNamePortAndToken) {
  EXPECT_FALSE(editor::ReadServerInfo(home_.dir()));
  fs::create_directories(home_.dir() / "ui");
  std::ofstream(home_.dir() / "ui" / "server.json") << "{not json";
  EXPECT_FALSE(editor::ReadServerInfo(home_.dir()));
  std::ofstream(home_.dir() / "ui" / "server.json") << R"({"pid": 7, "port": 0, "token": "t"})";
  EXPECT_FALSE(editor::ReadServerInfo(home_.dir()));
  std::ofstream(home_.dir() / "ui" / "server.json") << R"({"pid": 7, "port": 9, "token": "t"})";
  const auto info = editor::ReadServerInfo(home_.dir());
  ASSERT_TRUE(info);
  EXPECT_EQ(info->port, 9);
  EXPECT_FALSE(editor::Answers(*info));  // nobody answers there: never trusted
}

TEST_F(EditorTest, WithoutAServerItWarnsAndKeepsTheFlow) {
  const EditorResult r = open_graph_in_editor(Frame(), Quiet("named"));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.path, (home_.dir() / "flows" / "named.yaml").string());
  EXPECT_TRUE(fs::exists(r.path));
  EXPECT_NE(r.warning.find("could not be reached or started"), std::string::npos) << r.warning;
  EXPECT_NE(r.warning.find("FLOWFILE_CLI names no program"), std::string::npos) << r.warning;
  EXPECT_NE(r.warning.find("saved at " + r.path), std::string::npos) << r.warning;
  // A path elsewhere is saved there, and the editor's copy goes to flows/.
  const fs::path elsewhere = home_.dir() / "out" / "mine.yml";
  const EditorResult copy = open_graph_in_editor(Frame(), Quiet(elsewhere.string()));
  EXPECT_TRUE(fs::exists(elsewhere));
  EXPECT_EQ(copy.path, (home_.dir() / "flows" / "mine.yml").string());
  // No name: flows/flow-<time>.yaml.
  const EditorResult stamped = open_graph_in_editor(Frame(), Quiet());
  EXPECT_EQ(fs::path(stamped.path).parent_path(), home_.dir() / "flows");
  EXPECT_EQ(fs::path(stamped.path).filename().string().rfind("flow-", 0), 0u);
}

TEST_F(EditorTest, ReusesTheRunningServerOfTheHome) {
  server::Server server({.workspace = home_.Open()});
  server.Bind();
  std::thread serving([&server] { server.Run(); });
  const std::string url = server.url();
  const std::string token = url.substr(url.find("token=") + 6);
  fs::create_directories(home_.dir() / "ui");
  std::ofstream(home_.dir() / "ui" / "server.json")
      << nlohmann::json{{"pid", ::getpid()}, {"port", server.port()}, {"token", token}}.dump();

  const EditorResult r = open_graph_in_editor(Frame(), Quiet("reused.yaml"));
  server.Stop();
  serving.join();
  ASSERT_TRUE(r.ok) << r.warning;
  EXPECT_FALSE(r.started_server);  // FLOWFILE_CLI names nothing: starting would have failed
  EXPECT_EQ(r.server_pid, ::getpid());
  EXPECT_EQ(r.url, "http://127.0.0.1:" + std::to_string(server.port()) + "/?token=" + token +
                       "#/designer?flow=flows/reused.yaml");
}

}  // namespace
}  // namespace ff
