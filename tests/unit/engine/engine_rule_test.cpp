// The engine rule (engine/engine.hpp): every SQL the core runs is on a connection of the one
// engine database, so the limits a user configures hold for Delta writes, catalog writes and
// their sessions too, not only for frames.
#include <gtest/gtest.h>

#include <filesystem>

#include "../catalog/catalog_test_support.hpp"
#include "delta/sql_session.hpp"
#include "engine/engine.hpp"
#include "engine/session.hpp"
#include "flowfile/delta.hpp"

namespace ff {
namespace {

// Sets threads=1, a memory limit and a spill folder for one test and puts the previous values
// back.
class EngineLimits : public test_support::CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    saved_ = engine::Engine::Get().settings();
    auto connection = engine::Engine::Get().Acquire();
    saved_memory_ = connection->QueryText("SELECT current_setting('memory_limit')")[0][0].value();
    saved_temp_ = connection->QueryText("SELECT current_setting('temp_directory')")[0][0].value();
    engine::EngineSettings limits;
    limits.threads = 1;
    limits.memory_limit = "345MB";
    limits.temp_directory = (home_.dir().parent_path() / "spill").string();
    engine::Engine::Get().Configure(limits);
  }
  void TearDown() override {
    engine::EngineSettings restore = saved_;
    restore.memory_limit = saved_memory_;
    restore.temp_directory = saved_temp_;
    engine::Engine::Get().Configure(restore);
    CatalogTest::TearDown();
  }

  static constexpr const char* kSettingsSql =
      "SELECT current_setting('threads')::VARCHAR AS threads, "
      "current_setting('memory_limit')::VARCHAR AS memory_limit, "
      "current_setting('temp_directory')::VARCHAR AS temp_directory";

  engine::EngineSettings saved_;
  std::string saved_memory_;
  std::string saved_temp_;
};

TEST_F(EngineLimits, SessionsOfTheDeltaAndCatalogCodeRunUnderTheConfiguredLimits) {
  engine::Session session;
  const auto expected = session.QueryText(kSettingsSql);
  ASSERT_EQ(expected[0][0], "1");
  EXPECT_NE(expected[0][1]->find("MiB"), std::string::npos) << *expected[0][1];
  EXPECT_EQ(expected[0][2], (home_.dir().parent_path() / "spill").string());

  delta::SqlSession write_session;
  EXPECT_EQ(write_session.QueryText(kSettingsSql, "settings"), expected);

  // A Delta write's source SQL runs in the write's own session: its rows record the settings.
  const std::filesystem::path root = home_.dir().parent_path() / "limits_delta";
  delta::WriteRequest request;
  request.table_root = root.string();
  request.source_sql = kSettingsSql;
  delta::WriteTable(request);
  const delta::Snapshot snapshot = delta::LoadSnapshot(root.string());
  EXPECT_EQ(session.QueryText(delta::DeltaScanSql(snapshot)), expected);

  // So does a catalog write's (every mode shares the session), and the preview reads it back.
  Write("limits", kSettingsSql);
  const CatalogPreview preview = catalog_->Preview("limits");
  EXPECT_EQ(preview.columns,
            (std::vector<std::string>{"threads", "memory_limit", "temp_directory"}));
  EXPECT_EQ(preview.rows, expected);
  Write("limits", kSettingsSql, CatalogWriteMode::kUpsert, {"threads"});
  EXPECT_EQ(catalog_->Preview("limits").rows, expected);
}

TEST_F(EngineLimits, ASessionsTimeZoneStaysItsOwn) {
  auto pooled = engine::Engine::Get().Acquire();
  const auto zone = pooled->QueryText("SELECT current_setting('TimeZone')");
  {
    engine::Session session;
    session.Execute("SET TimeZone = 'America/New_York'");
    EXPECT_EQ(session.QueryText("SELECT current_setting('TimeZone')")[0][0], "America/New_York");
    delta::SqlSession write_session;
    EXPECT_EQ(write_session.QueryText("SELECT current_setting('TimeZone')", "zone")[0][0], "UTC");
  }
  EXPECT_EQ(pooled->QueryText("SELECT current_setting('TimeZone')"), zone);
}

}  // namespace
}  // namespace ff
