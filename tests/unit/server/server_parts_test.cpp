// The web server's pure parts: route matching, the Host/Origin guard, body checks and static
// file confinement. (The server as a whole is tested end to end in tests/python.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "server/body_schema.hpp"
#include "server/origin_guard.hpp"
#include "server/router.hpp"
#include "server/static_files.hpp"

namespace ff::server {
namespace {

namespace fs = std::filesystem;

Route Get(const std::string& path) {
  return {.method = "GET", .path = path, .handler = [](Call&) { return Reply{}; }};
}

TEST(ServerRouter, MatchesPlaceholdersOneSegmentEach) {
  Router router({Get("/api/v1/a/{name}"), Get("/api/v1/a/{name}/b")});
  auto match = router.Match("GET", "/api/v1/a/x");
  ASSERT_TRUE(match && match->route);
  EXPECT_EQ(match->params.at("name"), "x");
  EXPECT_EQ(router.Match("GET", "/api/v1/a/x/b")->route->path, "/api/v1/a/{name}/b");
  EXPECT_FALSE(router.Match("GET", "/api/v1/a/x/y/b"));
  EXPECT_FALSE(router.Match("GET", "/api/v1/a"));
}

TEST(ServerRouter, RefusesDotSegmentsAndEmptySegments) {
  Router router({Get("/api/v1/a/{name}")});
  EXPECT_FALSE(router.Match("GET", "/api/v1/a/.."));
  EXPECT_FALSE(router.Match("GET", "/api/v1/a/."));
  EXPECT_FALSE(router.Match("GET", "/api/v1/a/"));
  EXPECT_FALSE(router.Match("GET", "/api/v1//a/x"));
}

TEST(ServerRouter, OtherMethodsAre405AndHeadIsGet) {
  Router router({Get("/api/v1/s")});
  auto post = router.Match("POST", "/api/v1/s");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->route, nullptr);
  EXPECT_NE(router.Match("HEAD", "/api/v1/s")->route, nullptr);
}

TEST(ServerOriginGuard, AcceptsOnlyThisServer) {
  OriginGuard guard("127.0.0.1", 8080);
  EXPECT_TRUE(guard.HostOk("127.0.0.1:8080"));
  EXPECT_TRUE(guard.HostOk("LOCALHOST:8080"));
  EXPECT_TRUE(guard.HostOk("[::1]:8080"));
  EXPECT_FALSE(guard.HostOk("127.0.0.1:8081"));
  EXPECT_FALSE(guard.HostOk("evil.example:8080"));
  EXPECT_FALSE(guard.HostOk(""));
  EXPECT_TRUE(guard.OriginOk(""));
  EXPECT_TRUE(guard.OriginOk("http://localhost:8080"));
  EXPECT_FALSE(guard.OriginOk("https://localhost:8080"));
  EXPECT_FALSE(guard.OriginOk("null"));
  EXPECT_FALSE(guard.OriginOk("http://evil.example:8080"));
  OriginGuard lan("192.168.1.5", 80);
  EXPECT_TRUE(lan.HostOk("192.168.1.5:80"));
  OriginGuard dev("127.0.0.1", 8080, {"http://localhost:5173/"});
  EXPECT_TRUE(dev.OriginOk("http://localhost:5173"));
  EXPECT_FALSE(dev.OriginOk("http://localhost:5174"));
  EXPECT_FALSE(dev.HostOk("localhost:5173"));
}

TEST(ServerBodySchema, NamesTheFieldAndWhatIsExpected) {
  const Json schema = {{"type", "object"},
                       {"required", {"name"}},
                       {"additionalProperties", false},
                       {"properties",
                        {{"name", {{"type", "string"}}},
                         {"port", {{"type", {"integer", "null"}}}},
                         {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
  EXPECT_NO_THROW(CheckBody({{"name", "a"}, {"port", nullptr}, {"tags", {"x"}}}, schema));
  auto message = [&](const Json& body) {
    try {
      CheckBody(body, schema);
    } catch (const ApiError& e) {
      EXPECT_EQ(e.status(), 400);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message({{"port", 1}}), "body: the field 'name' is required");
  EXPECT_EQ(message({{"name", "a"}, {"port", "x"}}),
            "body.port: expected integer or null, got string");
  EXPECT_EQ(message({{"name", "a"}, {"tags", {1}}}), "body.tags[0]: expected string, got integer");
  EXPECT_EQ(message({{"name", "a"}, {"extra", 1}}), "body: unknown field 'extra'");
  EXPECT_EQ(message(Json::array()), "body: expected object, got array");
}

TEST(ServerStaticFiles, ServesInsideTheFolderOnly) {
  const fs::path root = fs::temp_directory_path() / ("ff_static_" + std::to_string(::getpid()));
  fs::create_directories(root / "web" / "assets");
  std::ofstream(root / "web" / "index.html") << "<!doctype html>";
  std::ofstream(root / "web" / "assets" / "app.js") << "1";
  std::ofstream(root / "outside.txt") << "secret";
  fs::create_symlink(root / "outside.txt", root / "web" / "assets" / "link.txt");
  StaticFiles files(root / "web");
  ASSERT_TRUE(files.built());
  EXPECT_EQ(files.Find("/assets/app.js")->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(files.Find("/")->body, "<!doctype html>");
  EXPECT_EQ(files.Find("/catalog")->body, "<!doctype html>");  // the app's own routes
  EXPECT_FALSE(files.Find("/assets/link.txt"));
  EXPECT_FALSE(files.Find("/../outside.txt"));
  EXPECT_FALSE(files.Find("/assets/../../outside.txt"));
  EXPECT_FALSE(files.Find("/assets/missing.js"));
  StaticFiles none(root / "nothing");
  EXPECT_FALSE(none.built());
  EXPECT_NE(none.Find("/")->body.find("not built"), std::string::npos);
  EXPECT_FALSE(none.Find("/assets/app.js"));
  fs::remove_all(root);
}

}  // namespace
}  // namespace ff::server
