#include "store/store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "flowfile/errors.hpp"
#include "store/migrations.hpp"
#include "temp_home.hpp"

namespace ff {
namespace {

TEST(Store, CreatesOwnerOnlyAndMigrates) {
  test_support::TempHome home;
  std::filesystem::create_directories(home.dir());
  auto store = Store::Open(home.dir() / "s.db");
  struct stat st {};
  ASSERT_EQ(::stat((home.dir() / "s.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(store->SchemaVersion(), static_cast<int>(StoreMigrations().size()));
  // Re-opening does not migrate again.
  store.reset();
  EXPECT_EQ(Store::Open(home.dir() / "s.db")->SchemaVersion(),
            static_cast<int>(StoreMigrations().size()));
}

TEST(Store, TransactionRollsBackOnThrow) {
  test_support::TempHome home;
  std::filesystem::create_directories(home.dir());
  auto store = Store::Open(home.dir() / "s.db");
  EXPECT_THROW(store->Transaction([&] {
    store->Execute(
        "INSERT INTO audit_events (time, actor, action, object_kind, object_name, "
        "outcome) VALUES ('t', 'a', 'create', 'secret', 'x', 'ok')");
    throw Error(ErrorCode::kInternal, "boom");
  }),
               Error);
  auto s = store->Prepare("SELECT count(*) FROM audit_events");
  ASSERT_TRUE(s.Step());
  EXPECT_EQ(s.Int(0), 0);
}

TEST(Store, RefusesANewerSchema) {
  test_support::TempHome home;
  std::filesystem::create_directories(home.dir());
  Store::Open(home.dir() / "s.db")->Execute("PRAGMA user_version = 999");
  try {
    Store::Open(home.dir() / "s.db");
    FAIL() << "expected a throw";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 999, newer than this Flowfile"),
              std::string::npos)
        << e.what();
  }
}

TEST(UtcNow, IsIso8601WithMilliseconds) {
  std::string now = UtcNow();
  ASSERT_EQ(now.size(), 24u) << now;
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now.back(), 'Z');
}

}  // namespace
}  // namespace ff
